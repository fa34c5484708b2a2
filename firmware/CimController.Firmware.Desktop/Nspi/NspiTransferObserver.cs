using System;

namespace CimController.Firmware.Desktop.Nspi;

/// <summary>
/// Called by <see cref="NspiBoardServer"/> after each transfer a device did: the request's bus, chip select and SPI
/// mode, the bytes the master wrote (<c>write[writeLen]</c>) and the bytes answered (<c>read[readLen]</c>). Runs on the
/// serving thread before the reply is sent, so a client holding the reply knows the observer has seen its transfer.
/// The spans are the server's reused buffers: valid only during the call (copy what you keep).
/// </summary>
public delegate void NspiTransferObserver(int bus, int chipSelect, int mode, ReadOnlySpan<byte> bytesOut, ReadOnlySpan<byte> bytesIn);
