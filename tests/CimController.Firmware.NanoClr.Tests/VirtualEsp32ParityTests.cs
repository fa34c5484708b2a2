using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Firmware.Desktop.Esp32;
using CimController.Host;
using CimController.Host.Transports;
using CimController.Inference;
using CimController.LocalBoard;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// The same host session against the desktop runner and against the real image on the virtual ESP32, each over a
/// b-RRAM board emulated with the same seed: every reply is byte for byte the same, but for the fields that carry time or
/// a platform's figure (Stats' uptime and free heap, the elapsed milliseconds of WriteVerify and Forward).
/// </summary>
[TestClass]
public sealed class VirtualEsp32ParityTests
{
    private const int Seed = 23;

    [TestMethod]
    public void TheDesktopRunnerAndTheVirtualEsp32AnswerTheSameBytes()
    {
        NanoClrKit kit = NanoClrKit.Require();
        List<(byte Type, byte[] Payload)> esp32Replies;
        InfoMessage esp32Info;
        using (VirtualEsp32 esp32 = VirtualEsp32Fixture.Start(kit, seed: Seed))
        {
            var transport = new CapturingTransport(new SerialTransport(esp32.SerialPath, 921600));
            using (var client = new CimClient(transport, new CimClientOptions { TimeoutMs = 60_000, ClientName = "parity" }))
            {
                esp32Info = client.Connect();
                Session(client, esp32.Board.Board.Emulator!);
            }
            esp32Replies = transport.Replies();
        }

        // the desktop firmware with the configuration the image reported
        var emulator = new EmulatorOptions { ProfileName = "brram", Seed = Seed };
        using EmulatedFirmware desktop = EmulatedFirmware.Start(emulator, config =>
        {
            config.BoardKind = esp32Info.BoardKind;
            config.ProfileName = esp32Info.ProfileName;
            config.FirmwareVersion = esp32Info.FirmwareVersion;
            config.ReadMillivolts = esp32Info.ReadMillivolts;
            config.MaxSetMillivolts = esp32Info.MaxSetMillivolts;
            config.MaxResetMillivolts = esp32Info.MaxResetMillivolts;
            config.MinPulseWidthNs = esp32Info.MinPulseWidthNs;
            config.MaxPulseWidthNs = esp32Info.MaxPulseWidthNs;
            config.MaxPayload = esp32Info.MaxPayload;
        });
        var desktopTransport = new CapturingTransport(new InProcessTransport(desktop.HostEnd, null));
        using (var client = new CimClient(desktopTransport, new CimClientOptions { TimeoutMs = 60_000, ClientName = "parity" }))
        {
            client.Connect();
            Session(client, desktop.Emulator);
        }
        List<(byte Type, byte[] Payload)> desktopReplies = desktopTransport.Replies();

        Console.WriteLine($"{esp32Replies.Count} replies from the virtual ESP32, {desktopReplies.Count} from the desktop runner");
        Assert.AreEqual(desktopReplies.Count, esp32Replies.Count);
        for (int i = 0; i < esp32Replies.Count; i++)
        {
            var (type, esp) = esp32Replies[i];
            Assert.AreEqual(desktopReplies[i].Type, type, $"reply {i}");
            byte[] a = Masked(type, desktopReplies[i].Payload), b = Masked(type, esp);
            CollectionAssert.AreEqual(a, b, $"reply {i} ({MessageType.Name(type)}): desktop {Convert.ToHexString(a)} vs virtual ESP32 {Convert.ToHexString(b)}");
        }
    }

    /// <summary>Every command the comparison covers, refusals included.</summary>
    private static void Session(CimClient c, BoardEmulator board)
    {
        c.Reset();
        c.ReadConductance(0, 0, 4, 0, 8, averages: 2);
        byte[] codes = Scenarios.Bytes(64 * 16, 2301);
        c.Vmm(0, 0, 64, 0, 64, codes, 16);
        c.Vmm(1, 0, 64, 0, 32, codes, 16, differential: true, conversions: 8);
        c.Pulse(2, 3, 4, 2800, 1000, count: 3, averages: 2);
        Assert.ThrowsExactly<CimProtocolException>(() => c.Pulse(2, 3, 4, 3200, 1000));
        c.WriteVerifyRegion(3, 0, 2, 0, 4, Enumerable.Range(0, 8).Select(i => (uint)(10_000 + 2_500 * i)).ToArray(), new WriteVerifyOptions { Averages = 2 });
        Assert.ThrowsExactly<CimProtocolException>(() => c.FfpGetTable());
        Deployment d = Scenarios.DeployLeNet(c, board, 2302);
        c.Forward(d.ProgramId, Scenarios.Bytes(784 * 3, 2303), 0, 3, 784);
        c.Stats();
    }

    /// <summary>The payload with its time and platform fields zeroed (offsets from shared/PROTOCOL.md).</summary>
    private static byte[] Masked(byte type, byte[] payload)
    {
        byte[] p = (byte[])payload.Clone();
        void Zero(int at, int n) { if (p.Length >= at + n) Array.Clear(p, at, n); }
        if (type == MessageType.StatsResult) { Zero(60, 4); Zero(68, 4); } // uptime ms; free heap (reported by the ESP32 only)
        if (type == MessageType.WriteVerifyResult) Zero(6, 4);            // elapsed ms
        if (type == MessageType.ForwardResult) Zero(20, 4);               // elapsed ms
        return p;
    }
}
