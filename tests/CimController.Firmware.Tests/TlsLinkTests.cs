using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using CimController.Firmware.Desktop;
using CimController.Firmware.Desktop.Tls;
using CimController.Links.Tls;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// The authenticated link over real loopback sockets: a TLS board admits only hosts with a listed certificate, a host
/// accepts only the pinned board, a plain-TCP host is told TlsRequired, and tampered, injected, duplicated or replayed
/// traffic ends the session before a frame of it reaches the firmware (no pulse is applied). Each refusal is in the
/// server's log; these tests read it.
/// </summary>
[TestClass]
public sealed class TlsLinkTests
{
    private const int Seed = 5150;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static NetworkServerFixture TlsBoard(int handshakeTimeoutMs = TcpLinkPolicy.DefaultHandshakeTimeoutMs) =>
        new(Seed, new TcpLinkPolicy { Tls = TlsTestCredentials.Server(), HandshakeTimeoutMs = handshakeTimeoutMs });

    private static TlsHostLink ConnectTls(IPEndPoint endpoint, TlsClientCredentials credentials)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(endpoint);
        return TlsHostLink.Connect(socket, credentials, "localhost", 5000);
    }

    /// <summary>A request that would change the chip: one SET pulse.</summary>
    private static byte[] PulseFrame(int sequence) => TestFrames.Build(MessageType.Pulse, sequence,
        new PulseRequest { Tile = 0, Row = 3, Col = 4, Millivolts = 2000, WidthNs = 100, Count = 1, Averages = 1 }.Write);

    [TestMethod]
    public void AnAdmittedHostIsServedOverTls()
    {
        using var f = TlsBoard();
        using var link = ConnectTls(f.EndPoint, TlsTestCredentials.Client());
        Console.WriteLine("negotiated " + link.Protocol);
        StringAssert.StartsWith(link.Protocol, "Tls1");
        var client = new LinkClient(link);
        Assert.AreEqual(MessageType.Info, client.Exchange(TestFrames.Hello(1)).Type);
        Assert.AreEqual(MessageType.PulseResult, client.Exchange(PulseFrame(2)).Type);
        Assert.AreEqual(1ul, f.Board.Counters.Pulses);
        var vmm = client.Exchange(TestFrames.Vmm(3, 0, 0, 64, 0, 64, new byte[64 * 8]));
        Assert.AreEqual(MessageType.VmmResult, vmm.Type);
        f.WaitForLog("host 'lab-host' admitted", Wait);
    }

    [TestMethod]
    public void AHostOfferingOnlyTls12IsServed()
    {
        using var f = TlsBoard();
        using var raw = RawTls.Connect(f.EndPoint, TlsTestCredentials.Host, SslProtocols.Tls12);
        Assert.AreEqual(SslProtocols.Tls12, raw.Ssl.SslProtocol);
        var reply = raw.Exchange(TestFrames.Hello(1));
        Assert.AreEqual(MessageType.Info, reply.Type);
    }

    [TestMethod]
    public void AHostWithoutACertificateIsRefusedAndChangesNothing()
    {
        using var f = TlsBoard();
        Exception? failure = null;
        try
        {
            using var raw = RawTls.Connect(f.EndPoint, null, TlsPolicy.Protocols);
            raw.Send(PulseFrame(1));
            failure = raw.ExpectNoReply();
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            failure = e;
        }
        Console.WriteLine("host without certificate: " + TlsRefusedException.Describe(failure!));
        string line = f.WaitForLog("refused", Wait);
        StringAssert.Contains(line, "TLS: the host presented no certificate");
        Assert.AreEqual(0ul, f.Board.Counters.Pulses, "nothing reached the board");
        Assert.AreEqual(0u, f.Host.Controller.Stats.FramesReceived, "no frame reached the firmware");
        Assert.AreEqual(0, f.Server.ConnectionsServed);
    }

    [TestMethod]
    public void AHostWithAnUnlistedCertificateIsRefusedAndChangesNothing()
    {
        using var f = TlsBoard();
        Exception? failure = null;
        try
        {
            using var link = ConnectTls(f.EndPoint, TlsTestCredentials.Client(host: TlsTestCredentials.Stranger));
            link.Write(PulseFrame(1), 0, PulseFrame(1).Length);
            Assert.AreEqual(-1, link.Read(new byte[64], 0, 64, 5000), "the board ends the session");
            Console.WriteLine("stranger's session ended: " + link.EndReason);
        }
        catch (TlsRefusedException e)
        {
            failure = e;
            Console.WriteLine("stranger refused in the handshake: " + e.Message);
        }
        string line = f.WaitForLog("refused", Wait);
        StringAssert.Contains(line, "TLS: the host certificate CN=stranger has SHA-256 " + CertificateFingerprint.Of(TlsTestCredentials.Stranger) + ", which is not listed in hosts.txt");
        Assert.AreEqual(0ul, f.Board.Counters.Pulses);
        Assert.AreEqual(0u, f.Host.Controller.Stats.FramesReceived);
        _ = failure;
    }

    [TestMethod]
    public void AHostPinningAnotherBoardRefusesThisOne()
    {
        using var f = TlsBoard();
        var e = Assert.ThrowsExactly<TlsRefusedException>(() => ConnectTls(f.EndPoint, TlsTestCredentials.Client(board: TlsTestCredentials.OtherBoard)));
        Console.WriteLine("host: " + e.Message);
        StringAssert.Contains(e.Message, "the board certificate CN=test-board has SHA-256 " + CertificateFingerprint.Of(TlsTestCredentials.Board));
        StringAssert.Contains(e.Message, "not the pinned " + CertificateFingerprint.Of(TlsTestCredentials.OtherBoard));
        // .NET checks the board's certificate once the TLS handshake is through, so the board sees an admitted host
        // that leaves before sending anything.
        f.WaitForLog("disconnected", Wait);
        Assert.AreEqual(0u, f.Host.Controller.Stats.FramesReceived);
    }

    [TestMethod]
    public void APlainTcpHostOnATlsBoardIsToldTlsRequired()
    {
        using var f = TlsBoard();
        using var plain = f.ConnectPlain();
        var reply = new LinkClient(plain).Exchange(TestFrames.Hello(12));
        var error = reply.AsError();
        Console.WriteLine("plain host: " + error.Message);
        Assert.AreEqual(ErrorCode.TlsRequired, error.Code);
        Assert.AreEqual(12, reply.Sequence);
        StringAssert.Contains(error.Message, "tls://");
        Assert.IsTrue(NetworkServerFixture.MsUntilClosed(plain, 5000) >= 0);
        StringAssert.Contains(f.WaitForLog("refused", Wait), "plain TCP on a TLS board");
        Assert.AreEqual(0u, f.Host.Controller.Stats.FramesReceived, "the firmware never saw the frame");
    }

    [TestMethod]
    public void ATlsSessionCutMidFrameAppliesNothingAndTheNextHostIsServed()
    {
        using var f = TlsBoard();
        var pulse = PulseFrame(2);
        using (var raw = RawTls.Connect(f.EndPoint, TlsTestCredentials.Host, TlsPolicy.Protocols))
        {
            Assert.AreEqual(MessageType.Info, raw.Exchange(TestFrames.Hello(1)).Type);
            raw.Ssl.Write(pulse, 0, pulse.Length - 3);
            raw.Ssl.Flush();
            raw.Socket.Close(0); // a reset, no close_notify: the host vanished mid-frame
        }
        f.WaitForLog("disconnected", Wait);
        Assert.AreEqual(0ul, f.Board.Counters.Pulses, "the cut pulse frame was not applied");
        using var next = ConnectTls(f.EndPoint, TlsTestCredentials.Client());
        var sw = Stopwatch.StartNew();
        Assert.AreEqual(MessageType.Info, new LinkClient(next).Exchange(TestFrames.Hello(3)).Type);
        Console.WriteLine($"next host served in {sw.ElapsedMilliseconds} ms");
    }

    [TestMethod]
    public void ASecondAuthenticatedHostIsToldBusy()
    {
        using var f = TlsBoard();
        using var first = ConnectTls(f.EndPoint, TlsTestCredentials.Client());
        Assert.AreEqual(MessageType.Info, new LinkClient(first).Exchange(TestFrames.Hello(1)).Type);
        using var second = ConnectTls(f.EndPoint, TlsTestCredentials.Client());
        var error = new LinkClient(second).Exchange(TestFrames.Hello(2)).AsError();
        Assert.AreEqual(ErrorCode.Busy, error.Code, error.Message);
        StringAssert.Contains(error.Message, "has held the link for");
    }

    [TestMethod]
    public void AStalledHandshakeNeverHoldsTheBoard()
    {
        using var f = TlsBoard(handshakeTimeoutMs: 700);
        using var staller = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        staller.Connect(f.EndPoint);
        using (var host = ConnectTls(f.EndPoint, TlsTestCredentials.Client()))
        {
            Assert.AreEqual(MessageType.Info, new LinkClient(host).Exchange(TestFrames.Hello(1)).Type, "served while another connection stalls");
        }
        var sw = Stopwatch.StartNew();
        StringAssert.Contains(f.WaitForLog("refused", Wait), "no TLS handshake within 700 ms");
        Console.WriteLine($"staller closed {sw.ElapsedMilliseconds} ms after the host's session");
        Assert.AreEqual(0, staller.Receive(new byte[16]), "the staller's connection is closed");
    }

    [TestMethod]
    public void ATamperedRecordEndsTheSessionBeforeItsFrameIsExecuted()
    {
        AssertTamperRefused(RecordTamper.Flip, null);
    }

    [TestMethod]
    public void ADuplicatedRecordEndsTheSessionAndItsFrameNeverRunsTwice()
    {
        AssertTamperRefused(RecordTamper.Duplicate, null);
    }

    [TestMethod]
    public void APlaintextFrameInjectedIntoATlsSessionIsNotExecuted()
    {
        AssertTamperRefused(RecordTamper.Inject, PulseFrame(66));
    }

    /// <summary>Hello through the proxy, then the proxy tampers with the record carrying a Pulse request.</summary>
    private static void AssertTamperRefused(RecordTamper tamper, byte[]? inject)
    {
        using var f = TlsBoard();
        using var proxy = new TlsRecordProxy(f.EndPoint);
        using var link = ConnectTls(proxy.EndPoint, TlsTestCredentials.Client());
        var client = new LinkClient(link);
        Assert.AreEqual(MessageType.Info, client.Exchange(TestFrames.Hello(1)).Type);
        proxy.Arm(tamper, inject);
        var pulse = PulseFrame(2);
        link.Write(pulse, 0, pulse.Length);
        Assert.IsTrue(proxy.Tampered.Wait(Wait));
        string line = f.WaitForLog("client", Wait);
        while (!line.Contains("disconnected", StringComparison.Ordinal)) line = f.WaitForLog("client", Wait);
        Console.WriteLine($"{tamper}: the firmware logged: {line}");
        StringAssert.Contains(line, "disconnected: ");
        StringAssert.Contains(line, tamper == RecordTamper.Inject ? "corrupted frame" : "bad record mac");
        // A flipped or preceded record is never executed. A duplicated one follows the genuine record, which TLS may
        // already have delivered (then it ran once) or dropped with the failed batch; it never runs twice.
        ulong pulses = f.Board.Counters.Pulses;
        Console.WriteLine($"pulses applied: {pulses}");
        if (tamper == RecordTamper.Duplicate) Assert.IsTrue(pulses <= 1, $"{pulses} pulses");
        else Assert.AreEqual(0ul, pulses, "pulses applied");
        Assert.AreEqual(1u + (uint)pulses, f.Host.Controller.Stats.FramesReceived, "frames the firmware saw: Hello and at most the genuine pulse");
    }

    [TestMethod]
    public void AReplayedSessionIsRefusedInTheHandshake()
    {
        using var f = TlsBoard();
        byte[] recorded;
        using (var proxy = new TlsRecordProxy(f.EndPoint))
        {
            using var link = ConnectTls(proxy.EndPoint, TlsTestCredentials.Client());
            var client = new LinkClient(link);
            Assert.AreEqual(MessageType.Info, client.Exchange(TestFrames.Hello(1)).Type);
            Assert.AreEqual(MessageType.PulseResult, client.Exchange(PulseFrame(2)).Type);
            recorded = proxy.ClientBytes;
        }
        f.WaitForLog("disconnected", Wait);
        Assert.AreEqual(1ul, f.Board.Counters.Pulses);
        using (var replay = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            replay.Connect(f.EndPoint);
            replay.Send(recorded);
            Console.WriteLine($"replayed {recorded.Length} bytes of a recorded session");
            var buffer = new byte[4096];
            replay.ReceiveTimeout = 10_000;
            try { while (replay.Receive(buffer) > 0) { } }
            catch (SocketException) { }
        }
        string line = f.WaitForLog("refused", Wait);
        Console.WriteLine("the firmware logged: " + line);
        StringAssert.Contains(line, "TLS: handshake failed");
        Assert.AreEqual(1ul, f.Board.Counters.Pulses, "the replayed pulse was not applied");
        Assert.AreEqual(2u, f.Host.Controller.Stats.FramesReceived);
    }

    /// <summary>A test-only TLS client on a bare SslStream (any protocols, any client certificate or none), trusting any board.</summary>
    private sealed class RawTls : IDisposable
    {
        private RawTls(Socket socket, SslStream ssl)
        {
            Socket = socket;
            Ssl = ssl;
        }

        public Socket Socket { get; }
        public SslStream Ssl { get; }

        public static RawTls Connect(IPEndPoint endpoint, X509Certificate2? clientCertificate, SslProtocols protocols)
        {
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(endpoint);
            var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = protocols,
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
                ClientCertificateContext = clientCertificate == null ? null : SslStreamCertificateContext.Create(clientCertificate, null, offline: true),
            };
            try
            {
                ssl.AuthenticateAsClient(options);
            }
            catch
            {
                ssl.Dispose();
                throw;
            }
            ssl.ReadTimeout = 10_000;
            return new RawTls(socket, ssl);
        }

        public void Send(byte[] frame) => Ssl.Write(frame);

        public Reply Exchange(byte[] frame)
        {
            Send(frame);
            var buffer = new byte[70_000];
            var decoder = new FrameDecoder(FrameFormat.MaxPayloadLimit);
            while (true)
            {
                int n = Ssl.Read(buffer, 0, buffer.Length);
                Assert.IsTrue(n > 0, "the board closed the session");
                int offset = 0;
                while (offset < n)
                {
                    offset += decoder.Push(buffer, offset, n - offset);
                    if (decoder.Status == DecodeStatus.Frame)
                        return new Reply(decoder.MessageType, decoder.Sequence, decoder.Flags, decoder.Frame.AsSpan(FrameFormat.PayloadOffset, decoder.PayloadLength).ToArray());
                }
            }
        }

        /// <summary>Reads until the board ends the session; returns how it ended (a TLS alert or an orderly close), failing on a reply.</summary>
        public Exception ExpectNoReply()
        {
            try
            {
                int n = Ssl.Read(new byte[256], 0, 256);
                Assert.AreEqual(0, n, "the board answered an unauthenticated host");
                return new IOException("closed by the board");
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                return e;
            }
        }

        public void Dispose() => Ssl.Dispose();
    }
}
