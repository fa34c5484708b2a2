namespace CimController.Protocol.Messages
{
    /// <summary>FFP directions (Diao 2025). Potentiation lowers the resistance toward LRS with SET-polarity (+) pulses; depression raises it toward HRS with RESET-polarity (-) pulses.</summary>
    public static class FfpDirection
    {
        public const int Potentiation = 0;
        public const int Depression = 1;

        public static string Name(int direction)
        {
            return direction == Potentiation ? "potentiation" : direction == Depression ? "depression" : "direction " + direction.ToString();
        }
    }

    /// <summary>Why an FFP sweep or FFP programming stopped (FfpSweepResult, FfpProgramResult).</summary>
    public static class FfpStatus
    {
        /// <summary>Program: the resistance is within the tolerance of the target.</summary>
        public const int InTolerance = 0;
        /// <summary>Program: the table's expected step would land farther from the target than the cell is now (closest reachable state).</summary>
        public const int WouldPass = 1;
        /// <summary>Program: the last pulse event carried the cell past the target (FFP does not turn back).</summary>
        public const int Passed = 2;
        /// <summary>The pulse-event budget of the request ran out.</summary>
        public const int EventBudget = 3;
        /// <summary>The time budget of the request ran out.</summary>
        public const int TimeBudget = 4;
        /// <summary>The resistance did not improve for the no-progress event count.</summary>
        public const int NoProgress = 5;
        /// <summary>Sweep: the window end (stop resistance) was reached.</summary>
        public const int WindowEnd = 6;
        /// <summary>Sweep: the reply is full; sweep again from the current state to continue.</summary>
        public const int ReplyFull = 7;
        /// <summary>The table holds no voltage for the present resistance bin.</summary>
        public const int NoTableEntry = 8;

        public static string Name(int status)
        {
            switch (status)
            {
                case InTolerance: return "InTolerance";
                case WouldPass: return "WouldPass";
                case Passed: return "Passed";
                case EventBudget: return "EventBudget";
                case TimeBudget: return "TimeBudget";
                case NoProgress: return "NoProgress";
                case WindowEnd: return "WindowEnd";
                case ReplyFull: return "ReplyFull";
                case NoTableEntry: return "NoTableEntry";
                default: return "Status" + status.ToString();
            }
        }
    }

    /// <summary>Flags of FfpCalibrate.</summary>
    public static class FfpCalibrateFlags
    {
        /// <summary>Forget every stored calibration trace before this one.</summary>
        public const int ClearStore = 0x01;
        /// <summary>Do not keep this trace for FfpBuildTable (measurement only).</summary>
        public const int DoNotStore = 0x02;
    }

    /// <summary>
    /// FfpCalibrate (host -> firmware, protocol 1.2; Diao 2025 Fig. 2): reset the cell with
    /// <see cref="ResetCount"/> pulses of <see cref="ResetMv"/> (to HRS with RESET polarity before
    /// potentiation, to LRS with SET polarity before depression), then apply <see cref="Pulses"/> identical
    /// pulses of <see cref="WriteMv"/> in <see cref="Direction"/>, reading after each. u8 tile, u16 row,
    /// u16 column, u8 direction, u8 flags (<see cref="FfpCalibrateFlags"/>), u16 write mV (magnitude),
    /// u16 pulses K, u32 width ns, u16 reset mV (magnitude), u32 reset width ns, u16 reset pulses, u8 reads
    /// to average; 1.6: u32 time budget ms for the whole request (absent: the firmware's cap). A trace the budget cuts
    /// short comes back with the pulses done (its K smaller than asked).
    /// </summary>
    public sealed class FfpCalibrateRequest
    {
        /// <summary>Bytes up to the reads to average (1.2); a firmware needs at least these.</summary>
        public const int Length = 24;
        /// <summary>Bytes with the 1.6 time budget.</summary>
        public const int LengthWithBudget = 28;

        public int Tile;
        public int Row;
        public int Col;
        public int Direction;
        public int Flags;
        public int WriteMv;
        /// <summary>Diao 2025: 100 identical pulses per write voltage.</summary>
        public int Pulses = 100;
        /// <summary>Diao 2025: 2 s pulses.</summary>
        public uint WidthNs;
        /// <summary>Diao 2025: reset with +-6 V.</summary>
        public int ResetMv;
        public uint ResetWidthNs;
        public int ResetCount = 1;
        public int Averages = 4;
        /// <summary>1.6: time budget of the whole request, ms (10 minutes, the firmware's cap, by default).</summary>
        public uint TimeBudgetMs = 600000;
        /// <summary>False after <see cref="Read"/> of a 1.5 request without a time budget.</summary>
        public bool HasTimeBudget = true;

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Tile);
            w.WriteUInt16(Row);
            w.WriteUInt16(Col);
            w.WriteByte(Direction);
            w.WriteByte(Flags);
            w.WriteUInt16(WriteMv);
            w.WriteUInt16(Pulses);
            w.WriteUInt32(WidthNs);
            w.WriteUInt16(ResetMv);
            w.WriteUInt32(ResetWidthNs);
            w.WriteUInt16(ResetCount);
            w.WriteByte(Averages);
            w.WriteUInt32(TimeBudgetMs);
        }

        public void Read(PayloadReader r)
        {
            Tile = r.ReadByte();
            Row = r.ReadUInt16();
            Col = r.ReadUInt16();
            Direction = r.ReadByte();
            Flags = r.ReadByte();
            WriteMv = r.ReadUInt16();
            Pulses = r.ReadUInt16();
            WidthNs = r.ReadUInt32();
            ResetMv = r.ReadUInt16();
            ResetWidthNs = r.ReadUInt32();
            ResetCount = r.ReadUInt16();
            Averages = r.ReadByte();
            HasTimeBudget = r.Remaining >= 4;
            TimeBudgetMs = HasTimeBudget ? r.ReadUInt32() : 0;
        }
    }

    /// <summary>
    /// FfpCalibration (reply to FfpCalibrate): u8 direction, u16 write mV, u16 pulses K, u8 store slot
    /// (0xFF: not stored), u32 resistance after the reset in milliohms, then K u32 resistances in
    /// milliohms, one after each pulse.
    /// </summary>
    public static class FfpCalibrationReply
    {
        public const int HeaderLength = 10;
        public const int NotStored = 0xFF;

        public static int PayloadLength(int pulses)
        {
            return HeaderLength + 4 * pulses;
        }
    }

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

    /// <summary>FfpTableAccepted (reply to FfpTableSet): u32 table version, u32 table CRC-32, u16 bins.</summary>
    public static class FfpTableAcceptedReply
    {
        public const int Length = 10;
    }

    /// <summary>
    /// FfpSweep (host -> firmware, protocol 1.2): from the cell's present state, read, look up, pulse,
    /// repeat toward LRS (potentiation) or HRS (depression) until the stop resistance, no progress, a budget
    /// or a full reply. u8 tile, u16 row, u16 column, u8 direction, u16 max pulse events, u32 stop resistance
    /// milliohms (0: the table's window edge), u16 no-progress events (0: 20), u8 reads to average,
    /// u32 time budget ms.
    /// </summary>
    public sealed class FfpSweepRequest
    {
        public const int Length = 19;

        public int Tile;
        public int Row;
        public int Col;
        public int Direction;
        public int MaxEvents = 2000;
        public uint StopMilliohms;
        public int NoProgressEvents = 20;
        public int Averages = 4;
        public uint TimeBudgetMs = 600000;

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Tile);
            w.WriteUInt16(Row);
            w.WriteUInt16(Col);
            w.WriteByte(Direction);
            w.WriteUInt16(MaxEvents);
            w.WriteUInt32(StopMilliohms);
            w.WriteUInt16(NoProgressEvents);
            w.WriteByte(Averages);
            w.WriteUInt32(TimeBudgetMs);
        }

        public void Read(PayloadReader r)
        {
            Tile = r.ReadByte();
            Row = r.ReadUInt16();
            Col = r.ReadUInt16();
            Direction = r.ReadByte();
            MaxEvents = r.ReadUInt16();
            StopMilliohms = r.ReadUInt32();
            NoProgressEvents = r.ReadUInt16();
            Averages = r.ReadByte();
            TimeBudgetMs = r.ReadUInt32();
        }
    }

    /// <summary>
    /// FfpSweepResult (reply to FfpSweep): u8 direction, u8 stop reason (<see cref="FfpStatus"/>), u16 pulse
    /// events, u32 resistance before the first event in milliohms, then per event u16 write mV (magnitude)
    /// and u32 resistance after it in milliohms.
    /// </summary>
    public static class FfpSweepReply
    {
        public const int HeaderLength = 8;
        public const int EventBytes = 6;
    }

    /// <summary>
    /// FfpProgram (host -> firmware, protocol 1.2): FFP to a target resistance. u8 tile, u16 row, u16 column,
    /// u32 target milliohms, u32 tolerance milliohms, u16 max pulse events, u16 no-progress events (0: 20),
    /// u8 reads to average, u32 time budget ms.
    /// </summary>
    public sealed class FfpProgramRequest
    {
        public const int Length = 22;

        public int Tile;
        public int Row;
        public int Col;
        public uint TargetMilliohms;
        public uint ToleranceMilliohms;
        public int MaxEvents = 2000;
        public int NoProgressEvents = 20;
        public int Averages = 4;
        public uint TimeBudgetMs = 600000;

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Tile);
            w.WriteUInt16(Row);
            w.WriteUInt16(Col);
            w.WriteUInt32(TargetMilliohms);
            w.WriteUInt32(ToleranceMilliohms);
            w.WriteUInt16(MaxEvents);
            w.WriteUInt16(NoProgressEvents);
            w.WriteByte(Averages);
            w.WriteUInt32(TimeBudgetMs);
        }

        public void Read(PayloadReader r)
        {
            Tile = r.ReadByte();
            Row = r.ReadUInt16();
            Col = r.ReadUInt16();
            TargetMilliohms = r.ReadUInt32();
            ToleranceMilliohms = r.ReadUInt32();
            MaxEvents = r.ReadUInt16();
            NoProgressEvents = r.ReadUInt16();
            Averages = r.ReadByte();
            TimeBudgetMs = r.ReadUInt32();
        }
    }

    /// <summary>FfpProgramResult (reply to FfpProgram): u8 status (<see cref="FfpStatus"/>), u8 direction, u16 pulse events, u32 resistance before, u32 resistance after, milliohms.</summary>
    public sealed class FfpProgramReply
    {
        public const int Length = 12;

        public int Status;
        public int Direction;
        public int Events;
        public uint BeforeMilliohms;
        public uint AfterMilliohms;

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Status);
            w.WriteByte(Direction);
            w.WriteUInt16(Events);
            w.WriteUInt32(BeforeMilliohms);
            w.WriteUInt32(AfterMilliohms);
        }

        public void Read(PayloadReader r)
        {
            Status = r.ReadByte();
            Direction = r.ReadByte();
            Events = r.ReadUInt16();
            BeforeMilliohms = r.ReadUInt32();
            AfterMilliohms = r.ReadUInt32();
        }
    }

    /// <summary>Flags of FfpApplyGroup.</summary>
    public static class FfpGroupFlags
    {
        /// <summary>Read after every pulse and return each resistance.</summary>
        public const int ReadEach = 0x01;
    }

    /// <summary>
    /// FfpApplyGroup (host -> firmware, protocol 1.2): apply a pulse-event group (Diao 2025 segmentation:
    /// the voltages that move a cell from level j to j+1) to one cell. Every voltage is checked before the
    /// first pulse: one beyond the profile's limit refuses the whole group. u8 tile, u16 row, u16 column,
    /// u8 direction, u32 width ns (0: the FFP table's width), u8 flags (<see cref="FfpGroupFlags"/>), u8 reads
    /// to average, u16 n, then n u16 write mV (magnitudes). <see cref="Read"/> leaves the voltages in the frame.
    /// </summary>
    public sealed class FfpApplyGroupRequest
    {
        public const int HeaderLength = 14;

        public int Tile;
        public int Row;
        public int Col;
        public int Direction;
        public uint WidthNs;
        public int Flags;
        public int Averages = 4;
        public int Count;
        /// <summary>Buffer holding the voltages (the frame after <see cref="Read"/>).</summary>
        public byte[] Voltages = new byte[0];
        /// <summary>Offset of the first u16 voltage in <see cref="Voltages"/>.</summary>
        public int VoltagesOffset;

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Tile);
            w.WriteUInt16(Row);
            w.WriteUInt16(Col);
            w.WriteByte(Direction);
            w.WriteUInt32(WidthNs);
            w.WriteByte(Flags);
            w.WriteByte(Averages);
            w.WriteUInt16(Count);
            w.WriteBytes(Voltages, VoltagesOffset, Count * 2);
        }

        public void Read(PayloadReader r)
        {
            Tile = r.ReadByte();
            Row = r.ReadUInt16();
            Col = r.ReadUInt16();
            Direction = r.ReadByte();
            WidthNs = r.ReadUInt32();
            Flags = r.ReadByte();
            Averages = r.ReadByte();
            Count = r.ReadUInt16();
            Voltages = r.Buffer;
            VoltagesOffset = r.Skip(Count * 2);
        }
    }

    /// <summary>FfpGroupResult (reply to FfpApplyGroup): u16 pulses applied, u32 resistance before, u32 resistance after (milliohms), then with <see cref="FfpGroupFlags.ReadEach"/> one u32 resistance per pulse.</summary>
    public static class FfpGroupReply
    {
        public const int HeaderLength = 10;
    }
}
