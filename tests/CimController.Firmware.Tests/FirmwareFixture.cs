using System;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>The firmware over a noise-free emulated board (ideal profile), driven frame by frame.</summary>
public sealed class FirmwareFixture : IDisposable
{
    public FirmwareFixture(int seed, Action<FirmwareConfig>? configure = null, int rows = 64, FakeClock? clock = null)
    {
        Seed = seed;
        Console.WriteLine($"emulator seed {seed}, profile ideal, noise off, {rows} rows");
        Clock = clock ?? new FakeClock();
        Host = FirmwareHost.Create(FirmwareHost.EmulatorBoard,
            new EmulatorOptions { ProfileName = "ideal", Noise = false, Seed = seed, Rows = rows }, configure, Clock);
        ReplyBuffer = new byte[Controller.ReplyBufferLength];
    }

    public int Seed { get; }
    public FakeClock Clock { get; }
    public FirmwareHost Host { get; }
    public Controller Controller => Host.Controller;
    public BoardEmulator Board => Host.Emulator!;
    public byte[] ReplyBuffer { get; }

    /// <summary>Sends one frame through <see cref="Controller.HandleFrame"/> and decodes the reply.</summary>
    public Reply Send(byte[] frame)
    {
        int n = Controller.HandleFrame(frame, frame.Length, ReplyBuffer);
        var reply = TestFrames.Decode(ReplyBuffer, n);
        Assert.AreEqual(FrameFlags.Reply, reply.Flags, "replies carry FrameFlags.Reply");
        return reply;
    }

    /// <summary>
    /// The ideal profile's ADC code for one column: I = V_read * sum_r G[r][c] * x_r / 256,
    /// code = clamp(I / LSB), as a real number (before rounding).
    /// </summary>
    public double ExpectedCode(int tile, int row0, int rows, int col, byte[] inputs, int inputOffset)
    {
        double readVolts = Controller.Board.ReadMicrovolts / 1e6;
        double lsbMicroamps = Controller.Board.AdcFullScaleNanoamps / 1000.0 / ((1 << Controller.Board.AdcBits) - 1);
        double current = 0;
        for (int r = 0; r < rows; r++)
        {
            current += Board.GetConductanceMicrosiemens(tile, row0 + r, col) * inputs[inputOffset + r] / 256.0;
        }
        current *= readVolts;
        return Math.Clamp(current / lsbMicroamps, 0, (1 << Controller.Board.AdcBits) - 1);
    }

    public void Dispose() => Host.Dispose();
}
