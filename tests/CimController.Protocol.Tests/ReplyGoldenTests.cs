using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Protocol.Tests;

/// <summary>Golden bytes of the Vmm, Conductance and Reset replies: one fixed instance per type, its exact payload, both directions.</summary>
[TestClass]
public sealed class ReplyGoldenTests
{
    [TestMethod]
    public void VmmReplyGoldenBytesLeaveTheCodesInPlace()
    {
        var m = new VmmReply { VectorCount = 1, Cols = 2, Flags = VmmFlags.Differential, ChipCycles = 0x01020304, TileOps = 12, CodesOffset = VmmReply.HeaderLength };
        byte[] codes = GoldenBytes.Hex("7F 10 6F00");
        PayloadReader r = GoldenBytes.Check(m, (x, w) => x.Write(w), (x, rd) => x.Read(rd), "0100 0200 01 04030201 0C000000", codes);
        Assert.AreEqual(0x7F, r.Buffer[m.CodesOffset]);
        Assert.AreEqual(VmmReply.PayloadLength(1, 2, VmmFlags.Differential), VmmReply.HeaderLength + codes.Length);
    }

    [TestMethod]
    public void ConductanceReplyGoldenBytes()
    {
        var m = new ConductanceReply { Rows = 2, Cols = 3, ReadMillivolts = 100 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "0200 0300 6400");
        Assert.AreEqual(ConductanceReply.HeaderLength, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void ResetReplyGoldenBytes()
    {
        var m = new ResetReply { Resets = 0x01020304 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "04030201");
        Assert.AreEqual(ResetReply.PayloadLength, GoldenBytes.Written(m.Write).Length);
    }
}
