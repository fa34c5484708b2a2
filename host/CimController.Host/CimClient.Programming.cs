using System;
using System.Collections.Generic;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Host
{
    /// <summary>
    /// Device programming (protocol 1.2): raw pulses, read-verify programming (Wu 2023) and FFP
    /// calibration, lookup tables and programming (Diao 2025). Programming requests are never repeated
    /// after a dropped link (pulses are not idempotent). Long requests receive Progress frames; each one
    /// restarts the <see cref="CimClientOptions.TimeoutMs"/> wait and is reported to <c>progress</c>.
    /// </summary>
    public sealed partial class CimClient
    {
        /// <summary>
        /// Applies <paramref name="count"/> identical pulses of <paramref name="millivolts"/> (positive SET,
        /// negative RESET) and <paramref name="widthNs"/> to one cell, then reads it (averaged over
        /// <paramref name="averages"/> reads). The firmware refuses pulses beyond the profile's limits with
        /// <see cref="ErrorCode.PulseLimit"/> and applies nothing.
        /// </summary>
        public PulseResult Pulse(int tile, int row, int col, int millivolts, uint widthNs, int count = 1, int averages = 1)
        {
            if (millivolts < short.MinValue || millivolts > short.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(millivolts), millivolts, "millivolts must fit a signed 16-bit field (-32768..32767)");
            }
            RequireCount(nameof(count), count);
            var q = new PulseRequest { Tile = tile, Row = row, Col = col, Millivolts = millivolts, WidthNs = widthNs, Count = count, Averages = averages };
            return Request(MessageType.Pulse, MessageType.PulseResult, idempotent: false, write: q.Write, read: r =>
            {
                var a = new PulseReply();
                a.Read(r);
                return new PulseResult(a.Count, a.Nanosiemens, a.Milliohms);
            });
        }

        /// <summary>Write-verifies one cell to <paramref name="targetNanosiemens"/>.</summary>
        public WriteVerifyCellResult WriteVerifyCell(int tile, int row, int col, uint targetNanosiemens, WriteVerifyOptions? options = null)
        {
            return WriteVerify(tile, new[] { new CellTarget(row, col, targetNanosiemens) }, options).Cells[0];
        }

        /// <summary>
        /// Write-verifies a list of cells of one tile to their targets (Wu 2023 ISPP: reset below the band,
        /// adaptive SET train to the set threshold, adaptive RESET train into the band, over-reset restarts
        /// from SET, at most <see cref="WriteVerifyOptions.MaxTrials"/> trials). Lists too large for one
        /// request are split; results come back in the given order. Progress counts cells.
        /// </summary>
        public WriteVerifyResult WriteVerify(int tile, IReadOnlyList<CellTarget> cells, WriteVerifyOptions? options = null, IProgress<CimProgress>? progress = null)
        {
            ArgumentNullException.ThrowIfNull(cells);
            options ??= new WriteVerifyOptions();
            if (cells.Count == 0) return new WriteVerifyResult(Array.Empty<WriteVerifyCellResult>());
            int perRequest = WriteVerifyCellsPerRequest(WriteVerifyRequest.ListCellBytes, options);
            var results = new WriteVerifyCellResult[cells.Count];
            var total = new WriteVerifyResult(results);
            for (int start = 0; start < cells.Count; start += perRequest)
            {
                int n = Math.Min(perRequest, cells.Count - start);
                int first = start;
                var q = BuildWriteVerifyHeader(tile, WriteVerifyMode.CellList, options);
                q.CellCount = n;
                WriteVerifyPart(q, w =>
                {
                    for (int i = 0; i < n; i++)
                    {
                        CellTarget c = cells[first + i];
                        WriteVerifyRequest.WriteListCell(w, c.Row, c.Col, c.TargetNanosiemens);
                    }
                }, n, i => (cells[first + i].Row, cells[first + i].Col, cells[first + i].TargetNanosiemens), results, first, first, total, cells.Count, progress);
            }
            return total;
        }

        /// <summary>
        /// Write-verifies a region of a tile to a per-cell target map (<paramref name="targetsNanosiemens"/>,
        /// row-major <c>[r * cols + c]</c>), e.g. a whole 64x64 tile to a 16-level map. Split into
        /// sub-regions that fit the payload limit; results row-major.
        /// </summary>
        public WriteVerifyResult WriteVerifyRegion(int tile, int row0, int rows, int col0, int cols, uint[] targetsNanosiemens, WriteVerifyOptions? options = null, IProgress<CimProgress>? progress = null)
        {
            ArgumentNullException.ThrowIfNull(targetsNanosiemens);
            RequireCount(nameof(rows), rows);
            RequireCount(nameof(cols), cols);
            if (targetsNanosiemens.Length != rows * cols)
            {
                throw new ArgumentException("targets holds " + targetsNanosiemens.Length + " values but the region has " + rows * cols + " cells", nameof(targetsNanosiemens));
            }
            options ??= new WriteVerifyOptions();
            int perRequest = WriteVerifyCellsPerRequest(WriteVerifyRequest.RegionCellBytes, options);
            int colsPerPart = Math.Min(cols, perRequest);
            int rowsPerPart = Math.Max(1, Math.Min(rows, perRequest / colsPerPart));
            var results = new WriteVerifyCellResult[rows * cols];
            var total = new WriteVerifyResult(results);
            long doneSoFar = 0;
            for (int r = 0; r < rows; r += rowsPerPart)
            {
                int pr = Math.Min(rowsPerPart, rows - r);
                for (int c = 0; c < cols; c += colsPerPart)
                {
                    int pc = Math.Min(colsPerPart, cols - c);
                    int rr = r, cc = c;
                    var q = BuildWriteVerifyHeader(tile, WriteVerifyMode.Region, options);
                    q.Row0 = row0 + rr;
                    q.Rows = pr;
                    q.Col0 = col0 + cc;
                    q.Cols = pc;
                    var part = new WriteVerifyCellResult[pr * pc];
                    var partTotal = new WriteVerifyResult(part);
                    WriteVerifyPart(q, w =>
                    {
                        for (int i = 0; i < pr; i++)
                            for (int j = 0; j < pc; j++)
                                WriteVerifyRequest.WriteRegionTarget(w, targetsNanosiemens[(rr + i) * cols + cc + j]);
                    }, pr * pc, k => (row0 + rr + k / pc, col0 + cc + k % pc, targetsNanosiemens[(rr + k / pc) * cols + cc + k % pc]), part, 0, doneSoFar, partTotal, rows * cols, progress);
                    doneSoFar += pr * pc;
                    for (int k = 0; k < part.Length; k++)
                    {
                        results[(rr + k / pc) * cols + cc + k % pc] = part[k];
                    }
                    total.TotalPulses += partTotal.TotalPulses;
                    total.ElapsedMs += partTotal.ElapsedMs;
                    total.Failures += partTotal.Failures;
                    total.Requests++;
                }
            }
            return total;
        }

        /// <summary>Cells one WriteVerify request carries: limited by request and reply payload size and <see cref="WriteVerifyOptions.MaxCellsPerRequest"/>.</summary>
        public int WriteVerifyCellsPerRequest(int requestBytesPerCell, WriteVerifyOptions options)
        {
            int byRequest = (MaxPayload - WriteVerifyRequest.HeaderLength - 8) / requestBytesPerCell;
            int byReply = (MaxPayload - WriteVerifyReply.HeaderLength) / WriteVerifyReply.CellBytes;
            int n = Math.Min(0xFFFF, Math.Min(byRequest, byReply));
            if (options.MaxCellsPerRequest > 0) n = Math.Min(n, options.MaxCellsPerRequest);
            return Math.Max(1, n);
        }

        /// <summary>
        /// Calibrates one write voltage in one direction (Diao 2025 Fig. 2): reset with the reset pulse
        /// (to HRS before potentiation, to LRS before depression), then K identical pulses, reading after
        /// each. With <paramref name="clearStore"/> the firmware forgets earlier traces first.
        /// </summary>
        public FfpCalibrationTrace FfpCalibrate(int tile, int row, int col, int direction, int writeMillivolts, FfpCalibrationOptions? options = null, bool clearStore = false, IProgress<CimProgress>? progress = null)
        {
            options ??= new FfpCalibrationOptions();
            var q = new FfpCalibrateRequest
            {
                Tile = tile, Row = row, Col = col, Direction = direction, WriteMv = writeMillivolts,
                Flags = (clearStore ? FfpCalibrateFlags.ClearStore : 0) | (options.Store ? 0 : FfpCalibrateFlags.DoNotStore),
                Pulses = options.Pulses, WidthNs = options.WidthNs, ResetMv = options.ResetMillivolts, ResetWidthNs = options.ResetWidthNs,
                ResetCount = options.ResetCount, Averages = options.Averages,
            };
            return WithProgress(progress, "ffp calibrate", () => Request(MessageType.FfpCalibrate, MessageType.FfpCalibration, idempotent: false, write: q.Write, read: r =>
            {
                var m = new FfpCalibrationReply();
                m.Read(r);
                var trace = new uint[m.Pulses];
                for (int i = 0; i < trace.Length; i++) trace[i] = r.ReadUInt32();
                return new FfpCalibrationTrace(m.Direction, m.WriteMv, m.Slot, m.StartMilliohms, trace);
            }));
        }

        /// <summary>
        /// The whole calibration: every voltage of <see cref="FfpCalibrationOptions.VoltagesMillivolts"/> in
        /// every direction, one request each (the first clears the firmware's store). Progress counts traces.
        /// </summary>
        public IReadOnlyList<FfpCalibrationTrace> FfpCalibrateAll(int tile, int row, int col, FfpCalibrationOptions? options = null, IProgress<CimProgress>? progress = null)
        {
            options ??= new FfpCalibrationOptions();
            var traces = new List<FfpCalibrationTrace>();
            int total = options.VoltagesMillivolts.Count * options.Directions.Count;
            foreach (int direction in options.Directions)
            {
                foreach (int mv in options.VoltagesMillivolts)
                {
                    traces.Add(FfpCalibrate(tile, row, col, direction, mv, options, clearStore: traces.Count == 0));
                    progress?.Report(new CimProgress("ffp calibrate", traces.Count, total));
                }
            }
            return traces;
        }

        /// <summary>Builds the firmware's FFP table from its stored calibration and returns it. Null request: 64 bins over the calibrated range, band 0.1–0.3 Ω (Diao 2025).</summary>
        public FfpTableData FfpBuildTable(FfpBuildTableRequest? request = null)
        {
            request ??= new FfpBuildTableRequest();
            return Request(MessageType.FfpBuildTable, MessageType.FfpTableBuilt, idempotent: false, write: request.Write, read: ReadTable);
        }

        /// <summary>Downloads the firmware's FFP table (<see cref="ErrorCode.NotReady"/> when it holds none).</summary>
        public FfpTableData FfpGetTable()
        {
            return Request(MessageType.FfpTableGet, MessageType.FfpTable, idempotent: true, write: null, read: ReadTable);
        }

        /// <summary>Uploads an FFP table (its CRC is computed on writing). Rejected with TableCorrupt, TableMismatch or PulseLimit.</summary>
        public FfpTableAcceptance FfpSetTable(FfpTableData table)
        {
            ArgumentNullException.ThrowIfNull(table);
            return FfpSetTableBytes(FfpTableBytes(table));
        }

        /// <summary>Uploads a table as raw wire bytes (<see cref="FfpTableData"/> format, CRC included), e.g. read from a file.</summary>
        public FfpTableAcceptance FfpSetTableBytes(byte[] table)
        {
            ArgumentNullException.ThrowIfNull(table);
            return Request(MessageType.FfpTableSet, MessageType.FfpTableAccepted, idempotent: true, write: w => w.WriteBytes(table, 0, table.Length), read: r =>
            {
                var m = new FfpTableAcceptedReply();
                m.Read(r);
                return new FfpTableAcceptance(m.Version, m.Crc, m.Bins);
            });
        }

        /// <summary>The wire bytes of a table (CRC-32 included).</summary>
        public static byte[] FfpTableBytes(FfpTableData table)
        {
            var buffer = new byte[FfpTableData.BinBytes * table.Bins + 64 + 4 * table.ProfileName.Length];
            var w = new PayloadWriter();
            w.Reset(buffer, 0, buffer.Length);
            table.Write(w);
            return buffer.AsSpan(0, w.Length).ToArray();
        }

        /// <summary>Parses a table from wire bytes (checks CRC and layout).</summary>
        public static FfpTableData FfpTableFromBytes(byte[] bytes, int capacity = 4096)
        {
            var r = new PayloadReader();
            r.Reset(bytes, 0, bytes.Length);
            var t = new FfpTableData(capacity);
            t.Read(r, bytes.Length);
            return t;
        }

        /// <summary>
        /// FFP sweep (Diao 2025 Fig. 3b/c): from the cell's present state, read, look up, pulse, repeat toward
        /// LRS (potentiation) or HRS (depression) until the window end, no progress or a budget; the resistance
        /// after every pulse event and its voltage are returned. Continues with further requests while the
        /// firmware's reply fills up (stop ReplyFull), up to <see cref="FfpSweepRequest.MaxEvents"/> events in all.
        /// </summary>
        public FfpSweepResult FfpSweep(int tile, int row, int col, int direction, FfpSweepRequest? request = null, IProgress<CimProgress>? progress = null)
        {
            request ??= new FfpSweepRequest();
            var mv = new List<int>();
            var r = new List<uint>();
            uint start = 0;
            int stop = FfpStatus.EventBudget;
            int requests = 0;
            int maxEvents = request.MaxEvents;
            while (true)
            {
                // each request stays within the firmware's cap on pulse events; the sweep goes on over several requests
                int requestEvents = Math.Min(maxEvents - mv.Count, CommandCaps.PulsesPerCell);
                var q = new FfpSweepRequest
                {
                    Tile = tile, Row = row, Col = col, Direction = direction, MaxEvents = requestEvents, StopMilliohms = request.StopMilliohms,
                    NoProgressEvents = request.NoProgressEvents, Averages = request.Averages, TimeBudgetMs = request.TimeBudgetMs,
                };
                int before = mv.Count;
                stop = WithProgress(progress, "ffp sweep", () => Request(MessageType.FfpSweep, MessageType.FfpSweepResult, idempotent: false, write: q.Write, read: rd =>
                {
                    var m = new FfpSweepReply();
                    m.Read(rd);
                    if (mv.Count == 0) start = m.StartMilliohms;
                    var e = new FfpSweepEvent();
                    for (int i = 0; i < m.Events; i++)
                    {
                        e.Read(rd);
                        mv.Add(e.Millivolts);
                        r.Add(e.Milliohms);
                    }
                    return m.Stop;
                }));
                requests++;
                bool cutByCap = stop == FfpStatus.EventBudget && mv.Count - before >= requestEvents;
                if ((stop != FfpStatus.ReplyFull && !cutByCap) || mv.Count >= maxEvents || mv.Count == before) break;
            }
            return new FfpSweepResult(direction, stop, start, mv.ToArray(), r.ToArray(), requests);
        }

        /// <summary>FFP-programs one cell to <paramref name="targetMilliohms"/> ± <paramref name="toleranceMilliohms"/> by table look-up (no search): stops in tolerance, or where the next step would pass the target.</summary>
        public FfpProgramResult FfpProgram(int tile, int row, int col, uint targetMilliohms, uint toleranceMilliohms, FfpProgramRequest? limits = null, IProgress<CimProgress>? progress = null)
        {
            var q = new FfpProgramRequest
            {
                Tile = tile, Row = row, Col = col, TargetMilliohms = targetMilliohms, ToleranceMilliohms = toleranceMilliohms,
            };
            if (limits != null)
            {
                q.MaxEvents = limits.MaxEvents;
                q.NoProgressEvents = limits.NoProgressEvents;
                q.Averages = limits.Averages;
                q.TimeBudgetMs = limits.TimeBudgetMs;
            }
            return WithProgress(progress, "ffp program", () => Request(MessageType.FfpProgram, MessageType.FfpProgramResult, idempotent: false, write: q.Write, read: r =>
            {
                var a = new FfpProgramReply();
                a.Read(r);
                return new FfpProgramResult(a.Status, a.Direction, a.Events, a.BeforeMilliohms, a.AfterMilliohms);
            }));
        }

        /// <summary>
        /// Applies a pulse-event group (the voltages, mV magnitudes, that move a cell from level j to j+1) in
        /// <paramref name="direction"/>; width 0 = the FFP table's width. With <paramref name="readEach"/> the
        /// resistance after every pulse is returned. Any voltage beyond the profile's limit refuses the whole group.
        /// </summary>
        public FfpGroupResult FfpApplyGroup(int tile, int row, int col, int direction, IReadOnlyList<int> millivolts, uint widthNs = 0, bool readEach = false, int averages = 4)
        {
            ArgumentNullException.ThrowIfNull(millivolts);
            var q = new FfpApplyGroupRequest
            {
                Tile = tile, Row = row, Col = col, Direction = direction, WidthNs = widthNs, Flags = readEach ? FfpGroupFlags.ReadEach : 0,
                Averages = averages, Count = millivolts.Count, Voltages = new byte[millivolts.Count * 2],
            };
            for (int i = 0; i < millivolts.Count; i++)
            {
                if (millivolts[i] < 0 || millivolts[i] > 0xFFFF) throw new ArgumentOutOfRangeException(nameof(millivolts), millivolts[i], "voltages are magnitudes 0..65535 mV");
                q.SetMillivolts(i, millivolts[i]);
            }
            return Request(MessageType.FfpApplyGroup, MessageType.FfpGroupResult, idempotent: false, write: q.Write, read: r =>
            {
                var m = new FfpGroupReply();
                m.Read(r);
                uint[]? each = null;
                if (readEach)
                {
                    each = new uint[m.Pulses];
                    for (int i = 0; i < each.Length; i++) each[i] = r.ReadUInt32();
                }
                return new FfpGroupResult(m.Pulses, m.BeforeMilliohms, m.AfterMilliohms, each);
            });
        }

        private static FfpTableData ReadTable(PayloadReader r)
        {
            var t = new FfpTableData(4096);
            t.Read(r, r.Remaining);
            return t;
        }

        private static WriteVerifyRequest BuildWriteVerifyHeader(int tile, int mode, WriteVerifyOptions o) => new()
        {
            Tile = tile, Mode = mode, Averages = o.Averages, MaxTrials = o.MaxTrials,
            SetStartMv = o.SetStartMillivolts, SetStopMv = o.SetStopMillivolts, SetStepMv = o.SetStepMillivolts,
            ResetStartMv = o.ResetStartMillivolts, ResetStopMv = o.ResetStopMillivolts, ResetStepMv = o.ResetStepMillivolts,
            WidthNs = o.WidthNs, ToleranceNanosiemens = o.ToleranceNanosiemens, SetOvershootNanosiemens = o.SetOvershootNanosiemens,
            MinResponseNanosiemens = o.MinResponseNanosiemens, MaxPulsesPerCell = o.MaxPulsesPerCell, StuckPulses = o.StuckPulses,
            TimeBudgetMs = o.TimeBudgetMs, ProgressEveryCells = o.ProgressEveryCells,
        };

        private void WriteVerifyPart(WriteVerifyRequest q, Action<PayloadWriter> cells, int count, Func<int, (int Row, int Col, uint Target)> cellAt,
            WriteVerifyCellResult[] into, int at, long doneBefore, WriteVerifyResult total, long grandTotal, IProgress<CimProgress>? progress)
        {
            WithProgress(progress == null ? null : new OffsetProgress(progress, doneBefore, grandTotal),
                "write-verify", () => Request(MessageType.WriteVerify, MessageType.WriteVerifyResult, idempotent: false, write: w => { q.WriteHeader(w); q.WriteLayout(w); cells(w); }, read: r =>
            {
                var m = new WriteVerifyReply();
                m.Read(r);
                int n = m.Cells;
                if (n != count)
                {
                    throw new CimProtocolException(ErrorCode.Malformed, "sent " + count + " cells to write-verify, the firmware answered for " + n, MessageType.WriteVerify);
                }
                var cell = new WriteVerifyCellReply();
                for (int i = 0; i < n; i++)
                {
                    cell.Read(r);
                    var c = cellAt(i);
                    into[at + i] = new WriteVerifyCellResult(c.Row, c.Col, c.Target, cell.Status, cell.Trials, cell.Pulses, cell.ConductanceNanosiemens);
                }
                total.TotalPulses += m.Pulses;
                total.ElapsedMs += m.ElapsedMs;
                total.Failures += m.Failures;
                total.Requests++;
                return true;
            }));
            progress?.Report(new CimProgress("write-verify", doneBefore + count, grandTotal));
        }

        private T WithProgress<T>(IProgress<CimProgress>? progress, string stage, Func<T> call)
        {
            if (progress == null) return call();
            var m = new ProgressMessage();
            _channel.ProgressHandler = r =>
            {
                m.Read(r);
                progress.Report(new CimProgress(stage, m.Done, m.Total));
            };
            try
            {
                return call();
            }
            finally
            {
                _channel.ProgressHandler = null;
            }
        }
    }

    /// <summary>Reports a request's progress (cells done in it) as progress of the whole job, synchronously.</summary>
    internal sealed class OffsetProgress : IProgress<CimProgress>
    {
        private readonly IProgress<CimProgress> _outer;
        private readonly long _offset;
        private readonly long _total;

        public OffsetProgress(IProgress<CimProgress> outer, long offset, long total)
        {
            _outer = outer;
            _offset = offset;
            _total = total;
        }

        public void Report(CimProgress value)
        {
            _outer.Report(new CimProgress(value.Stage, _offset + value.Done, _total));
        }
    }
}
