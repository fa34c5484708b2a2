using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Reflection;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Firmware.Desktop.Recording;
using CimController.Firmware.Transcripts;
using CimController.Host;
using CimController.Host.Transports;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>The transcript format, the recorder on a real server, and what a replay says when the firmware differs.</summary>
[TestClass]
public sealed class TranscriptTests
{
    [TestMethod]
    public void TheHeaderCarriesEveryConfigurationAndBoardDefinitionField()
    {
        var config = new FirmwareConfig();
        var board = new DiscreteBoardDefinition();
        int k = 7;
        foreach (object target in new object[] { config, board })
            foreach (FieldInfo f in target.GetType().GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                k++;
                object v = f.FieldType == typeof(string) ? "v" + k
                    : f.FieldType == typeof(int) ? k
                    : f.FieldType == typeof(uint) ? (uint)k
                    : f.FieldType == typeof(bool) ? !(bool)f.GetValue(target)!
                    : f.FieldType == typeof(int[]) ? new[] { k, k + 1 }
                    : throw new AssertFailedException($"{target.GetType().Name}.{f.Name} is a {f.FieldType.Name}: teach TranscriptHeader and this test about it");
                f.SetValue(target, v);
            }
        var header = new TranscriptHeader { Name = "all fields", BoardKind = TranscriptFormat.DiscreteBoard, WatchdogSilenceMs = 1234, Config = config, Discrete = board };
        var stream = new MemoryStream();
        var w = new TranscriptWriter(new StreamSinkForTests(stream));
        w.Begin(header);
        w.End();
        TranscriptHeader back = TranscriptHeader.ReadFrom(new TranscriptReader(new MemorySource(stream.ToArray())));
        Assert.AreEqual("all fields", back.Name);
        Assert.AreEqual(1234, back.WatchdogSilenceMs);
        foreach ((object a, object b) in new[] { ((object)config, (object)back.Config), (board, back.Discrete!) })
            foreach (FieldInfo f in a.GetType().GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                object? x = f.GetValue(a), y = f.GetValue(b);
                if (x is int[] xs) CollectionAssert.AreEqual(xs, (int[])y!, f.Name);
                else Assert.AreEqual(x, y, $"{a.GetType().Name}.{f.Name} did not survive the header");
            }
    }

    /// <summary>A format-1 transcript (before the memory budgets were recorded) still reads, with the default budgets.</summary>
    [TestMethod]
    public void AFormatOneHeaderReadsWithTheDefaultMemoryBudgets()
    {
        var config = new FirmwareConfig { TrainMemoryLimitBytes = 16 * 1024, ForwardMemoryLimitBytes = 28 * 1024 };
        var stream = new MemoryStream();
        var w = new TranscriptWriter(new StreamSinkForTests(stream));
        w.Begin(new TranscriptHeader { Name = "budgets", BoardKind = TranscriptFormat.RegisterMapBoard, Config = config });
        w.End();
        byte[] two = stream.ToArray();
        TranscriptHeader back = TranscriptHeader.ReadFrom(new TranscriptReader(new MemorySource(two)));
        Assert.AreEqual(16 * 1024, back.Config.TrainMemoryLimitBytes);
        Assert.AreEqual(28 * 1024, back.Config.ForwardMemoryLimitBytes);

        // format 1: the same header without the two budgets (the last 8 bytes before the End event) and version byte 1
        byte[] one = two.Take(two.Length - 9).Concat(two.Skip(two.Length - 1)).ToArray();
        one[4] = 1;
        TranscriptHeader old = TranscriptHeader.ReadFrom(new TranscriptReader(new MemorySource(one)));
        Assert.AreEqual("budgets", old.Name);
        Assert.AreEqual(FirmwareConfig.DefaultTrainMemoryLimitBytes, old.Config.TrainMemoryLimitBytes);
        Assert.AreEqual(new FirmwareConfig().ForwardMemoryLimitBytes, old.Config.ForwardMemoryLimitBytes);

        two[4] = 3;
        var e = Assert.ThrowsExactly<TranscriptFormatException>(() => TranscriptHeader.ReadFrom(new TranscriptReader(new MemorySource(two))));
        StringAssert.Contains(e.Message, "transcript format version 3 is not supported; this replayer reads versions 1 to 2");
    }

    [TestMethod]
    public void ADifferentSpiByteNamesTheTranscriptTheTransactionAndBothByteStrings()
    {
        byte[] t = (byte[])RecordedScenarios.Of("pulses").Clone();
        var (_, events) = TranscriptEvents.Read(t);
        var spi = events.Where(e => e.Kind == TranscriptFormat.Spi).ToList();
        TranscriptEvent target = spi[20];
        t[TranscriptEvents.DataOffset(target) + 1] ^= 0x01;
        ReplayOutcome r = DesktopReplay.Run(t);
        Console.WriteLine(r.Failure);
        Assert.IsFalse(r.Passed);
        StringAssert.Contains(r.Failure, "transcript 'pulses'");
        StringAssert.Contains(r.Failure, "event " + events.IndexOf(target));
        StringAssert.Contains(r.Failure, "SPI transaction 20 differs first at byte 1");
        StringAssert.Contains(r.Failure, Hex(target.Data));
        var damaged = (byte[])target.Data.Clone();
        damaged[1] ^= 0x01;
        StringAssert.Contains(r.Failure, Hex(damaged));
    }

    [TestMethod]
    public void ADifferentReplyFrameNamesTheFrameAndBothByteStrings()
    {
        byte[] t = (byte[])RecordedScenarios.Of("session-basics").Clone();
        var (_, events) = TranscriptEvents.Read(t);
        TranscriptEvent frame = events.Where(e => e.Kind == TranscriptFormat.LinkWrite).Skip(2).First();
        t[TranscriptEvents.DataOffset(frame) + 9] ^= 0x80;
        ReplayOutcome r = DesktopReplay.Run(t);
        Console.WriteLine(r.Failure);
        Assert.IsFalse(r.Passed);
        StringAssert.Contains(r.Failure, "frame 2 out differs first at byte 9");
        StringAssert.Contains(r.Failure, Hex(frame.Data));
    }

    [TestMethod]
    public void ACutOrForeignTranscriptIsRefusedWithItsReason()
    {
        byte[] whole = RecordedScenarios.Of("vmm");
        ReplayOutcome cut = DesktopReplay.Run(whole.AsSpan(0, whole.Length / 2).ToArray());
        Assert.IsFalse(cut.Passed);
        StringAssert.Contains(cut.Failure, "ends at byte");
        var foreign = (byte[])whole.Clone();
        foreign[0] = (byte)'X';
        var e = Assert.ThrowsExactly<TranscriptFormatException>(() => DesktopReplay.Run(foreign));
        StringAssert.Contains(e.Message, "is not a transcript header");
    }

    [TestMethod]
    public void TheRecorderOnTheTcpServerRecordsEveryConnectionAndTheSessionReplaysHoweverItStopped()
    {
        var output = new MemoryStream();
        var recorder = new SessionRecorder(output, "tcp");
        using (var host = FirmwareHost.Create("emulator", new EmulatorOptions { ProfileName = "brram", Seed = 5 }, recorder: recorder))
        using (var server = new TcpFirmwareServer(host.Controller, new IPEndPoint(IPAddress.Loopback, 0)) { WrapLink = recorder.Link })
        {
            server.Start();
            for (int connection = 0; connection < 2; connection++)
            {
                using var client = new CimClient(new TcpTransport("127.0.0.1", server.LocalEndPoint.Port), new CimClientOptions { TimeoutMs = 10_000 });
                client.Connect();
                client.Vmm(0, 0, 64, 0, 8, Scenarios.Bytes(64 * 2, 77 + connection), 2);
                client.Stats();
            }
        }
        recorder.Finish();
        byte[] transcript = output.ToArray();
        Assert.AreEqual(2, TranscriptEvents.Read(transcript).Events.Count(e => e.Kind == TranscriptFormat.Serve));
        ReplayOutcome r = DesktopReplay.Run(transcript);
        Assert.IsTrue(r.Passed, r.Failure);
    }

    private static string Hex(byte[] b) => string.Join(" ", b.Select(x => x.ToString("X2")));

    private sealed class StreamSinkForTests(Stream s) : IByteSink
    {
        public void Write(byte[] buffer, int offset, int count) => s.Write(buffer, offset, count);
    }
}
