namespace CimController.Protocol.Messages
{
    /// <summary>
    /// VmmResult (reply to Vmm): u16 vector count, u16 columns, u8 flags, u32 chip cycles, u32 tile
    /// operations, then vector count * columns u8 ADC codes (vector-major), then, with
    /// <see cref="VmmFlags.Differential"/>, vector count * columns/2 i16 differential codes.
    /// </summary>
    public static class VmmReply
    {
        public const int HeaderLength = 13;

        /// <summary>Payload length of a reply for these sizes.</summary>
        public static int PayloadLength(int vectors, int cols, int flags)
        {
            int n = HeaderLength + vectors * cols;
            if ((flags & VmmFlags.Differential) != 0)
            {
                n += vectors * (cols / 2) * 2;
            }
            return n;
        }
    }
}
