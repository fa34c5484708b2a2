using System;
using System.Collections.Generic;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Host
{
    /// <summary>
    /// FFP programming (protocol 1.2, Diao 2025): calibration, lookup tables, sweeps, programming by table
    /// look-up and pulse-event groups. Never repeated after a dropped link (pulses are not idempotent), except
    /// the table download and upload. Long requests receive Progress frames; each one restarts the
    /// <see cref="CimClientOptions.TimeoutMs"/> wait and is reported to <c>progress</c>.
    /// </summary>
    public sealed partial class CimClient
    {
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
    }
}
