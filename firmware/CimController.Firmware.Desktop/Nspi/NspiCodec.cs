using System;
using System.Buffers.Binary;

namespace CimController.Firmware.Desktop.Nspi;

/// <summary>
/// The NSPI wire format of the kit's virtual ESP32 (/work/shared/tools/nanoclr/README.md, "Virtual ESP32";
/// cpu_spi_posix.cpp of its patch), integers little-endian, one reply per request:
/// request <c>u32 magic 0x4950534E</c>, <c>u8 op</c>, <c>u8 bus</c>, <c>u8 flags</c>, <c>u8 spiMode</c>,
/// <c>i32 chipSelect</c>, <c>u32 clockHz</c>, <c>u32 writeLen</c>, <c>u32 readLen</c>, then <c>write[writeLen]</c>;
/// reply <c>u32 status</c>, <c>u32 len</c>, then <c>read[len]</c>.
/// </summary>
public static class NspiCodec
{
    /// <summary>"NSPI" read as a little-endian u32.</summary>
    public const uint Magic = 0x4950534E;
    /// <summary>The only op: one SPI transfer.</summary>
    public const byte TransferOp = 1;
    /// <summary>Bytes of a request before its write data.</summary>
    public const int RequestHeaderLength = 24;
    /// <summary>Bytes of a reply before its read data.</summary>
    public const int ReplyHeaderLength = 8;
    /// <summary>Flags bit 0: full duplex.</summary>
    public const byte FullDuplexFlag = 0x01;
    /// <summary>Flags bit 1: 16-bit words.</summary>
    public const byte Words16Flag = 0x02;
    /// <summary>Flags bit 2: chip select active high.</summary>
    public const byte ChipSelectActiveHighFlag = 0x04;
    /// <summary>Every flag bit the format defines.</summary>
    public const byte KnownFlags = FullDuplexFlag | Words16Flag | ChipSelectActiveHighFlag;

    /// <summary>Decodes the first <see cref="RequestHeaderLength"/> bytes of <paramref name="source"/> (no checks: see the fields).</summary>
    public static NspiRequestHeader ReadRequestHeader(ReadOnlySpan<byte> source)
    {
        if (source.Length < RequestHeaderLength)
            throw new ArgumentException($"an NSPI request header is {RequestHeaderLength} bytes, got {source.Length}", nameof(source));
        return new NspiRequestHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(source),
            source[4], source[5], source[6], source[7],
            BinaryPrimitives.ReadInt32LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[20..]));
    }

    /// <summary>Encodes <paramref name="header"/> into the first <see cref="RequestHeaderLength"/> bytes of <paramref name="destination"/>.</summary>
    public static void WriteRequestHeader(in NspiRequestHeader header, Span<byte> destination)
    {
        if (destination.Length < RequestHeaderLength)
            throw new ArgumentException($"an NSPI request header is {RequestHeaderLength} bytes, room for {destination.Length}", nameof(destination));
        BinaryPrimitives.WriteUInt32LittleEndian(destination, header.Magic);
        destination[4] = header.Op;
        destination[5] = header.Bus;
        destination[6] = header.Flags;
        destination[7] = header.Mode;
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], header.ChipSelect);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], header.ClockHz);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], header.WriteLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], header.ReadLength);
    }

    /// <summary>Encodes a reply head: <paramref name="status"/>, then <paramref name="length"/> (the read bytes that follow).</summary>
    public static void WriteReplyHeader(NspiStatus status, uint length, Span<byte> destination)
    {
        if (destination.Length < ReplyHeaderLength)
            throw new ArgumentException($"an NSPI reply header is {ReplyHeaderLength} bytes, room for {destination.Length}", nameof(destination));
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)status);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], length);
    }

    /// <summary>Decodes a reply head.</summary>
    public static void ReadReplyHeader(ReadOnlySpan<byte> source, out NspiStatus status, out uint length)
    {
        if (source.Length < ReplyHeaderLength)
            throw new ArgumentException($"an NSPI reply header is {ReplyHeaderLength} bytes, got {source.Length}", nameof(source));
        status = (NspiStatus)BinaryPrimitives.ReadUInt32LittleEndian(source);
        length = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
    }
}
