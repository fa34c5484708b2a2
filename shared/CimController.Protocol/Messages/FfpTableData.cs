namespace CimController.Protocol.Messages
{
    /// <summary>
    /// The FFP lookup table (Diao 2025: per resistance state, the write voltage whose |dR| per pulse lies in
    /// 0.1..0.3 ohm) and its wire format, shared by firmware and host (FfpTable reply, FfpTableSet request,
    /// FfpTableBuilt reply). Bin b covers [RMin + b*BinWidth, RMin + (b+1)*BinWidth) milliohms.
    /// <code>
    /// u16 format (1) | u32 version | string profile | u32 rMin mohm | u32 bin width mohm | u16 bins
    /// | u32 band low mohm | u32 band high mohm | u32 pulse width ns
    /// | bins x (u16 potentiation mV, u16 depression mV, u32 expected |dR| pot. mohm, u32 expected |dR| dep. mohm, u8 pot. flags, u8 dep. flags)
    /// | u32 CRC-32 (IEEE) over every byte before it
    /// </code>
    /// A voltage of 0 means "no entry". Arrays are allocated once for <see cref="Capacity"/> bins:
    /// 14 bytes per bin.
    /// </summary>
    public sealed class FfpTableData
    {
        /// <summary>Value of the format field this code writes and reads.</summary>
        public const int Format = 1;
        /// <summary>Bytes of one bin on the wire.</summary>
        public const int BinBytes = 14;
        /// <summary>Fixed bytes before the profile string's characters: u16 + u32 + u8 length.</summary>
        private const int LeadBytes = 7;
        /// <summary>Fixed bytes between the profile string and the bins.</summary>
        private const int MidBytes = 22;

        public uint Version;
        public string ProfileName = "";
        public uint RMinMilliohms;
        public uint BinWidthMilliohms;
        public int Bins;
        public uint BandLowMilliohms;
        public uint BandHighMilliohms;
        public uint WidthNs;
        /// <summary>Potentiation (toward LRS, SET polarity) voltage per bin, mV.</summary>
        public readonly ushort[] PotentiationMv;
        /// <summary>Depression (toward HRS, RESET polarity) voltage magnitude per bin, mV.</summary>
        public readonly ushort[] DepressionMv;
        /// <summary>Expected |dR| per potentiation pulse in the bin, milliohms.</summary>
        public readonly uint[] PotentiationStep;
        /// <summary>Expected |dR| per depression pulse in the bin, milliohms.</summary>
        public readonly uint[] DepressionStep;
        public readonly byte[] PotentiationFlags;
        public readonly byte[] DepressionFlags;
        /// <summary>CRC-32 of the last table written or read.</summary>
        public uint Crc;

        /// <summary>Allocates room for <paramref name="capacity"/> bins.</summary>
        public FfpTableData(int capacity)
        {
            Capacity = capacity;
            PotentiationMv = new ushort[capacity];
            DepressionMv = new ushort[capacity];
            PotentiationStep = new uint[capacity];
            DepressionStep = new uint[capacity];
            PotentiationFlags = new byte[capacity];
            DepressionFlags = new byte[capacity];
        }

        /// <summary>Most bins this instance holds.</summary>
        public int Capacity { get; private set; }

        /// <summary>Upper edge (exclusive) of the last bin, milliohms.</summary>
        public ulong RMaxMilliohms
        {
            get { return (ulong)RMinMilliohms + (ulong)BinWidthMilliohms * (ulong)Bins; }
        }

        /// <summary>Wire length of this table (profile name assumed ASCII).</summary>
        public int WireLength
        {
            get { return LeadBytes + ProfileName.Length + MidBytes + BinBytes * Bins + 4; }
        }

        /// <summary>Bin of a resistance, clamped to 0..Bins-1.</summary>
        public int BinOf(uint milliohms)
        {
            if (milliohms <= RMinMilliohms || BinWidthMilliohms == 0)
            {
                return 0;
            }
            uint b = (milliohms - RMinMilliohms) / BinWidthMilliohms;
            return b >= (uint)Bins ? Bins - 1 : (int)b;
        }

        /// <summary>Copies every field of <paramref name="other"/> (whose bins must fit).</summary>
        public void CopyFrom(FfpTableData other)
        {
            if (other.Bins > Capacity)
            {
                throw new ProtocolException(ErrorCode.TableMismatch, "table of " + other.Bins.ToString() + " bins does not fit the " + Capacity.ToString() + " bins this firmware holds");
            }
            Version = other.Version;
            ProfileName = other.ProfileName;
            RMinMilliohms = other.RMinMilliohms;
            BinWidthMilliohms = other.BinWidthMilliohms;
            Bins = other.Bins;
            BandLowMilliohms = other.BandLowMilliohms;
            BandHighMilliohms = other.BandHighMilliohms;
            WidthNs = other.WidthNs;
            Crc = other.Crc;
            System.Array.Copy(other.PotentiationMv, PotentiationMv, Bins);
            System.Array.Copy(other.DepressionMv, DepressionMv, Bins);
            System.Array.Copy(other.PotentiationStep, PotentiationStep, Bins);
            System.Array.Copy(other.DepressionStep, DepressionStep, Bins);
            System.Array.Copy(other.PotentiationFlags, PotentiationFlags, Bins);
            System.Array.Copy(other.DepressionFlags, DepressionFlags, Bins);
        }

        /// <summary>Writes the table and its CRC-32 (stored in <see cref="Crc"/>).</summary>
        public void Write(PayloadWriter w)
        {
            int start = w.Position;
            w.WriteUInt16(Format);
            w.WriteUInt32(Version);
            w.WriteString(ProfileName);
            w.WriteUInt32(RMinMilliohms);
            w.WriteUInt32(BinWidthMilliohms);
            w.WriteUInt16(Bins);
            w.WriteUInt32(BandLowMilliohms);
            w.WriteUInt32(BandHighMilliohms);
            w.WriteUInt32(WidthNs);
            for (int b = 0; b < Bins; b++)
            {
                w.WriteUInt16(PotentiationMv[b]);
                w.WriteUInt16(DepressionMv[b]);
                w.WriteUInt32(PotentiationStep[b]);
                w.WriteUInt32(DepressionStep[b]);
                w.WriteByte(PotentiationFlags[b]);
                w.WriteByte(DepressionFlags[b]);
            }
            Crc = Crc32.Compute(w.Buffer, start, w.Position - start);
            w.WriteUInt32(Crc);
        }

        /// <summary>
        /// Reads a table of exactly <paramref name="length"/> bytes. Throws <see cref="ErrorCode.TableCorrupt"/>
        /// on a bad CRC, an unknown format or a length that disagrees with the bin count, and
        /// <see cref="ErrorCode.TableMismatch"/> on bins beyond <see cref="Capacity"/>, a zero bin width or
        /// bin count, a range beyond 32 bits or an empty band. On failure the fields are undefined.
        /// </summary>
        public void Read(PayloadReader r, int length)
        {
            if (length < LeadBytes + MidBytes + 4)
            {
                throw new ProtocolException(ErrorCode.TableCorrupt, "FFP table of " + length.ToString() + " bytes is shorter than its fixed fields (" + (LeadBytes + MidBytes + 4).ToString() + " bytes)");
            }
            byte[] buffer = r.Buffer;
            int start = r.Position;
            uint crc = Crc32.Compute(buffer, start, length - 4);
            uint stated = ByteOrder.ReadUInt32(buffer, start + length - 4);
            if (crc != stated)
            {
                throw new ProtocolException(ErrorCode.TableCorrupt, "FFP table CRC-32 0x" + stated.ToString("X8") + " does not match its bytes (computed 0x" + crc.ToString("X8") + "); the table is corrupt");
            }
            int format = r.ReadUInt16();
            if (format != Format)
            {
                throw new ProtocolException(ErrorCode.TableCorrupt, "FFP table format " + format.ToString() + " is not known; accepted: " + Format.ToString());
            }
            Version = r.ReadUInt32();
            ProfileName = r.ReadString();
            RMinMilliohms = r.ReadUInt32();
            BinWidthMilliohms = r.ReadUInt32();
            Bins = r.ReadUInt16();
            BandLowMilliohms = r.ReadUInt32();
            BandHighMilliohms = r.ReadUInt32();
            WidthNs = r.ReadUInt32();
            int needed = (r.Position - start) + BinBytes * Bins + 4;
            if (needed != length)
            {
                throw new ProtocolException(ErrorCode.TableCorrupt, "FFP table of " + Bins.ToString() + " bins needs " + needed.ToString() + " bytes but " + length.ToString() + " were sent");
            }
            if (Bins < 1 || Bins > Capacity)
            {
                throw new ProtocolException(ErrorCode.TableMismatch, "FFP table bin count " + Bins.ToString() + " is outside 1.." + Capacity.ToString());
            }
            if (BinWidthMilliohms == 0 || RMaxMilliohms > 0xFFFFFFFFUL)
            {
                throw new ProtocolException(ErrorCode.TableMismatch, "FFP table bins (first " + RMinMilliohms.ToString() + " mohm, width " + BinWidthMilliohms.ToString() + " mohm, " + Bins.ToString() + " bins) need a width >= 1 and must end below 4294967296 mohm");
            }
            if (BandLowMilliohms >= BandHighMilliohms)
            {
                throw new ProtocolException(ErrorCode.TableMismatch, "FFP table band " + BandLowMilliohms.ToString() + ".." + BandHighMilliohms.ToString() + " mohm is empty");
            }
            for (int b = 0; b < Bins; b++)
            {
                PotentiationMv[b] = (ushort)r.ReadUInt16();
                DepressionMv[b] = (ushort)r.ReadUInt16();
                PotentiationStep[b] = r.ReadUInt32();
                DepressionStep[b] = r.ReadUInt32();
                PotentiationFlags[b] = (byte)r.ReadByte();
                DepressionFlags[b] = (byte)r.ReadByte();
            }
            Crc = r.ReadUInt32();
        }
    }
}
