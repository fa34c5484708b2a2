using System;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>NetworkLoad's memory check computes activation sizes in 64 bits: a program far beyond the limit is refused with its real size.</summary>
[TestClass]
public sealed class NetworkLoadSizeTests
{
    private const int Seed = 912;

    /// <summary>A format-4 program: one Conv of <paramref name="outputs"/> 1x1 kernels on a 1 x <paramref name="size"/> x <paramref name="size"/> input, one slot.</summary>
    private static byte[] OneConv(int sequence, int size, int outputs) => TestFrames.Build(MessageType.NetworkLoad, sequence, w =>
    {
        w.WriteUInt16(InferenceLayout.ProgramFormat);
        w.WriteByte(1); w.WriteByte(size); w.WriteByte(size);
        w.WriteUInt16((int)Math.Min(65535L, (long)outputs * size * size)); w.WriteUInt16(1); w.WriteByte(1); // classes, max batch, ops
        w.WriteUInt32(1); w.WriteByte(0); // pixel scale 1 x 2^0
        w.WriteByte(0);
        w.WriteByte(InferenceLayout.OpConv); w.WriteByte(1); w.WriteByte(1); w.WriteUInt16(outputs);
        w.WriteByte(0); w.WriteByte(1); // no bias, one slot
        w.WriteByte(0); w.WriteUInt16(0); w.WriteUInt16(0); // tile, row0, col0
        w.WriteUInt16(0); w.WriteUInt16(1); w.WriteUInt16(0); w.WriteUInt16(1); // first weight row, rows, first output, outputs
        w.WriteUInt32(1); w.WriteByte(0); w.WriteUInt32(1); w.WriteByte(0); // q, k
        w.WriteByte(0); w.WriteByte(1); w.WriteByte(1); // code max, repeats, copies
    });

    [TestMethod]
    public void AConvOf65535OutputsOn255x255IsRefusedWithItsRealSize()
    {
        using var f = new FirmwareFixture(Seed);
        ErrorMessage e = f.Send(OneConv(1, 255, 65535)).AsError();
        Console.WriteLine($"{ErrorCode.Name(e.Code)}: {e.Message}");
        Assert.AreEqual(ErrorCode.OutOfRange, e.Code);
        // 65,535 x 255 x 255 = 4,261,413,375 values: 8 bytes each for two f32 buffers = 34,091,307,000 bytes
        StringAssert.Contains(e.Message, "NetworkLoad op 0 output 65535x255x255 = 4261413375 values needs 34091307000 bytes per image");
        StringAssert.Contains(e.Message, "this firmware allows 1048576 bytes");
        ErrorMessage forward = f.Send(TestFrames.Build(MessageType.Forward, 2, w => { w.WriteUInt32(0); w.WriteUInt16(1); w.WriteByte(0); w.Skip(255 * 255); })).AsError();
        Assert.AreEqual(ErrorCode.NotReady, forward.Code, "nothing was loaded: " + forward.Message);
        Reply status = f.Send(TestFrames.Empty(MessageType.NetworkStatus, 3));
        Assert.AreEqual(0u, status.Reader().ReadUInt32(), "no program id");
    }

    [TestMethod]
    public void AProgramThatFitsIsStillLoaded()
    {
        using var f = new FirmwareFixture(Seed);
        Reply r = f.Send(OneConv(1, 8, 1));
        Assert.AreEqual(MessageType.NetworkLoaded, r.Type, r.ToString());
    }

    [TestMethod]
    public void TheConfiguredForwardMemoryBudgetIsHonoured()
    {
        using var f = new FirmwareFixture(Seed, c => c.ForwardMemoryLimitBytes = 1000);
        ErrorMessage e = f.Send(OneConv(1, 8, 1)).AsError();
        Console.WriteLine($"{ErrorCode.Name(e.Code)}: {e.Message}");
        Assert.AreEqual(ErrorCode.OutOfRange, e.Code);
        StringAssert.Contains(e.Message, "needs 1220 bytes of buffers for max batch 1");
        StringAssert.Contains(e.Message, "this firmware allows 1000;");
        using var roomy = new FirmwareFixture(Seed, c => c.ForwardMemoryLimitBytes = 64 * 1024);
        Assert.AreEqual(MessageType.NetworkLoaded, roomy.Send(OneConv(1, 8, 1)).Type, "the same program within a 64 KB budget");
    }
}
