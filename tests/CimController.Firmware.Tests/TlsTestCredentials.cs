using System;
using System.Security.Cryptography.X509Certificates;
using CimController.Firmware.Desktop.Tls;
using CimController.Links.Tls;

namespace CimController.Firmware.Tests;

/// <summary>
/// Certificates made once per test run with <see cref="TlsCertificateFactory"/>: the board, a host it admits, a host it
/// does not know, and a second board (a host pinned to it must refuse the first).
/// </summary>
public static class TlsTestCredentials
{
    private static readonly Lazy<X509Certificate2> LazyBoard = new(() => TlsCertificateFactory.CreateBoard("test-board"));
    private static readonly Lazy<X509Certificate2> LazyOtherBoard = new(() => TlsCertificateFactory.CreateBoard("other-board"));
    private static readonly Lazy<X509Certificate2> LazyHost = new(() => TlsCertificateFactory.CreateHost("lab-host"));
    private static readonly Lazy<X509Certificate2> LazyStranger = new(() => TlsCertificateFactory.CreateHost("stranger"));

    public static X509Certificate2 Board => LazyBoard.Value;
    public static X509Certificate2 OtherBoard => LazyOtherBoard.Value;
    public static X509Certificate2 Host => LazyHost.Value;
    public static X509Certificate2 Stranger => LazyStranger.Value;

    /// <summary>The board's credentials: its certificate, admitting <see cref="Host"/> only.</summary>
    public static TlsServerCredentials Server() =>
        new(Board, HostAllowList.Parse(HostAllowList.Line(CertificateFingerprint.Of(Host), "lab-host") + "\n", "hosts.txt"));

    /// <summary>A host's credentials: <paramref name="host"/> (default <see cref="Host"/>) pinned to <paramref name="board"/> (default <see cref="Board"/>).</summary>
    public static TlsClientCredentials Client(X509Certificate2? host = null, X509Certificate2? board = null) =>
        new(host ?? Host, CertificateFingerprint.Of(board ?? Board));
}
