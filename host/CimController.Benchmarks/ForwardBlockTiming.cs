using CimController.Host;

namespace CimController.Benchmarks
{
    /// <summary>Per-batch milliseconds of one block in one repeat, by stage.</summary>
    /// <param name="Block">The block.</param>
    /// <param name="Vectors">Vectors per batch.</param>
    /// <param name="Requests">Vmm frames per batch.</param>
    /// <param name="QuantiseMs">Host: float activations to 8-bit DAC codes (the chip session's loop).</param>
    /// <param name="VmmMs">Wall time of <see cref="CimClient.Vmm"/> (everything below).</param>
    /// <param name="HostMs">Host thread inside Vmm, minus transport reads and writes: encode, CRC, decode, parse.</param>
    /// <param name="HostWriteMs">Host: transport writes (the in-process link).</param>
    /// <param name="FirmwareMs">Firmware thread busy, minus SPI and link writes: frame decode and CRC, dispatch, Vmm command, reply encode and CRC.</param>
    /// <param name="SpiMs">SPI transactions into the emulated board, the MAC included.</param>
    /// <param name="FirmwareWriteMs">Firmware: link writes of the replies.</param>
    /// <param name="OtherMs">The rest of the Vmm wall time: hand-over between the two threads, scheduling, GC.</param>
    /// <param name="DequantiseMs">Host: differential codes to layer outputs (z += k d).</param>
    public readonly record struct ForwardBlockTiming(ForwardBlock Block, int Vectors, double Requests, double QuantiseMs, double VmmMs, double HostMs,
        double HostWriteMs, double FirmwareMs, double SpiMs, double FirmwareWriteMs, double OtherMs, double DequantiseMs)
    {
        /// <summary>Everything for this block, per batch.</summary>
        public double TotalMs => QuantiseMs + VmmMs + DequantiseMs;
    }
}
