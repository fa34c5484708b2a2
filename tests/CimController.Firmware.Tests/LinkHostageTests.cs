using System;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading;
using CimController.Firmware.Desktop;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// Nobody holds the board hostage, over real loopback sockets against <see cref="TcpFirmwareServer"/>: a second host is
/// told Busy with how long the link has been held; an idle host, a half-frame host and a byte-dripping host are dropped at
/// the idle limit; a host that never reads its replies is dropped at the send timeout; after each, the next host is served.
/// </summary>
[TestClass]
public sealed class LinkHostageTests
{
    private const int Seed = 9101;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [TestMethod]
    public void ASecondHostIsToldBusyWithHowLongTheLinkHasBeenHeld()
    {
        using var f = new NetworkServerFixture(Seed);
        var sinceFirst = Stopwatch.StartNew();
        using var first = f.ConnectPlain();
        var firstClient = new LinkClient(first);
        Assert.AreEqual(MessageType.Info, firstClient.Exchange(TestFrames.Hello(1)).Type);
        // The first host works for a while, so the time the link has been held is measurable.
        for (int seq = 100; sinceFirst.ElapsedMilliseconds < 400; seq++)
            Assert.AreEqual(MessageType.StatsResult, firstClient.Exchange(TestFrames.Empty(MessageType.Stats, seq)).Type);
        double lowerSeconds = sinceFirst.Elapsed.TotalSeconds;

        using var second = f.ConnectPlain();
        var asked = Stopwatch.StartNew();
        var reply = new LinkClient(second).Exchange(TestFrames.Hello(7));
        long answeredMs = asked.ElapsedMilliseconds;
        double upperSeconds = sinceFirst.Elapsed.TotalSeconds;
        var error = reply.AsError();
        Console.WriteLine($"second host answered in {answeredMs} ms: {ErrorCode.Name(error.Code)}: {error.Message}");
        Assert.AreEqual(ErrorCode.Busy, error.Code);
        Assert.AreEqual(7, reply.Sequence, "the Busy error answers the second host's Hello");
        Assert.AreEqual(MessageType.Hello, error.RequestType);
        var held = Regex.Match(error.Message, @"\(127\.0\.0\.1:\d+\) has held the link for (\d+\.\d) s");
        Assert.IsTrue(held.Success, error.Message);
        double heldSeconds = double.Parse(held.Groups[1].Value, CultureInfo.InvariantCulture);
        // The message truncates to tenths and the server's clock starts at accept, a little after the client's: allow 0.2 s below.
        Assert.IsTrue(heldSeconds + 0.2 >= lowerSeconds && heldSeconds <= upperSeconds + 0.1,
            $"held {heldSeconds} s; the first host connected {lowerSeconds:F2} s before the second and {upperSeconds:F2} s before the answer");
        StringAssert.Contains(error.Message, "without a complete frame for 20 s is dropped");
        Assert.IsTrue(answeredMs < 1000, $"Busy came after {answeredMs} ms");
        Assert.IsTrue(NetworkServerFixture.MsUntilClosed(second, 5000) >= 0, "the refused connection is closed");
        f.WaitForLog("answered Busy", Wait);

        var vmm = firstClient.Exchange(TestFrames.Vmm(2, 0, 0, 64, 0, 64, new byte[64]));
        Assert.AreEqual(MessageType.VmmResult, vmm.Type, "the first host keeps the board");
        Assert.AreEqual(1, f.Server.ConnectionsServed);
        Assert.AreEqual(1, f.Server.ConnectionsRefused);
    }

    [TestMethod]
    public void HostsThatCloseAndReconnectAtOnceAreServedNotToldBusy()
    {
        using var f = new NetworkServerFixture(Seed);
        for (int i = 0; i < 20; i++)
        {
            using var link = f.ConnectPlain();
            var reply = new LinkClient(link).Exchange(TestFrames.Hello(i + 1));
            Assert.AreEqual(MessageType.Info, reply.Type, $"connection {i}: {reply}");
        }
        Assert.AreEqual(20, f.Server.ConnectionsServed);
        Assert.AreEqual(0, f.Server.ConnectionsRefused);
    }

    [TestMethod]
    public void AnIdleHostIsDroppedAtTheIdleLimitAndTheNextHostIsServed()
    {
        const int idleMs = 600;
        using var f = new NetworkServerFixture(Seed, new TcpLinkPolicy { IdleTimeoutMs = idleMs });
        using var idle = f.ConnectPlain();
        Assert.AreEqual(MessageType.Info, new LinkClient(idle).Exchange(TestFrames.Hello(1)).Type);
        long closedAfterMs = NetworkServerFixture.MsUntilClosed(idle, 10_000);
        Console.WriteLine($"idle host dropped {closedAfterMs} ms after its last reply (limit {idleMs} ms)");
        Assert.IsTrue(closedAfterMs >= idleMs - 50 && closedAfterMs <= idleMs + 1000, $"{closedAfterMs} ms");
        f.WaitForLog("dropped: no complete frame for 600 ms", Wait);
        AssertNextHostServedAtOnce(f);
    }

    [TestMethod]
    public void AHostThatNeverSendsAFrameIsDroppedAtTheIdleLimit()
    {
        const int idleMs = 600;
        using var f = new NetworkServerFixture(Seed, new TcpLinkPolicy { IdleTimeoutMs = idleMs });
        using var silent = f.ConnectPlain();
        long closedAfterMs = NetworkServerFixture.MsUntilClosed(silent, 10_000);
        Console.WriteLine($"silent host dropped after {closedAfterMs} ms (limit {idleMs} ms)");
        Assert.IsTrue(closedAfterMs <= idleMs + 1000, $"{closedAfterMs} ms");
        AssertNextHostServedAtOnce(f);
    }

    [TestMethod]
    public void AHalfFrameHostageIsDroppedAtTheIdleLimit()
    {
        const int idleMs = 1500;
        using var f = new NetworkServerFixture(Seed, new TcpLinkPolicy { IdleTimeoutMs = idleMs });
        using var hostage = f.ConnectPlain();
        var client = new LinkClient(hostage);
        Assert.AreEqual(MessageType.Info, client.Exchange(TestFrames.Hello(1)).Type);
        var frame = TestFrames.Vmm(2, 0, 0, 64, 0, 64, new byte[64]);
        var sw = Stopwatch.StartNew();
        // Half a frame, answered Truncated after the inter-byte timeout; then another half frame at once, and so on:
        // each reply is a framing fault, which is no complete frame, so the idle limit still ends the session.
        int truncations = 0;
        while (true)
        {
            try { hostage.Write(frame, 0, frame.Length / 2); }
            catch (System.IO.IOException) { break; }
            var buffer = new byte[256];
            int n = ReadSome(hostage, buffer, 3000);
            if (n < 0) break;
            var reply = TestFrames.Decode(buffer, n);
            Assert.AreEqual(ErrorCode.Truncated, reply.AsError().Code, reply.ToString());
            truncations++;
            Assert.IsTrue(sw.ElapsedMilliseconds < 10_000, "the half-frame host was never dropped");
        }
        long elapsed = sw.ElapsedMilliseconds;
        Console.WriteLine($"half-frame host dropped after {elapsed} ms and {truncations} Truncated replies (limit {idleMs} ms)");
        Assert.IsTrue(elapsed >= idleMs - 100 && elapsed <= idleMs + 1500, $"{elapsed} ms");
        Assert.IsTrue(truncations >= 2, $"{truncations} truncated half frames");
        f.WaitForLog("dropped: no complete frame", Wait);
        AssertNextHostServedAtOnce(f);
    }

    [TestMethod]
    public void AHostDrippingBytesThatNeverFormAFrameIsDroppedAtTheIdleLimit()
    {
        const int idleMs = 800;
        using var f = new NetworkServerFixture(Seed, new TcpLinkPolicy { IdleTimeoutMs = idleMs });
        using var dripper = f.ConnectPlain();
        var sw = Stopwatch.StartNew();
        var one = new byte[1];
        long closedAfterMs = -1;
        // One byte that is no frame marker every 50 ms (the inter-byte timeout never fires, no frame ever starts).
        while (sw.ElapsedMilliseconds < 10_000)
        {
            one[0] = (byte)(sw.ElapsedMilliseconds & 0x7F);
            try { dripper.Write(one, 0, 1); }
            catch (System.IO.IOException) { closedAfterMs = sw.ElapsedMilliseconds; break; }
            if (dripper.Read(new byte[16], 0, 16, 50) < 0) { closedAfterMs = sw.ElapsedMilliseconds; break; }
        }
        Console.WriteLine($"byte-dripping host dropped after {closedAfterMs} ms (limit {idleMs} ms)");
        Assert.IsTrue(closedAfterMs >= idleMs - 100 && closedAfterMs <= idleMs + 1000, $"{closedAfterMs} ms");
        AssertNextHostServedAtOnce(f);
    }

    [TestMethod]
    public void AHostThatNeverReadsItsRepliesIsDroppedAtTheSendTimeout()
    {
        const int sendTimeoutMs = 500;
        using var f = new NetworkServerFixture(Seed, new TcpLinkPolicy { SendTimeoutMs = sendTimeoutMs, IdleTimeoutMs = 60_000 });
        using var deaf = f.ConnectPlain(receiveBufferBytes: 4096);
        // Small requests, large replies: 250 one-row vectors, 64 columns = 16 KB of codes per 262-byte request.
        var request = TestFrames.Vmm(5, 0, 0, 1, 0, 64, new byte[250]);
        var sw = Stopwatch.StartNew();
        int sent = 0;
        for (; sent < 1000; sent++)
        {
            try { deaf.Write(request, 0, request.Length); }
            catch (System.IO.IOException) { break; }
        }
        string line = f.WaitForLog("dropped: a reply was not taken within 500 ms", Wait);
        Console.WriteLine($"{sent} requests sent, never read; after {sw.ElapsedMilliseconds} ms: {line}");
        Assert.IsTrue(NetworkServerFixture.MsUntilClosed(deaf, 120_000) >= 0, "the connection is closed");
        AssertNextHostServedAtOnce(f);
    }

    /// <summary>A new host is served (Info) without waiting for anything but its own reply.</summary>
    private static void AssertNextHostServedAtOnce(NetworkServerFixture f)
    {
        using var next = f.ConnectPlain();
        var sw = Stopwatch.StartNew();
        var reply = new LinkClient(next).Exchange(TestFrames.Hello(99));
        Assert.AreEqual(MessageType.Info, reply.Type, reply.ToString());
        Console.WriteLine($"next host served in {sw.ElapsedMilliseconds} ms");
        Assert.IsTrue(sw.ElapsedMilliseconds < TcpFirmwareServer.BusyGraceMs + 1000, $"{sw.ElapsedMilliseconds} ms");
    }

    /// <summary>Reads what arrives within <paramref name="timeoutMs"/> until a pause of 100 ms after the first bytes; -1 when the link closed first.</summary>
    private static int ReadSome(IHostLink link, byte[] buffer, int timeoutMs)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        int total = 0;
        while (Environment.TickCount64 < deadline)
        {
            int n = link.Read(buffer, total, buffer.Length - total, 100);
            if (n < 0) return total > 0 ? total : -1;
            if (n == 0 && total > 0) return total;
            total += n;
        }
        return total;
    }
}
