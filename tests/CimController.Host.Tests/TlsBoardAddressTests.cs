using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary><c>tls://HOST:PORT?fingerprint=SHA256&amp;cert=HOST.pfx</c>: the board's pinned fingerprint and this host's credential.</summary>
[TestClass]
public sealed class TlsBoardAddressTests
{
    private const string Fingerprint = "8922BFF27B994ABF6FA4743A7980B1077E193D01E60EDAEC443E0F12A1A84BA3";

    [TestMethod]
    public void ATlsAddressCarriesTheFingerprintAndTheCertificate()
    {
        var a = BoardAddress.Parse("tls://10.0.0.7:5025?fingerprint=" + Fingerprint.ToLowerInvariant() + "&cert=creds/lab pc.pfx");
        Assert.AreEqual(BoardAddressKind.Tls, a.Kind);
        Assert.AreEqual("10.0.0.7", a.Host);
        Assert.AreEqual(5025, a.Port);
        Assert.AreEqual(Fingerprint, a.Fingerprint, "normalised to upper case");
        Assert.AreEqual("creds/lab pc.pfx", a.CertificatePath);
        var again = BoardAddress.Parse(a.ToString());
        Assert.AreEqual(a.ToString(), again.ToString());
        Assert.AreEqual(a.CertificatePath, again.CertificatePath);
    }

    [TestMethod]
    public void OpensslColonsAndIpv6AreAccepted()
    {
        string colons = string.Join(":", Enumerable.Range(0, 32).Select(i => Fingerprint.Substring(2 * i, 2)));
        var a = BoardAddress.Parse("tls://[fe80::1]:5025?cert=h.pfx&fingerprint=" + colons);
        Assert.AreEqual("fe80::1", a.Host);
        Assert.AreEqual(Fingerprint, a.Fingerprint);
    }

    [TestMethod]
    public void BadTlsAddressesNameTheProblem()
    {
        AssertRefused("tls://10.0.0.7:5025", "needs ?fingerprint=BOARD-SHA256&cert=HOST.pfx");
        AssertRefused("tls://10.0.0.7?fingerprint=" + Fingerprint + "&cert=h.pfx", "the TCP port is missing (write tls://HOST:PORT)");
        AssertRefused("tls://10.0.0.7:5025?cert=h.pfx", "fingerprint= is missing");
        AssertRefused("tls://10.0.0.7:5025?fingerprint=ABCD&cert=h.pfx", "fingerprint 'ABCD' is not the board certificate's SHA-256 as 64 hex digits");
        AssertRefused("tls://10.0.0.7:5025?fingerprint=" + Fingerprint, "cert= is missing");
        AssertRefused("tls://10.0.0.7:5025?fingerprint=" + Fingerprint + "&cert=h.pfx&pin=1", "'pin=1' is not a TLS option");
    }

    private static void AssertRefused(string text, string expected)
    {
        var e = Assert.ThrowsExactly<FormatException>(() => BoardAddress.Parse(text));
        Console.WriteLine(e.Message);
        StringAssert.Contains(e.Message, expected);
        StringAssert.Contains(e.Message, "Accepted forms:");
    }
}
