using CimController.Firmware;

namespace CimController.DiscreteBoard.Tests;

/// <summary>One board clock shared by the firmware's waits and the emulator's physics: a wait advances it.</summary>
public sealed class BoardClock : IDelay, IClock
{
    public long Microseconds { get; set; }

    public void DelayMicroseconds(int microseconds) => Microseconds += microseconds;

    public long NowMs => Microseconds / 1000;

    public long Now() => Microseconds;
}
