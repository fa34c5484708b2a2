namespace CimController.Protocol.Messages
{
    /// <summary>
    /// Info (firmware -> host, reply to Hello): what the controller and its board are. Fields in wire
    /// order; fields added later go at the end and are read only when present.
    /// </summary>
    public sealed class InfoMessage
    {
        public int ProtocolMajor = ProtocolVersion.Major;
        public int ProtocolMinor = ProtocolVersion.Minor;
        public string FirmwareVersion = "";
        /// <summary>"emulator", "spidev", "esp32" ... : what the firmware drives.</summary>
        public string BoardKind = "";
        /// <summary>Name of the active device profile.</summary>
        public string ProfileName = "";
        public int Tiles;
        public int Rows;
        public int Columns;
        public int RowDacBits;
        public int AdcBits;
        public int WordLineDacBits;
        public int ColumnsPerAdc;
        /// <summary>Column ADC full scale in nA (the code 2^AdcBits-1).</summary>
        public uint AdcFullScaleNanoamps;
        /// <summary>Read voltage used for VMM and reads, mV.</summary>
        public int ReadMillivolts;
        /// <summary>Largest SET (positive) pulse amplitude the active profile allows, mV.</summary>
        public int MaxSetMillivolts;
        /// <summary>Largest RESET (negative) pulse amplitude magnitude the active profile allows, mV.</summary>
        public int MaxResetMillivolts;
        /// <summary>Shortest pulse width the active profile allows, ns.</summary>
        public uint MinPulseWidthNs;
        /// <summary>Longest pulse width the active profile allows, ns.</summary>
        public uint MaxPulseWidthNs;
        /// <summary>Largest payload the firmware accepts and sends.</summary>
        public int MaxPayload;
        /// <summary>Chip clock, kHz.</summary>
        public uint ClockKilohertz;
        /// <summary>Sense ADC LSB of single-cell reads, pA (protocol 1.1; 0 when the peer is 1.0).</summary>
        public uint SenseLsbPicoamps;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt16(ProtocolMajor);
            w.WriteUInt16(ProtocolMinor);
            w.WriteString(FirmwareVersion);
            w.WriteString(BoardKind);
            w.WriteString(ProfileName);
            w.WriteByte(Tiles);
            w.WriteUInt16(Rows);
            w.WriteUInt16(Columns);
            w.WriteByte(RowDacBits);
            w.WriteByte(AdcBits);
            w.WriteByte(WordLineDacBits);
            w.WriteByte(ColumnsPerAdc);
            w.WriteUInt32(AdcFullScaleNanoamps);
            w.WriteUInt16(ReadMillivolts);
            w.WriteUInt16(MaxSetMillivolts);
            w.WriteUInt16(MaxResetMillivolts);
            w.WriteUInt32(MinPulseWidthNs);
            w.WriteUInt32(MaxPulseWidthNs);
            w.WriteUInt16(MaxPayload);
            w.WriteUInt32(ClockKilohertz);
            w.WriteUInt32(SenseLsbPicoamps);
        }

        public void Read(PayloadReader r)
        {
            ProtocolMajor = r.ReadUInt16();
            ProtocolMinor = r.ReadUInt16();
            FirmwareVersion = r.ReadString();
            BoardKind = r.ReadString();
            ProfileName = r.ReadString();
            Tiles = r.ReadByte();
            Rows = r.ReadUInt16();
            Columns = r.ReadUInt16();
            RowDacBits = r.ReadByte();
            AdcBits = r.ReadByte();
            WordLineDacBits = r.ReadByte();
            ColumnsPerAdc = r.ReadByte();
            AdcFullScaleNanoamps = r.ReadUInt32();
            ReadMillivolts = r.ReadUInt16();
            MaxSetMillivolts = r.ReadUInt16();
            MaxResetMillivolts = r.ReadUInt16();
            MinPulseWidthNs = r.ReadUInt32();
            MaxPulseWidthNs = r.ReadUInt32();
            MaxPayload = r.ReadUInt16();
            ClockKilohertz = r.ReadUInt32();
            SenseLsbPicoamps = r.Remaining >= 4 ? r.ReadUInt32() : 0;
        }
    }
}
