using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Protocol.Tests;

/// <summary>Golden bytes of the edge-inference messages (InferenceLayout): one fixed instance per type, its exact payload, both directions.</summary>
[TestClass]
public sealed class NetworkMessageGoldenTests
{
    [TestMethod]
    public void NetworkLoadedReplyGoldenBytes()
    {
        var m = new NetworkLoadedReply { ProgramId = 0xDEADBEEF, MaxBatch = 16, Bytes = 12345, MemoryLimitBytes = 1 << 20, CrossbarLayers = 5, Ops = 11, Slots = 9 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "EFBEADDE 1000 39300000 00001000 05 0B 0900");
        Assert.AreEqual(InferenceLayout.LoadedLength, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void NetworkStatusReplyGoldenBytes()
    {
        var m = new NetworkStatusReply { ProgramId = 0xDEADBEEF, MaxBatch = 16, Bytes = 12345, MemoryLimitBytes = 1 << 20, Forwards = 3, Images = 40 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "EFBEADDE 1000 39300000 00001000 03000000 28000000");
        Assert.AreEqual(InferenceLayout.StatusLength, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void ForwardRequestGoldenBytesLeaveThePixelsInPlace()
    {
        var m = new ForwardRequest { ProgramId = 0xDEADBEEF, Images = 2, Flags = 0, PixelsOffset = InferenceLayout.ForwardHeaderLength };
        byte[] pixels = [0x01, 0x02, 0xFE, 0xFF];
        PayloadReader r = GoldenBytes.Check(m, (x, w) => x.Write(w), (x, rd) => x.Read(rd), "EFBEADDE 0200 00", pixels);
        Assert.AreEqual(0xFE, r.Buffer[m.PixelsOffset + 2]);
    }

    [TestMethod]
    public void ForwardReplyGoldenBytes()
    {
        var m = new ForwardReply { ProgramId = 0xDEADBEEF, Images = 2, Classes = 10, ChipCycles = 100000, TileOps = 500, MacCommands = 7, FirmwareMs = 12 };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => x.Read(r), "EFBEADDE 0200 0A00 A0860100 F4010000 07000000 0C000000");
        Assert.AreEqual(InferenceLayout.ForwardReplyHeaderLength, GoldenBytes.Written(m.Write).Length);
    }

    [TestMethod]
    public void ForwardImageResultGoldenBytes()
    {
        var m = new ForwardImageResult { Class = 1, Classes = 3, LogitsQ16 = [65536, -32768, 0] };
        GoldenBytes.Check(m, (x, w) => x.Write(w), (x, r) => { x.Classes = 3; x.Read(r); }, "01 00000100 0080FFFF 00000000");
        Assert.AreEqual(InferenceLayout.ImageResultLength(3), GoldenBytes.Written(m.Write).Length);
    }
}
