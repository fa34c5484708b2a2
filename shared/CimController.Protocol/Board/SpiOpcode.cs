namespace CimController.Protocol.Board
{
    /// <summary>First byte of every SPI transaction (boards/SPI-REGISTER-MAP.md, "Transactions").</summary>
    public static class SpiOpcode
    {
        /// <summary>[0x01, reg, 0, 0, 0, 0]: rx[2..5] = register value, u32 little-endian.</summary>
        public const byte ReadRegister = 0x01;
        /// <summary>[0x02, reg, v0, v1, v2, v3]: writes a u32 little-endian value.</summary>
        public const byte WriteRegister = 0x02;
        /// <summary>[0x03, buf, offLo, offHi, lenLo, lenHi, data x len]: writes into a board buffer.</summary>
        public const byte WriteBurst = 0x03;
        /// <summary>[0x04, buf, offLo, offHi, lenLo, lenHi, turnaround, 0 x len]: rx[7..7+len] = buffer bytes.</summary>
        public const byte ReadBurst = 0x04;

        /// <summary>Bytes of a register transaction.</summary>
        public const int RegisterTransactionLength = 6;
        /// <summary>Header bytes of a burst write (data follows).</summary>
        public const int BurstWriteHeaderLength = 6;
        /// <summary>Header bytes of a burst read including the turnaround byte (data follows).</summary>
        public const int BurstReadHeaderLength = 7;
        /// <summary>Largest SPI transaction the firmware sends: 4096 bytes, the default transfer limit of Linux spidev
        /// (bufsiz) and well inside the ESP32's 16384-byte SPI DMA limit.</summary>
        public const int MaxTransferLength = 4096;
        /// <summary>Largest data length of one burst the firmware sends, so that a burst read with its 7-byte header fits <see cref="MaxTransferLength"/>.
        /// Boards accept bursts of up to 4096 data bytes.</summary>
        public const int MaxBurstData = MaxTransferLength - BurstReadHeaderLength;
    }
}
