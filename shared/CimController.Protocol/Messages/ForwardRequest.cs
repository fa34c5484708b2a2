namespace CimController.Protocol.Messages
{
    /// <summary>
    /// The header of Forward (0x21): u32 program id, u16 images n, u8 flags (0) (<see cref="InferenceLayout.ForwardHeaderLength"/>
    /// bytes). The n x C x H x W u8 pixels that follow are not part of the type: the host writes them after the header and
    /// the firmware reads them where they lie in the frame, at <see cref="PixelsOffset"/>, so an image batch is never copied.
    /// </summary>
    public sealed class ForwardRequest
    {
        public uint ProgramId;
        public int Images;
        public int Flags;
        /// <summary>After <see cref="Read"/>: absolute offset of the first pixel in the reader's buffer.</summary>
        public int PixelsOffset;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32(ProgramId);
            w.WriteUInt16(Images);
            w.WriteByte(Flags);
        }

        /// <summary>Reads the header; the pixels are left in place at <see cref="PixelsOffset"/>.</summary>
        public void Read(PayloadReader r)
        {
            ProgramId = r.ReadUInt32();
            Images = r.ReadUInt16();
            Flags = r.ReadByte();
            PixelsOffset = r.Position;
        }
    }
}
