namespace CimController.Protocol.Messages
{
    /// <summary>
    /// The header of TrainUpdate (0x12): u32 token, u32 step, u16 epoch, u32 first weight, u16 count
    /// (<see cref="TrainLayout.UpdateHeaderLength"/> bytes). The count x f32 dW_new nS that follow are not part of the type:
    /// the host writes them after the header (<see cref="PayloadWriter.WriteSingle"/>) and the firmware applies them where
    /// they lie in the frame, at <see cref="UpdatesOffset"/>, so a chunk is never copied.
    /// </summary>
    public sealed class TrainUpdateRequest
    {
        public uint Token;
        public uint Step;
        public int Epoch;
        public int First;
        public int Count;
        /// <summary>After <see cref="Read"/>: absolute offset of the first f32 update in the reader's buffer.</summary>
        public int UpdatesOffset;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32(Token);
            w.WriteUInt32(Step);
            w.WriteUInt16(Epoch);
            w.WriteUInt32((uint)First);
            w.WriteUInt16(Count);
        }

        /// <summary>Reads the header; the updates are left in place at <see cref="UpdatesOffset"/>.</summary>
        public void Read(PayloadReader r)
        {
            Token = r.ReadUInt32();
            Step = r.ReadUInt32();
            Epoch = r.ReadUInt16();
            First = (int)r.ReadUInt32();
            Count = r.ReadUInt16();
            UpdatesOffset = r.Position;
        }
    }
}
