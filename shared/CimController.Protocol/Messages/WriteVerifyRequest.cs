namespace CimController.Protocol.Messages
{
    /// <summary>
    /// WriteVerify (host -> firmware, protocol 1.2): incremental step pulse programming with a read after
    /// every pulse (Wu 2023 Fig. S2). Header (<see cref="HeaderLength"/> bytes): u8 tile, u8 mode
    /// (<see cref="WriteVerifyMode"/>), u8 reads to average (1..16), u8 max set-reset trials (1..255),
    /// u16 SET start mV, u16 SET stop mV, u16 SET step mV, u16 RESET start mV, u16 RESET stop mV,
    /// u16 RESET step mV (magnitudes), u32 pulse width ns, u32 tolerance nS, u32 SET overshoot nS
    /// (set threshold = target + tolerance + overshoot), u32 minimum response nS (0: tolerance / 4),
    /// u16 max pulses per cell, u16 stuck pulses K, u32 time budget ms, u16 progress every N cells (0: only
    /// by time); then the cells as the mode says. <see cref="Read"/> reads the header and the cell layout;
    /// the cells stay in the frame at <see cref="CellsOffset"/>.
    /// </summary>
    public sealed class WriteVerifyRequest
    {
        public const int HeaderLength = 42;
        /// <summary>Bytes per cell in <see cref="WriteVerifyMode.CellList"/>.</summary>
        public const int ListCellBytes = 8;
        /// <summary>Bytes per cell in <see cref="WriteVerifyMode.Region"/>.</summary>
        public const int RegionCellBytes = 4;

        public int Tile;
        public int Mode;
        public int Averages = 4;
        /// <summary>Set-reset trials allowed: Wu 2023 uses 5 for characterisation, 2 during training.</summary>
        public int MaxTrials = 5;
        /// <summary>Wu 2023 Fig. S2: adaptive SET train 1.5 V -> 3 V.</summary>
        public int SetStartMv = 1500;
        public int SetStopMv = 3000;
        public int SetStepMv = 100;
        /// <summary>Wu 2023 Fig. S2: adaptive RESET train 1.5 V -> 3 V.</summary>
        public int ResetStartMv = 1500;
        public int ResetStopMv = 3000;
        public int ResetStepMv = 100;
        public uint WidthNs = 1000;
        public uint ToleranceNanosiemens = 500;
        public uint SetOvershootNanosiemens;
        public uint MinResponseNanosiemens;
        public int MaxPulsesPerCell = 500;
        public int StuckPulses = 30;
        public uint TimeBudgetMs = 60000;
        public int ProgressEveryCells = 64;

        /// <summary>Cell list: the number of cells; region: rows*cols (after <see cref="Read"/>).</summary>
        public int CellCount;
        /// <summary>Region layout (mode Region).</summary>
        public int Row0;
        public int Rows;
        public int Col0;
        public int Cols;
        /// <summary>Buffer holding the cells (the frame after <see cref="Read"/>).</summary>
        public byte[] Cells = new byte[0];
        /// <summary>Offset of the first cell entry (list) or target (region) in <see cref="Cells"/>.</summary>
        public int CellsOffset;

        /// <summary>Row of cell <paramref name="i"/> (request order) after <see cref="Read"/>.</summary>
        public int CellRow(int i)
        {
            return Mode == WriteVerifyMode.Region ? Row0 + i / Cols : ByteOrder.ReadUInt16(Cells, CellsOffset + i * ListCellBytes);
        }

        /// <summary>Column of cell <paramref name="i"/> (request order) after <see cref="Read"/>.</summary>
        public int CellColumn(int i)
        {
            return Mode == WriteVerifyMode.Region ? Col0 + i % Cols : ByteOrder.ReadUInt16(Cells, CellsOffset + i * ListCellBytes + 2);
        }

        /// <summary>Target conductance of cell <paramref name="i"/> (request order) after <see cref="Read"/>, nS.</summary>
        public uint CellTargetNanosiemens(int i)
        {
            return Mode == WriteVerifyMode.Region
                ? ByteOrder.ReadUInt32(Cells, CellsOffset + i * RegionCellBytes)
                : ByteOrder.ReadUInt32(Cells, CellsOffset + i * ListCellBytes + 4);
        }

        /// <summary>Writes the header only; the caller writes the layout and cells.</summary>
        public void WriteHeader(PayloadWriter w)
        {
            w.WriteByte(Tile);
            w.WriteByte(Mode);
            w.WriteByte(Averages);
            w.WriteByte(MaxTrials);
            w.WriteUInt16(SetStartMv);
            w.WriteUInt16(SetStopMv);
            w.WriteUInt16(SetStepMv);
            w.WriteUInt16(ResetStartMv);
            w.WriteUInt16(ResetStopMv);
            w.WriteUInt16(ResetStepMv);
            w.WriteUInt32(WidthNs);
            w.WriteUInt32(ToleranceNanosiemens);
            w.WriteUInt32(SetOvershootNanosiemens);
            w.WriteUInt32(MinResponseNanosiemens);
            w.WriteUInt16(MaxPulsesPerCell);
            w.WriteUInt16(StuckPulses);
            w.WriteUInt32(TimeBudgetMs);
            w.WriteUInt16(ProgressEveryCells);
        }

        /// <summary>
        /// Writes the cell layout after the header: region: u16 row0, u16 rows, u16 column0, u16 columns; cell list: u16
        /// <see cref="CellCount"/>. The cells follow, written one by one with <see cref="WriteListCell"/> or
        /// <see cref="WriteRegionTarget"/>.
        /// </summary>
        public void WriteLayout(PayloadWriter w)
        {
            if (Mode == WriteVerifyMode.Region)
            {
                w.WriteUInt16(Row0);
                w.WriteUInt16(Rows);
                w.WriteUInt16(Col0);
                w.WriteUInt16(Cols);
            }
            else
            {
                w.WriteUInt16(CellCount);
            }
        }

        /// <summary>One cell of a cell list (<see cref="ListCellBytes"/> bytes): u16 row, u16 column, u32 target nS.</summary>
        public static void WriteListCell(PayloadWriter w, int row, int col, uint targetNanosiemens)
        {
            w.WriteUInt16(row);
            w.WriteUInt16(col);
            w.WriteUInt32(targetNanosiemens);
        }

        /// <summary>One target of a region, row-major (<see cref="RegionCellBytes"/> bytes): u32 target nS.</summary>
        public static void WriteRegionTarget(PayloadWriter w, uint targetNanosiemens)
        {
            w.WriteUInt32(targetNanosiemens);
        }

        /// <summary>Reads header and layout; checks that the payload holds every cell (Malformed otherwise).</summary>
        public void Read(PayloadReader r)
        {
            Tile = r.ReadByte();
            Mode = r.ReadByte();
            Averages = r.ReadByte();
            MaxTrials = r.ReadByte();
            SetStartMv = r.ReadUInt16();
            SetStopMv = r.ReadUInt16();
            SetStepMv = r.ReadUInt16();
            ResetStartMv = r.ReadUInt16();
            ResetStopMv = r.ReadUInt16();
            ResetStepMv = r.ReadUInt16();
            WidthNs = r.ReadUInt32();
            ToleranceNanosiemens = r.ReadUInt32();
            SetOvershootNanosiemens = r.ReadUInt32();
            MinResponseNanosiemens = r.ReadUInt32();
            MaxPulsesPerCell = r.ReadUInt16();
            StuckPulses = r.ReadUInt16();
            TimeBudgetMs = r.ReadUInt32();
            ProgressEveryCells = r.ReadUInt16();
            Cells = r.Buffer;
            if (Mode == WriteVerifyMode.Region)
            {
                Row0 = r.ReadUInt16();
                Rows = r.ReadUInt16();
                Col0 = r.ReadUInt16();
                Cols = r.ReadUInt16();
                CellCount = Rows * Cols;
                CellsOffset = r.Skip(CellCount * RegionCellBytes);
            }
            else if (Mode == WriteVerifyMode.CellList)
            {
                CellCount = r.ReadUInt16();
                Row0 = 0;
                Rows = 0;
                Col0 = 0;
                Cols = 0;
                CellsOffset = r.Skip(CellCount * ListCellBytes);
            }
            else
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "WriteVerify mode " + Mode.ToString() + " is outside 0 (cell list)..1 (region)");
            }
        }
    }
}
