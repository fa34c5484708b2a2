using System;
using CimController.Firmware.Desktop;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>cimfw's link options: listening beyond loopback needs TLS with host credentials or an explicit --insecure; timeouts.</summary>
[TestClass]
public sealed class RunnerLinkOptionsTests
{
    private static FormatException Refused(params string[] args)
    {
        var e = Assert.ThrowsExactly<FormatException>(() => RunnerOptions.Parse(args));
        Console.WriteLine(string.Join(' ', args) + " -> " + e.Message);
        return e;
    }

    [TestMethod]
    public void PlainTcpBeyondLoopbackIsRefusedNamingTheWaysOut()
    {
        foreach (string endpoint in new[] { "0.0.0.0:5025", "192.168.1.20:5025", "[::]:5025" })
        {
            var e = Refused("--listen", endpoint);
            StringAssert.Contains(e.Message, "reaches beyond this machine");
            StringAssert.Contains(e.Message, "--tls-cert BOARD.pfx --tls-clients HOSTS.txt");
            StringAssert.Contains(e.Message, "--insecure");
        }
    }

    [TestMethod]
    public void LoopbackServesPlainTcpWithoutAWarning()
    {
        foreach (string endpoint in new[] { "127.0.0.1:5025", "[::1]:0" })
        {
            var o = RunnerOptions.Parse(new[] { "--listen", endpoint });
            Assert.IsNull(o.TlsCert);
            Assert.IsNull(ListenSecurity.InsecureWarning(o.Listen!, o.Insecure));
        }
    }

    [TestMethod]
    public void InsecureServesPlainTcpBeyondLoopbackWithAWarning()
    {
        var o = RunnerOptions.Parse(new[] { "--listen", "0.0.0.0:5025", "--insecure" });
        Assert.IsTrue(o.Insecure);
        string? warning = ListenSecurity.InsecureWarning(o.Listen!, o.Insecure);
        Assert.IsNotNull(warning);
        StringAssert.StartsWith(warning, "WARNING: --insecure: serving plain TCP on 0.0.0.0:5025 without TLS or host authentication");
    }

    [TestMethod]
    public void TlsTakesTheBoardCertificateAndTheAdmittedHosts()
    {
        var o = RunnerOptions.Parse(new[] { "--listen", "0.0.0.0:5025", "--tls-cert", "board.pfx", "--tls-clients", "hosts.txt" });
        Assert.AreEqual("board.pfx", o.TlsCert);
        Assert.AreEqual("hosts.txt", o.TlsClients);
        StringAssert.Contains(Refused("--listen", "0.0.0.0:5025", "--tls-cert", "board.pfx").Message, "needs both --tls-cert");
        StringAssert.Contains(Refused("--listen", "127.0.0.1:5025", "--tls-clients", "hosts.txt").Message, "needs both --tls-cert");
        StringAssert.Contains(Refused("--listen", "0.0.0.0:5025", "--tls-cert", "b.pfx", "--tls-clients", "h.txt", "--insecure").Message, "contradicts");
    }

    [TestMethod]
    public void LinkOptionsApplyToListenOnly()
    {
        StringAssert.Contains(Refused("--serial", "/dev/ttyS1", "--tls-cert", "b.pfx", "--tls-clients", "h.txt").Message, "apply to --listen only");
        StringAssert.Contains(Refused("--serial", "/dev/ttyS1", "--insecure").Message, "a serial link is physical");
        StringAssert.Contains(Refused("--nspi", "/tmp/x.sock", "--idle-timeout", "5").Message, "apply to --listen only");
    }

    [TestMethod]
    public void SessionTimeoutsAreSecondsWithDefaults()
    {
        var defaults = RunnerOptions.Parse(new[] { "--listen", "127.0.0.1:0" });
        Assert.AreEqual(TcpLinkPolicy.DefaultIdleTimeoutMs, defaults.IdleTimeoutMs);
        Assert.AreEqual(TcpLinkPolicy.DefaultSendTimeoutMs, defaults.SendTimeoutMs);
        var o = RunnerOptions.Parse(new[] { "--listen", "127.0.0.1:0", "--idle-timeout", "2.5", "--send-timeout", "1" });
        Assert.AreEqual(2500, o.IdleTimeoutMs);
        Assert.AreEqual(1000, o.SendTimeoutMs);
        StringAssert.Contains(Refused("--listen", "127.0.0.1:0", "--idle-timeout", "0").Message, "0.1..3600");
        StringAssert.Contains(Refused("--listen", "127.0.0.1:0", "--send-timeout", "soon").Message, "not a number of seconds");
    }

    [TestMethod]
    public void ThePolicyRefusesSettingsOutOfRange()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new TcpLinkPolicy { IdleTimeoutMs = 0 }.Validate());
        StringAssert.Contains(e.Message, "IdleTimeoutMs must be at least 1");
    }
}
