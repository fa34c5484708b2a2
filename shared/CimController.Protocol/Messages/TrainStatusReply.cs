namespace CimController.Protocol.Messages
{
    /// <summary>
    /// TrainStatusResult (0x94, reply to an empty TrainStatus): u32 token (0: no session), u8 mode, u8 layers L, u32 weights,
    /// u32 weights loaded, u32 last step, u32 last first weight, u32 chunks applied, u16 epoch, u32 writes in total, u32 writes
    /// this epoch, u32 failed writes, u32 pulses, u32 firmware resets when the session began, u32 firmware resets now
    /// (<see cref="TrainLayout.StatusHeaderLength"/> bytes), then L x u32 writes per layer (<see cref="LayerWrites"/>).
    /// </summary>
    public sealed class TrainStatusReply
    {
        public uint Token;
        public int Mode;
        public int Layers;
        public int Weights;
        public int Loaded;
        public uint LastStep;
        public uint LastFirst;
        public uint ChunksApplied;
        public int Epoch;
        public uint WritesTotal;
        public uint WritesThisEpoch;
        public uint FailedWrites;
        public uint Pulses;
        public uint ResetsAtStart;
        public uint ResetsNow;
        /// <summary>Writes per layer; the first <see cref="Layers"/> entries travel (replaced by <see cref="Read"/> when too short).</summary>
        public uint[] LayerWrites = new uint[TrainLayout.MaxLayers];

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32(Token);
            w.WriteByte(Mode);
            w.WriteByte(Layers);
            w.WriteUInt32((uint)Weights);
            w.WriteUInt32((uint)Loaded);
            w.WriteUInt32(LastStep);
            w.WriteUInt32(LastFirst);
            w.WriteUInt32(ChunksApplied);
            w.WriteUInt16(Epoch);
            w.WriteUInt32(WritesTotal);
            w.WriteUInt32(WritesThisEpoch);
            w.WriteUInt32(FailedWrites);
            w.WriteUInt32(Pulses);
            w.WriteUInt32(ResetsAtStart);
            w.WriteUInt32(ResetsNow);
            for (int l = 0; l < Layers; l++)
            {
                w.WriteUInt32(LayerWrites[l]);
            }
        }

        public void Read(PayloadReader r)
        {
            Token = r.ReadUInt32();
            Mode = r.ReadByte();
            Layers = r.ReadByte();
            Weights = (int)r.ReadUInt32();
            Loaded = (int)r.ReadUInt32();
            LastStep = r.ReadUInt32();
            LastFirst = r.ReadUInt32();
            ChunksApplied = r.ReadUInt32();
            Epoch = r.ReadUInt16();
            WritesTotal = r.ReadUInt32();
            WritesThisEpoch = r.ReadUInt32();
            FailedWrites = r.ReadUInt32();
            Pulses = r.ReadUInt32();
            ResetsAtStart = r.ReadUInt32();
            ResetsNow = r.ReadUInt32();
            if (LayerWrites.Length < Layers)
            {
                LayerWrites = new uint[Layers];
            }
            for (int l = 0; l < Layers; l++)
            {
                LayerWrites[l] = r.ReadUInt32();
            }
        }
    }
}
