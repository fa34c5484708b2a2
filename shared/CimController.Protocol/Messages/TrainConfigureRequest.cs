namespace CimController.Protocol.Messages
{
    /// <summary>
    /// TrainConfigure (0x10), layout in <see cref="TrainLayout.ConfigureHeaderLength"/>: a header of
    /// <see cref="TrainLayout.ConfigureHeaderLength"/> bytes, then <see cref="Layers"/> x u32 first weight of each layer.
    /// The firmware reads in two steps so it can check the header before the layer starts:
    /// <see cref="ReadHeader"/>, then <see cref="ReadLayerStarts"/> into the preallocated <see cref="LayerStarts"/>.
    /// </summary>
    public sealed class TrainConfigureRequest
    {
        public uint Token;
        public int Mode;
        public int MaxTrials;
        public int Averages;
        /// <summary>Layers L: how many entries of <see cref="LayerStarts"/> travel.</summary>
        public int Layers;
        public int Weights;
        public uint ThresholdNanosiemens;
        public uint GminNanosiemens;
        public uint GmaxNanosiemens;
        public uint ToleranceNanosiemens;
        public uint LastStep;
        public uint ResumeFirst;
        /// <summary>First weight index of each layer; the first <see cref="Layers"/> entries are used.</summary>
        public int[] LayerStarts = new int[TrainLayout.MaxLayers];

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32(Token);
            w.WriteByte(Mode);
            w.WriteByte(MaxTrials);
            w.WriteByte(Averages);
            w.WriteByte(Layers);
            w.WriteUInt32((uint)Weights);
            w.WriteUInt32(ThresholdNanosiemens);
            w.WriteUInt32(GminNanosiemens);
            w.WriteUInt32(GmaxNanosiemens);
            w.WriteUInt32(ToleranceNanosiemens);
            w.WriteUInt32(LastStep);
            w.WriteUInt32(ResumeFirst);
            for (int l = 0; l < Layers; l++)
            {
                w.WriteUInt32((uint)LayerStarts[l]);
            }
        }

        /// <summary>Reads the header and the layer starts (the layer count must fit <see cref="LayerStarts"/> or it is replaced).</summary>
        public void Read(PayloadReader r)
        {
            ReadHeader(r);
            if (LayerStarts.Length < Layers)
            {
                LayerStarts = new int[Layers];
            }
            ReadLayerStarts(r);
        }

        /// <summary>Reads the <see cref="TrainLayout.ConfigureHeaderLength"/>-byte header.</summary>
        public void ReadHeader(PayloadReader r)
        {
            Token = r.ReadUInt32();
            Mode = r.ReadByte();
            MaxTrials = r.ReadByte();
            Averages = r.ReadByte();
            Layers = r.ReadByte();
            Weights = (int)r.ReadUInt32();
            ThresholdNanosiemens = r.ReadUInt32();
            GminNanosiemens = r.ReadUInt32();
            GmaxNanosiemens = r.ReadUInt32();
            ToleranceNanosiemens = r.ReadUInt32();
            LastStep = r.ReadUInt32();
            ResumeFirst = r.ReadUInt32();
        }

        /// <summary>Reads <see cref="Layers"/> layer starts into <see cref="LayerStarts"/> (which must hold them).</summary>
        public void ReadLayerStarts(PayloadReader r)
        {
            for (int l = 0; l < Layers; l++)
            {
                LayerStarts[l] = (int)r.ReadUInt32();
            }
        }
    }
}
