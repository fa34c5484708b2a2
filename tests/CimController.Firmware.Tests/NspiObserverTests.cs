using System;
using System.Linq;
using System.Threading;
using CimController.Firmware.Desktop;
using CimController.Firmware.Desktop.Nspi;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CimController.Firmware.Tests.NspiTestData;

namespace CimController.Firmware.Tests;

/// <summary>
/// The NSPI server's transfer observer: it sees the watchdog's soft reset sent by the firmware core through the socket,
/// and through it the serving thread is seen to allocate nothing per transfer after warm-up.
/// </summary>
[TestClass]
public sealed class NspiObserverTests
{
    [TestMethod]
    public void ObserverSeesTheWatchdogsSoftResetFromTheFirmwareCore()
    {
        using var f = new NspiServerFixture(NspiBoard.RegisterMap(Options()));
        byte[] softReset = { SpiOpcode.WriteRegister, BoardRegister.Control, (byte)BoardCommand.SoftReset, 0, 0, 0 };
        using var seen = new ManualResetEventSlim(false);
        int observed = 0;
        f.Server.Observer = (bus, chipSelect, mode, bytesOut, bytesIn) =>
        {
            Interlocked.Increment(ref observed);
            if (bus == 1 && chipSelect == 5 && mode == 0 && bytesOut.SequenceEqual(softReset) && bytesIn.Length == 6)
                seen.Set();
        };
        using var client = f.Connect();
        // The firmware core identifies the board through the socket, as it does on the ESP32.
        var clock = new FakeClock();
        var controller = new Controller(client, clock, FirmwareHost.ConfigFor(f.Board.Emulator!.Profile, "nspi"));
        Assert.AreEqual(64, controller.Board.Rows);
        Assert.IsFalse(seen.IsSet, "no SOFT_RESET while identifying the board");

        // The host falls silent for 6 s: the watchdog puts the board in its safe state (SOFT_RESET over SPI).
        var watchdog = new SilenceWatchdogLink(new ScriptedLink(clock).Silence(6000), controller.Board, clock, 5000);
        Assert.AreEqual(0, watchdog.Read(new byte[1], 0, 1, 0));
        Assert.IsTrue(seen.Wait(Wait), "the observer did not see SOFT_RESET on bus 1 CS 5");
        Assert.AreEqual(1, watchdog.SafeStates);
        Assert.AreEqual(f.Server.TransferCount, Volatile.Read(ref observed), "one observer call per transfer");
    }

    [TestMethod]
    public void ServingAllocatesNothingPerTransferAfterWarmUp()
    {
        using var f = new NspiServerFixture(NspiBoard.RegisterMap(Options()));
        var allocated = new long[2];
        int calls = 0;
        f.Server.Observer = (_, _, _, _, _) =>
        {
            int n = Interlocked.Increment(ref calls);
            if (n == 10) allocated[0] = GC.GetAllocatedBytesForCurrentThread();
            if (n == 510) allocated[1] = GC.GetAllocatedBytesForCurrentThread();
        };
        using var client = f.Connect();
        for (int i = 0; i < 510; i++)
            client.AssertIdIsCimb();
        Assert.AreEqual(0, allocated[1] - allocated[0], "bytes the serving thread allocated over 500 transfers");
    }
}
