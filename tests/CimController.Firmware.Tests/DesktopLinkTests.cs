using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using CimController.Firmware.Desktop;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>The in-process link's blocking, timeout and close semantics; spidev name parsing; cimfw arguments.</summary>
[TestClass]
public sealed class DesktopLinkTests
{
    [TestMethod]
    public void InProcessLinkCarriesBytesBothWays()
    {
        InProcessLink.CreatePair(out var fw, out var host);
        host.Write(new byte[] { 1, 2, 3 }, 0, 3);
        fw.Write(new byte[] { 9 }, 0, 1);
        var buf = new byte[8];
        Assert.AreEqual(3, fw.Read(buf, 0, 8, 1000));
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, buf[..3]);
        Assert.AreEqual(1, host.Read(buf, 2, 8 - 2, 1000));
        Assert.AreEqual(9, buf[2]);
    }

    [TestMethod]
    public void InProcessReadTimesOutWithZero()
    {
        InProcessLink.CreatePair(out var fw, out _);
        var sw = Stopwatch.StartNew();
        Assert.AreEqual(0, fw.Read(new byte[4], 0, 4, 50));
        Assert.IsTrue(sw.ElapsedMilliseconds >= 40, $"returned after {sw.ElapsedMilliseconds} ms");
        Assert.AreEqual(0, fw.Read(new byte[4], 0, 4, 0));
    }

    [TestMethod]
    public void InProcessCloseDrainsThenReadsMinusOneAndFailsWrites()
    {
        InProcessLink.CreatePair(out var fw, out var host);
        host.Write(new byte[] { 7, 8 }, 0, 2);
        ((IDisposable)host).Dispose();
        var buf = new byte[4];
        Assert.AreEqual(2, fw.Read(buf, 0, 4, 1000));
        Assert.AreEqual(-1, fw.Read(buf, 0, 4, 1000));
        Assert.ThrowsExactly<IOException>(() => fw.Write(buf, 0, 1));
    }

    [TestMethod]
    public void InProcessCloseWakesABlockedReader()
    {
        InProcessLink.CreatePair(out var fw, out var host);
        int result = 0;
        var reader = new Thread(() => result = fw.Read(new byte[4], 0, 4, 60_000));
        reader.Start();
        ((IDisposable)host).Dispose();
        Assert.IsTrue(reader.Join(TimeSpan.FromSeconds(5)), "reader woke up on close");
        Assert.AreEqual(-1, result);
    }

    [TestMethod]
    public void InProcessWriterBlocksWhileFullUntilTheReaderDrains()
    {
        InProcessLink.CreatePair(16, out var fw, out var host);
        var written = new ManualResetEventSlim(false);
        var writer = new Thread(() => { host.Write(new byte[40], 0, 40); written.Set(); });
        writer.Start();
        Assert.IsFalse(written.Wait(100), "40 bytes cannot fit a 16-byte pipe before the reader drains it");
        var buf = new byte[64];
        int total = 0;
        long deadline = Environment.TickCount64 + 5000;
        while (total < 40 && Environment.TickCount64 < deadline)
        {
            int n = fw.Read(buf, 0, buf.Length, 200);
            if (n > 0) total += n;
        }
        Assert.AreEqual(40, total);
        Assert.IsTrue(writer.Join(TimeSpan.FromSeconds(5)));
    }

    [TestMethod]
    [DataRow("spidev:/dev/spidev0.0", 0, 0)]
    [DataRow("spidev:/dev/spidev1.2", 1, 2)]
    [DataRow("/dev/spidev10.1", 10, 1)]
    public void SpidevNamesParse(string name, int bus, int cs)
    {
        SpidevSpiBus.Parse(name, out int b, out int c);
        Assert.AreEqual(bus, b);
        Assert.AreEqual(cs, c);
    }

    [TestMethod]
    [DataRow("spidev:")]
    [DataRow("spidev:/dev/spidev0")]
    [DataRow("spi:/dev/spidev0.0")]
    [DataRow("spidev:/dev/ttyS0")]
    public void BadSpidevNamesFailClearly(string name)
    {
        var e = Assert.ThrowsExactly<FormatException>(() => SpidevSpiBus.Parse(name, out _, out _));
        StringAssert.Contains(e.Message, "spidev:/dev/spidevB.C");
    }

    [TestMethod]
    public void RunnerArgumentsParse()
    {
        var o = RunnerOptions.Parse(new[] { "--listen", "127.0.0.1:5025", "--board", "emulator", "--profile", "ideal", "--seed", "7", "--tile-rows", "256", "--no-noise" });
        Assert.AreEqual("127.0.0.1:5025", o.Listen!.ToString());
        Assert.AreEqual("ideal", o.Profile);
        Assert.AreEqual(7, o.Seed);
        Assert.AreEqual(256, o.TileRows);
        Assert.IsFalse(o.Noise);
        var s = RunnerOptions.Parse(new[] { "--serial", "/dev/ttyS1", "--baud", "115200", "--board", "spidev:/dev/spidev0.0" });
        Assert.AreEqual("/dev/ttyS1", s.Serial);
        Assert.AreEqual(115200, s.Baud);
        Assert.AreEqual("spidev:/dev/spidev0.0", s.Board);
    }

    [TestMethod]
    [DataRow(new string[0], "exactly one of")]
    [DataRow(new[] { "--listen", "127.0.0.1:1", "--serial", "/dev/ttyS1" }, "exactly one of")]
    [DataRow(new[] { "--listen", "localhost" }, "HOST:PORT")]
    [DataRow(new[] { "--listen" }, "needs a value")]
    [DataRow(new[] { "--listen", "127.0.0.1:1", "--tile-rows", "100" }, "accepted: 64")]
    [DataRow(new[] { "--listen", "127.0.0.1:1", "--seed", "x" }, "--seed 'x'")]
    [DataRow(new[] { "--listen", "127.0.0.1:1", "--board", "spi0" }, "spidev:/dev/spidevB.C")]
    [DataRow(new[] { "--listen", "127.0.0.1:1", "--frobnicate" }, "unknown argument")]
    public void BadRunnerArgumentsFailClearly(string[] args, string expected)
    {
        var e = Assert.ThrowsExactly<FormatException>(() => RunnerOptions.Parse(args));
        StringAssert.Contains(e.Message, expected);
    }
}
