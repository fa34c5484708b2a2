using System;

namespace CimController.Protocol
{
    /// <summary>The desktop build's half of <see cref="Crc32"/> (this folder is compiled into the desktop protocol assembly only).</summary>
    public static partial class Crc32
    {
        /// <summary>System.IO.Hashing's CRC-32, which folds 64 bytes per step with carry-less multiplies where the CPU has them
        /// (Vmm frames carry hundreds of kilobytes of codes per training batch).</summary>
        static partial void ComputeAccelerated(byte[] data, int offset, int count, ref uint crc, ref bool computed)
        {
            crc = System.IO.Hashing.Crc32.HashToUInt32(new ReadOnlySpan<byte>(data, offset, count));
            computed = true;
        }
    }
}
