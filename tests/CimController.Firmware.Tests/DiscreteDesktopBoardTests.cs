using System;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>The desktop firmware over the emulated discrete DAC/ADC board, and the board names cimfw accepts.</summary>
[TestClass]
public sealed class DiscreteDesktopBoardTests
{
    [TestMethod]
    public void EmulatedDiscreteBoardIsServedThroughTheController()
    {
        const int seed = 9;
        Console.WriteLine($"seed {seed}");
        using var host = FirmwareHost.Create(FirmwareHost.DiscreteEmulatorBoard, new EmulatorOptions { ProfileName = "brram", Seed = seed });
        Assert.IsNotNull(host.DiscreteEmulator);
        var reply = new byte[host.Controller.ReplyBufferLength];
        byte[] hello = TestFrames.Hello(1);
        Reply info = TestFrames.Decode(reply, host.Controller.HandleFrame(hello, hello.Length, reply));
        var m = new InfoMessage();
        m.Read(info.Reader());
        Assert.AreEqual(("discrete-emulator", 1, 3, 4), (m.BoardKind, m.Tiles, m.Rows, m.Columns));

        host.DiscreteEmulator!.SetConductanceMicrosiemens(2, 1, 20);
        byte[] read = TestFrames.ReadConductance(2, 0, 2, 1, 1, 1, 4);
        Reply g = TestFrames.Decode(reply, host.Controller.HandleFrame(read, read.Length, reply));
        Assert.AreEqual(MessageType.Conductance, g.Type);
        var r = g.Reader();
        r.ReadUInt16();
        r.ReadUInt16();
        r.ReadUInt16();
        Assert.AreEqual(20.0, r.ReadUInt32() / 1000.0, 1.0);
    }

    [TestMethod]
    public void BoardNamesAreCheckedWithTheAcceptedForms()
    {
        FirmwareHost.CheckBoardName("emulator");
        FirmwareHost.CheckBoardName("emulator-discrete");
        FirmwareHost.CheckBoardName("spidev:/dev/spidev0.0");
        FirmwareHost.CheckBoardName("discrete-spidev:/dev/spidev0.0,/dev/spidev0.1");
        var e = Assert.ThrowsExactly<FormatException>(() => FirmwareHost.CheckBoardName("discrete-spidev:/dev/spidev0.0"));
        StringAssert.Contains(e.Message, "accepted: emulator, emulator-discrete");
        Assert.ThrowsExactly<FormatException>(() => FirmwareHost.CheckBoardName("spidev:/dev/ttyS0"));
    }
}
