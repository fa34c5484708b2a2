namespace CimController.Protocol
{
    /// <summary>
    /// CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF), the
    /// project's own, checked in tests against System.IO.Hashing.Crc32. On desktop .NET <see cref="Compute"/> is
    /// System.IO.Hashing's (vectorised; <c>ComputeAccelerated</c>) and <see cref="Update"/> processes eight bytes per step
    /// from eight 256-entry tables (slicing-by-8, 8 KB); on nanoFramework (NANOFRAMEWORK_V1_0) it keeps one table (1 KB of
    /// heap) and goes byte by byte.
    /// </summary>
    public static partial class Crc32
    {
#if NANOFRAMEWORK_V1_0
        private const int Slices = 1;
#else
        private const int Slices = 8;
#endif
        private static readonly uint[] Table = BuildTable();

        private static uint[] BuildTable()
        {
            uint[] table = new uint[Slices * 256];
            for (uint i = 0; i < 256; i++)
            {
                uint c = i;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }
                table[i] = c;
            }
            // table[t*256 + i]: the CRC of byte i followed by t zero bytes.
            for (int t = 1; t < Slices; t++)
            {
                for (int i = 0; i < 256; i++)
                {
                    uint prev = table[(t - 1) * 256 + i];
                    table[t * 256 + i] = (prev >> 8) ^ table[prev & 0xFF];
                }
            }
            return table;
        }

        /// <summary>CRC-32 of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            uint crc = 0;
            bool computed = false;
            ComputeAccelerated(data, offset, count, ref crc, ref computed);
            if (computed)
            {
                return crc;
            }
            return Finish(Update(Start, data, offset, count));
        }

        /// <summary>
        /// The same CRC from a faster implementation where the build has one: the desktop build's
        /// shared/CimController.Protocol.Desktop/Crc32.Desktop.cs (System.IO.Hashing); the nanoFramework build has none and the
        /// compiler drops the call.
        /// </summary>
        static partial void ComputeAccelerated(byte[] data, int offset, int count, ref uint crc, ref bool computed);

        /// <summary>Initial running value for <see cref="Update"/>.</summary>
        public const uint Start = 0xFFFFFFFFu;

        /// <summary>Feeds bytes into a running value that started at <see cref="Start"/>.</summary>
        public static uint Update(uint running, byte[] data, int offset, int count)
        {
            uint[] table = Table;
            int i = offset;
            int end = offset + count;
#if !NANOFRAMEWORK_V1_0
            while (end - i >= 8)
            {
                uint one = running ^ (uint)(data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
                uint two = (uint)(data[i + 4] | (data[i + 5] << 8) | (data[i + 6] << 16) | (data[i + 7] << 24));
                running = table[1792 + (one & 0xFF)] ^ table[1536 + ((one >> 8) & 0xFF)] ^ table[1280 + ((one >> 16) & 0xFF)] ^ table[1024 + (one >> 24)]
                    ^ table[768 + (two & 0xFF)] ^ table[512 + ((two >> 8) & 0xFF)] ^ table[256 + ((two >> 16) & 0xFF)] ^ table[two >> 24];
                i += 8;
            }
#endif
            for (; i < end; i++)
            {
                running = table[(running ^ data[i]) & 0xFF] ^ (running >> 8);
            }
            return running;
        }

        /// <summary>Turns a running value into the CRC.</summary>
        public static uint Finish(uint running)
        {
            return running ^ 0xFFFFFFFFu;
        }
    }
}
