using System.Text;
using CimController.Firmware.Desktop.Nspi;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CimController.Firmware.Tests.NspiTestData;

namespace CimController.Firmware.Tests;

/// <summary>The NSPI wire format byte for byte (kit README, "Virtual ESP32"): request and reply headers, status codes.</summary>
[TestClass]
public sealed class NspiWireFormatTests
{
    [TestMethod]
    public void RequestBytesAreTheKitReadmeFormat()
    {
        var header = NspiRequestHeader.Transfer(bus: 1, chipSelect: 5, mode: 0, clockHz: 8_000_000, writeLength: 6, readLength: 6);
        var bytes = new byte[NspiCodec.RequestHeaderLength];
        NspiCodec.WriteRequestHeader(header, bytes);
        CollectionAssert.AreEqual(new byte[]
        {
            0x4E, 0x53, 0x50, 0x49, // magic 0x4950534E, "NSPI" in memory
            0x01,                   // op 1 = transfer
            0x01,                   // bus 1
            0x01,                   // flags: bit0 full duplex
            0x00,                   // SPI mode 0
            0x05, 0x00, 0x00, 0x00, // chip select GPIO 5
            0x00, 0x12, 0x7A, 0x00, // 8,000,000 Hz
            0x06, 0x00, 0x00, 0x00, // writeLen 6
            0x06, 0x00, 0x00, 0x00, // readLen 6
        }, bytes);
        Assert.AreEqual("NSPI", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.AreEqual(header, NspiCodec.ReadRequestHeader(bytes));

        var other = new NspiRequestHeader(NspiCodec.Magic, 1, 2, NspiCodec.Words16Flag | NspiCodec.ChipSelectActiveHighFlag, 3, -1, 1_000_000, 0x01020304, 0);
        NspiCodec.WriteRequestHeader(other, bytes);
        Assert.AreEqual(0x06, bytes[6], "half duplex, 16-bit words, chip select active high");
        CollectionAssert.AreEqual(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, bytes[8..12], "chip select -1 (none) is an i32");
        CollectionAssert.AreEqual(new byte[] { 0x04, 0x03, 0x02, 0x01 }, bytes[16..20]);
        var back = NspiCodec.ReadRequestHeader(bytes);
        Assert.AreEqual(other, back);
        Assert.IsFalse(back.FullDuplex);
        Assert.IsTrue(back.Words16);
        Assert.IsTrue(back.ChipSelectActiveHigh);
    }

    [TestMethod]
    public void ReplyBytesAreTheKitReadmeFormat()
    {
        var bytes = new byte[NspiCodec.ReplyHeaderLength];
        NspiCodec.WriteReplyHeader(NspiStatus.Ok, 6, bytes);
        CollectionAssert.AreEqual(new byte[] { 0, 0, 0, 0, 6, 0, 0, 0 }, bytes, "status 0 ok, len 6");
        NspiCodec.WriteReplyHeader(NspiStatus.NoDevice, 0, bytes);
        CollectionAssert.AreEqual(new byte[] { 4, 0, 0, 0, 0, 0, 0, 0 }, bytes, "a refusal: non-zero status, no data");
        NspiCodec.ReadReplyHeader(new byte[] { 0x10, 0x00, 0x00, 0x80, 0x00, 0x01, 0x00, 0x00 }, out var status, out uint length);
        Assert.AreEqual(0x80000010u, (uint)status);
        Assert.AreEqual(256u, length);
    }

    [TestMethod]
    public void StatusCodesAreFixed()
    {
        // Documented numbers: logs and other peers depend on them.
        Assert.AreEqual(0u, (uint)NspiStatus.Ok);
        Assert.AreEqual(1u, (uint)NspiStatus.BadMagic);
        Assert.AreEqual(2u, (uint)NspiStatus.UnknownOp);
        Assert.AreEqual(3u, (uint)NspiStatus.TooLong);
        Assert.AreEqual(4u, (uint)NspiStatus.NoDevice);
        Assert.AreEqual(5u, (uint)NspiStatus.ModeNotSupported);
        Assert.AreEqual(6u, (uint)NspiStatus.WordSizeNotSupported);
        Assert.AreEqual(7u, (uint)NspiStatus.ChipSelectPolarity);
        Assert.AreEqual(8u, (uint)NspiStatus.UnknownFlags);
        Assert.AreEqual(9u, (uint)NspiStatus.DeviceFault);
    }
}
