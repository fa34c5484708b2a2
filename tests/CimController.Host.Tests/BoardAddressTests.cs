using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

[TestClass]
public sealed class BoardAddressTests
{
    [TestMethod]
    [DataRow("emulator")]
    [DataRow("EMULATOR")]
    [DataRow(" emulator ")]
    public void EmulatorForms(string text)
    {
        Assert.AreEqual(BoardAddressKind.Emulator, BoardAddress.Parse(text).Kind);
    }

    [TestMethod]
    public void EmulatorWithStateFile()
    {
        BoardAddress fresh = BoardAddress.Parse("emulator");
        Assert.AreEqual("", fresh.StatePath);
        BoardAddress kept = BoardAddress.Parse("emulator:runs/chip one.json");
        Assert.AreEqual(BoardAddressKind.Emulator, kept.Kind);
        Assert.AreEqual("runs/chip one.json", kept.StatePath);
        Assert.AreEqual("emulator:runs/chip one.json", kept.ToString());
        Assert.AreEqual("C:/x.json", BoardAddress.Parse("Emulator:C:/x.json").StatePath);
    }

    [TestMethod]
    public void TcpWithHostAndPort()
    {
        BoardAddress a = BoardAddress.Parse("tcp://127.0.0.1:5000");
        Assert.AreEqual(BoardAddressKind.Tcp, a.Kind);
        Assert.AreEqual("127.0.0.1", a.Host);
        Assert.AreEqual(5000, a.Port);
        Assert.AreEqual("tcp://127.0.0.1:5000", a.ToString());
    }

    [TestMethod]
    public void TcpWithHostNameAndIpv6()
    {
        Assert.AreEqual("raspberrypi.local", BoardAddress.Parse("tcp://raspberrypi.local:65535").Host);
        BoardAddress v6 = BoardAddress.Parse("tcp://[::1]:7000");
        Assert.AreEqual("::1", v6.Host);
        Assert.AreEqual(7000, v6.Port);
        Assert.AreEqual("tcp://[::1]:7000", v6.ToString());
    }

    [TestMethod]
    public void SerialWithAndWithoutBaud()
    {
        BoardAddress plain = BoardAddress.Parse("serial:/dev/ttyUSB0");
        Assert.AreEqual(BoardAddressKind.Serial, plain.Kind);
        Assert.AreEqual("/dev/ttyUSB0", plain.Device);
        Assert.AreEqual(BoardAddress.DefaultBaud, plain.Baud);

        BoardAddress fast = BoardAddress.Parse("serial:/dev/ttyACM1?baud=921600");
        Assert.AreEqual("/dev/ttyACM1", fast.Device);
        Assert.AreEqual(921600, fast.Baud);
        Assert.AreEqual("serial:/dev/ttyACM1?baud=921600", fast.ToString());
    }

    [TestMethod]
    [DataRow("", "empty")]
    [DataRow("   ", "empty")]
    [DataRow("emulater", "no known kind")]
    [DataRow("http://127.0.0.1:80", "no known kind")]
    [DataRow("tcp://127.0.0.1", "port is missing")]
    [DataRow("tcp://:5000", "host is empty")]
    [DataRow("tcp://127.0.0.1:0", "'0' is not a number in 1..65535")]
    [DataRow("tcp://127.0.0.1:70000", "'70000'")]
    [DataRow("tcp://127.0.0.1:abc", "'abc'")]
    [DataRow("tcp://[::1]7000", "IPv6")]
    [DataRow("serial:", "device is empty")]
    [DataRow("serial:/dev/ttyS0?baud=fast", "'fast'")]
    [DataRow("serial:/dev/ttyS0?speed=9600", "only one is baud=N")]
    [DataRow("emulator:", "state file is empty")]
    [DataRow("emulator:   ", "state file is empty")]
    public void BadFormsNameTheProblemAndTheAcceptedForms(string text, string problem)
    {
        var e = Assert.ThrowsExactly<FormatException>(() => BoardAddress.Parse(text));
        StringAssert.Contains(e.Message, problem);
        StringAssert.Contains(e.Message, "Accepted forms: emulator | emulator:STATE-FILE");
        StringAssert.Contains(e.Message, "tcp://HOST:PORT");
        StringAssert.Contains(e.Message, "serial:DEVICE[?baud=N]");
    }

    [TestMethod]
    public void NullIsRejected()
    {
        Assert.IsFalse(BoardAddress.TryParse(null, out BoardAddress? address, out string? error));
        Assert.IsNull(address);
        StringAssert.Contains(error, "empty");
    }
}
