namespace CimController.Firmware.Desktop.Nspi;

/// <summary>
/// The <c>status</c> word of an NSPI reply (kit README, "Virtual ESP32"). The nanoCLR treats every non-zero status as
/// a failed transfer (the managed SpiDevice call fails with CLR_E_FAIL); the codes tell a log or a test why. Refusals
/// carry no data (<c>len</c> 0): the nanoCLR reads <c>len</c> bytes whatever the status, so the stream stays in step.
/// </summary>
public enum NspiStatus : uint
{
    /// <summary>The transfer was done; <c>len</c> = readLen bytes follow.</summary>
    Ok = 0,
    /// <summary>The request did not start with 0x4950534E ("NSPI"). The server closes the connection after this reply:
    /// nothing after a bad magic can be trusted to be a request.</summary>
    BadMagic = 1,
    /// <summary>op is not 1 (transfer). Its write bytes were consumed; the connection stays open.</summary>
    UnknownOp = 2,
    /// <summary>writeLen or readLen beyond <see cref="NspiBoardServer.MaxTransferBytes"/>. The write bytes are not read,
    /// so the server closes the connection after this reply.</summary>
    TooLong = 3,
    /// <summary>No emulated device on that (bus, chip select).</summary>
    NoDevice = 4,
    /// <summary>The device does not work in the requested SPI mode.</summary>
    ModeNotSupported = 5,
    /// <summary>16-bit words (flags bit 1): the emulated devices take byte streams only.</summary>
    WordSizeNotSupported = 6,
    /// <summary>Chip select active high (flags bit 2): every emulated device's chip select is active low.</summary>
    ChipSelectPolarity = 7,
    /// <summary>Flag bits 3-7 set: not defined by the wire format.</summary>
    UnknownFlags = 8,
    /// <summary>The emulated device threw while doing the transfer (an emulator bug; the message is logged).</summary>
    DeviceFault = 9,
}
