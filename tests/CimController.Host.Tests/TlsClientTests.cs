using System;
using System.IO;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Firmware.Desktop.Tls;
using CimController.Host.Transports;
using CimController.Links.Tls;
using CimController.LocalBoard;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>
/// <see cref="CimClient"/> over <see cref="TcpTransport"/> with TLS against the emulated board served by
/// <see cref="EmulatorTcpServer"/> with TLS, on real loopback sockets: served when admitted and pinned; every refusal
/// reaches the host as one message naming what was wrong (pin, admission, plain TCP on either side, Busy).
/// </summary>
[TestClass]
public sealed class TlsClientTests
{
    private const int Seed = 77;
    private static readonly Lazy<X509Certificate2> Board = new(() => TlsCertificateFactory.CreateBoard("host-test-board"));
    private static readonly Lazy<X509Certificate2> HostCert = new(() => TlsCertificateFactory.CreateHost("host-test-pc"));
    private static readonly Lazy<X509Certificate2> Stranger = new(() => TlsCertificateFactory.CreateHost("stranger"));

    private static EmulatorTcpServer TlsServer() =>
        EmulatorTcpServer.Start(new EmulatorOptions { ProfileName = "ideal", Seed = Seed }, new IPEndPoint(IPAddress.Loopback, 0), Console.WriteLine,
            new TcpLinkPolicy
            {
                Tls = new TlsServerCredentials(Board.Value, HostAllowList.Parse(HostAllowList.Line(CertificateFingerprint.Of(HostCert.Value), "host-test-pc"), "hosts.txt")),
            });

    /// <summary>A copy of a certificate with its key (the transport owns and disposes its credentials).</summary>
    private static X509Certificate2 Copy(X509Certificate2 c) => X509CertificateLoader.LoadPkcs12(c.Export(X509ContentType.Pkcs12), null);

    private static CimClient Connect(EmulatorTcpServer server, X509Certificate2 host, string pinned, int timeoutMs = 5000)
    {
        var transport = new TcpTransport("127.0.0.1", server.LocalEndPoint.Port, timeoutMs, new TlsClientCredentials(Copy(host), pinned));
        var client = new CimClient(transport, new CimClientOptions { TimeoutMs = timeoutMs });
        try
        {
            client.Connect();
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    [TestMethod]
    public void AnAdmittedHostPinningTheBoardReadsAndComputes()
    {
        using var server = TlsServer();
        using var client = Connect(server, HostCert.Value, server.Fingerprint!);
        Assert.AreEqual(4, client.Info.Tiles);
        Assert.AreEqual("tls://127.0.0.1:" + server.LocalEndPoint.Port, client.BoardDescription);
        var inputs = new byte[64 * 4];
        new Random(Seed).NextBytes(inputs);
        var result = client.Vmm(0, 0, 64, 0, 64, inputs, 4);
        Assert.AreEqual(4 * 64, result.Codes.Length);
    }

    [TestMethod]
    public void TheBoardAddressFromTlsInitFilesConnects()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cimctl-tls-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            string pfx = Path.Combine(dir, "host-test-pc.pfx");
            File.WriteAllBytes(pfx, HostCert.Value.Export(X509ContentType.Pkcs12));
            using var server = TlsServer();
            BoardAddress address = server.TlsAddress(pfx);
            using CimClient client = BoardConnector.Connect(BoardAddress.Parse(address.ToString()));
            Assert.AreEqual(4, client.Info.Tiles);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void AMissingHostCertificateFileIsABadAddress()
    {
        var address = BoardAddress.Parse("tls://127.0.0.1:1?fingerprint=" + new string('A', 64) + "&cert=/nonexistent/lab.pfx");
        var e = Assert.ThrowsExactly<FormatException>(() => BoardConnector.OpenTransport(address));
        Console.WriteLine(e.Message);
        StringAssert.Contains(e.Message, "cert= /nonexistent/lab.pfx does not exist");
    }

    [TestMethod]
    public void AHostPinningAnotherBoardIsToldWhichFingerprintItSaw()
    {
        using var server = TlsServer();
        string other = new string('0', 64);
        var e = Assert.ThrowsExactly<CimLinkClosedException>(() => Connect(server, HostCert.Value, other));
        Console.WriteLine(e.Message);
        StringAssert.Contains(e.Message, "TLS with tls://127.0.0.1:" + server.LocalEndPoint.Port);
        StringAssert.Contains(e.Message, "has SHA-256 " + server.Fingerprint + ", which is not the pinned " + other);
    }

    [TestMethod]
    public void AHostTheBoardDoesNotListIsToldItWasNotAdmitted()
    {
        using var server = TlsServer();
        var e = Assert.ThrowsExactly<TransportException>(() => Connect(server, Stranger.Value, server.Fingerprint!));
        Console.WriteLine(e.Message);
        StringAssert.Contains(e.Message, "ended the TLS session before answering");
        StringAssert.Contains(e.Message, "did not admit this host's certificate SHA-256 " + CertificateFingerprint.Of(Stranger.Value));
    }

    [TestMethod]
    public void APlainHostOnATlsBoardIsToldTlsIsRequired()
    {
        using var server = TlsServer();
        using var client = new CimClient(new TcpTransport("127.0.0.1", server.LocalEndPoint.Port), new CimClientOptions { TimeoutMs = 5000 });
        var e = Assert.ThrowsExactly<CimProtocolException>(() => client.Connect());
        Console.WriteLine(e.Message);
        Assert.AreEqual(ErrorCode.TlsRequired, e.Code);
        StringAssert.Contains(e.Message, "tls://");
    }

    [TestMethod]
    public void ATlsHostOnAPlainBoardIsToldTheBoardDidNotAnswerTheHandshake()
    {
        using var server = EmulatorTcpServer.Start(new EmulatorOptions { ProfileName = "ideal", Seed = Seed }, new IPEndPoint(IPAddress.Loopback, 0));
        var e = Assert.ThrowsExactly<CimLinkClosedException>(() => Connect(server, HostCert.Value, new string('A', 64), timeoutMs: 1000));
        Console.WriteLine(e.Message);
        StringAssert.Contains(e.Message, "no handshake within 1000 ms");
        StringAssert.Contains(e.Message, "use tcp://");
    }

    [TestMethod]
    public void ASecondHostIsToldTheBoardIsBusy()
    {
        using var server = TlsServer();
        using var first = Connect(server, HostCert.Value, server.Fingerprint!);
        var e = Assert.ThrowsExactly<CimProtocolException>(() => Connect(server, HostCert.Value, server.Fingerprint!));
        Console.WriteLine(e.Message);
        Assert.AreEqual(ErrorCode.Busy, e.Code);
        StringAssert.Contains(e.Message, "has held the link for");
        Assert.IsTrue(first.Stats().FramesReceived >= 2, "the first host keeps the board");
    }
}
