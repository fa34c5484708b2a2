namespace CimController.Firmware.Desktop.Nspi;

/// <summary>
/// The fixed 24-byte head of an NSPI request, field by field as on the wire (kit README, "Virtual ESP32");
/// <see cref="NspiCodec"/> reads and writes it.
/// </summary>
/// <param name="Magic">0x4950534E ("NSPI") in a valid request.</param>
/// <param name="Op">1 = transfer.</param>
/// <param name="Bus">Managed SPI bus id, 1-based.</param>
/// <param name="Flags">Bit 0 full duplex, bit 1 16-bit words, bit 2 chip select active high.</param>
/// <param name="Mode">SPI mode 0..3.</param>
/// <param name="ChipSelect">Chip-select GPIO, -1 for none.</param>
/// <param name="ClockHz">SPI clock the app asked for, Hz.</param>
/// <param name="WriteLength">Bytes the master writes (they follow the header).</param>
/// <param name="ReadLength">Bytes the master reads (the reply's data).</param>
public readonly record struct NspiRequestHeader(uint Magic, byte Op, byte Bus, byte Flags, byte Mode, int ChipSelect, uint ClockHz,
    uint WriteLength, uint ReadLength)
{
    /// <summary>Flags bit 0: read bytes are clocked in while the write bytes go out.</summary>
    public bool FullDuplex => (Flags & NspiCodec.FullDuplexFlag) != 0;

    /// <summary>Flags bit 1: the buffers hold 16-bit words (lengths are still in bytes).</summary>
    public bool Words16 => (Flags & NspiCodec.Words16Flag) != 0;

    /// <summary>Flags bit 2: chip select is active high.</summary>
    public bool ChipSelectActiveHigh => (Flags & NspiCodec.ChipSelectActiveHighFlag) != 0;

    /// <summary>A valid transfer request head (magic and op set) as the nanoCLR sends it for an 8-bit, chip-select-low device.</summary>
    public static NspiRequestHeader Transfer(int bus, int chipSelect, int mode, uint clockHz, uint writeLength, uint readLength, bool fullDuplex = true) =>
        new(NspiCodec.Magic, NspiCodec.TransferOp, (byte)bus, fullDuplex ? NspiCodec.FullDuplexFlag : (byte)0, (byte)mode, chipSelect, clockHz,
            writeLength, readLength);
}
