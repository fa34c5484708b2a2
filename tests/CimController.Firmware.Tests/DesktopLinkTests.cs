using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
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
        Assert.AreEqual("wu2023-256x64", o.Chip, "--tile-rows 256 names the 256x64 chip");
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

    [TestMethod]
    public void RunnerNspiArgumentsParse()
    {
        var o = RunnerOptions.Parse(new[] { "--nspi", "/tmp/cim-board.sock" });
        Assert.AreEqual("/tmp/cim-board.sock", o.Nspi);
        Assert.AreEqual("emulator", o.Board);
        Assert.AreEqual(0, o.NspiChipSelects.Count, "no --nspi-cs: the board's DevKitC pins");
        Assert.IsNull(o.Listen);
        Assert.IsNull(o.Serial);
        Assert.IsNull(o.Record);
        var d = RunnerOptions.Parse(new[] { "--board", "emulator-discrete", "--nspi-cs", "10,9", "--nspi", "/tmp/b.sock", "--profile", "ideal", "--seed", "3", "--no-noise", "--tile-rows", "256" });
        Assert.AreEqual("/tmp/b.sock", d.Nspi);
        Assert.AreEqual("emulator-discrete", d.Board);
        CollectionAssert.AreEqual(new[] { 10, 9 }, d.NspiChipSelects.ToArray());
        Assert.AreEqual("ideal", d.Profile);
        Assert.AreEqual(3, d.Seed);
        Assert.IsFalse(d.Noise);
        Assert.AreEqual("wu2023-256x64", d.Chip);
        CollectionAssert.AreEqual(new[] { 0 }, RunnerOptions.Parse(new[] { "--nspi", "b.sock", "--nspi-cs", "0" }).NspiChipSelects.ToArray());
        var path107 = "/tmp/" + new string('p', 102);
        Assert.AreEqual(path107, RunnerOptions.Parse(new[] { "--nspi", path107 }).Nspi);
        // The other modes are unchanged and have no NSPI settings.
        var listen = RunnerOptions.Parse(new[] { "--listen", "127.0.0.1:5025", "--record", "s.cimrec" });
        Assert.IsNull(listen.Nspi);
        Assert.AreEqual("s.cimrec", listen.Record);
        Assert.AreEqual(0, listen.NspiChipSelects.Count);
    }

    [TestMethod]
    [DataRow(new[] { "--nspi", "/tmp/b.sock", "--listen", "127.0.0.1:1" }, "--nspi PATH makes cimfw the board only (the firmware runs on the virtual ESP32): it cannot be combined with --listen, --serial or --record")]
    [DataRow(new[] { "--serial", "/dev/ttyS1", "--nspi", "/tmp/b.sock" }, "cannot be combined with --listen, --serial or --record")]
    [DataRow(new[] { "--nspi", "/tmp/b.sock", "--record", "s.cimrec" }, "cannot be combined with --listen, --serial or --record")]
    [DataRow(new[] { "--nspi" }, "--nspi needs a value")]
    [DataRow(new[] { "--nspi", "" }, "socket path '' is 0 bytes; accepted: 1..107 bytes")]
    [DataRow(new[] { "--nspi", "/tmp/b.sock", "--board", "spidev:/dev/spidev0.0" }, "--nspi serves an emulated board, not 'spidev:/dev/spidev0.0'; accepted --board: emulator, emulator-discrete")]
    [DataRow(new[] { "--nspi", "/tmp/b.sock", "--nspi-cs", "5,4" }, "board emulator has one chip select (CS0), 2 given")]
    [DataRow(new[] { "--nspi", "/tmp/b.sock", "--board", "emulator-discrete", "--nspi-cs", "5" }, "give CS0,CS1 (DAC, ADC)")]
    [DataRow(new[] { "--nspi", "/tmp/b.sock", "--board", "emulator-discrete", "--nspi-cs", "5,5" }, "CS0 and CS1 must be different GPIOs")]
    [DataRow(new[] { "--nspi", "/tmp/b.sock", "--nspi-cs", "x" }, "--nspi-cs 'x': 'x' is not a GPIO number; accepted: CS0 or CS0,CS1, each 0..48")]
    [DataRow(new[] { "--nspi", "/tmp/b.sock", "--nspi-cs", "49" }, "each 0..48")]
    [DataRow(new[] { "--nspi", "/tmp/b.sock", "--nspi-cs", "-1" }, "each 0..48")]
    [DataRow(new[] { "--nspi", "/tmp/b.sock", "--nspi-cs", "10," }, "'' is not a GPIO number")]
    [DataRow(new[] { "--nspi", "/tmp/b.sock", "--nspi-cs", "1,2,3" }, "has 3 chip selects; accepted: CS0 or CS0,CS1")]
    [DataRow(new[] { "--listen", "127.0.0.1:1", "--nspi-cs", "5" }, "--nspi-cs needs --nspi PATH")]
    [DataRow(new[] { "--board", "emulator" }, "give exactly one of --listen HOST:PORT, --serial PORT or --nspi PATH")]
    public void BadRunnerNspiArgumentsFailClearly(string[] args, string expected)
    {
        var e = Assert.ThrowsExactly<FormatException>(() => RunnerOptions.Parse(args));
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void RunnerNspiPathLongerThanSunPathFailsClearly()
    {
        string path = "/tmp/" + new string('p', 103); // 108 bytes: one more than sockaddr_un.sun_path holds with its zero
        var e = Assert.ThrowsExactly<FormatException>(() => RunnerOptions.Parse(new[] { "--nspi", path }));
        StringAssert.Contains(e.Message, "is 108 bytes; accepted: 1..107 bytes (sockaddr_un.sun_path)");
    }

    [TestMethod]
    public void RunnerUsageNamesTheNspiOptions()
    {
        StringAssert.Contains(RunnerOptions.Usage, "cimfw --nspi PATH [--board emulator|emulator-discrete] [--nspi-cs CS0[,CS1]]");
        StringAssert.Contains(RunnerOptions.Usage, "--nspi-cs CS0[,CS1]");
        StringAssert.Contains(RunnerOptions.Usage, "--record FILE");
    }
}
