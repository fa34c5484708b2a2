namespace CimController.Protocol.Messages
{
    /// <summary>
    /// FfpBuildTable (host -> firmware, protocol 1.2): u32 first bin's lower edge in milliohms, u32 bin width
    /// in milliohms (0: span the stored calibration's resistance range with <see cref="Bins"/> bins), u16
    /// bins, u32 target band low |dR| milliohms, u32 target band high |dR| milliohms (Diao 2025: 100..300),
    /// u32 programming pulse width ns (0: the calibration width), u32 table version (0: the firmware counts).
    /// Reply FfpTableBuilt: the table, as <see cref="FfpTableData"/>.
    /// </summary>
    public sealed class FfpBuildTableRequest
    {
        public const int Length = 26;

        public uint RMinMilliohms;
        public uint BinWidthMilliohms;
        public int Bins = 64;
        public uint BandLowMilliohms = 100;
        public uint BandHighMilliohms = 300;
        public uint WidthNs;
        public uint Version;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32(RMinMilliohms);
            w.WriteUInt32(BinWidthMilliohms);
            w.WriteUInt16(Bins);
            w.WriteUInt32(BandLowMilliohms);
            w.WriteUInt32(BandHighMilliohms);
            w.WriteUInt32(WidthNs);
            w.WriteUInt32(Version);
        }

        public void Read(PayloadReader r)
        {
            RMinMilliohms = r.ReadUInt32();
            BinWidthMilliohms = r.ReadUInt32();
            Bins = r.ReadUInt16();
            BandLowMilliohms = r.ReadUInt32();
            BandHighMilliohms = r.ReadUInt32();
            WidthNs = r.ReadUInt32();
            Version = r.ReadUInt32();
        }
    }
}
