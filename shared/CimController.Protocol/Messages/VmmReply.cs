namespace CimController.Protocol.Messages
{
    /// <summary>
    /// VmmResult (reply to Vmm): u16 vector count, u16 columns, u8 flags, u32 chip cycles, u32 tile
    /// operations, then vector count * columns u8 ADC codes (vector-major) or, with <see cref="VmmFlags.Summed"/>
    /// (1.4), u16 sums of the conversions' codes, then, with <see cref="VmmFlags.Differential"/>,
    /// vector count * columns/2 i16 differential codes (of the sums when summed).
    /// </summary>
    public static class VmmReply
    {
        public const int HeaderLength = 13;

        /// <summary>Payload length of a reply for these sizes and reply flags.</summary>
        public static int PayloadLength(int vectors, int cols, int flags)
        {
            int codeBytes = (flags & VmmFlags.Summed) != 0 ? 2 : 1;
            int n = HeaderLength + vectors * cols * codeBytes;
            if ((flags & VmmFlags.Differential) != 0)
            {
                n += vectors * (cols / 2) * 2;
            }
            return n;
        }
    }
}
