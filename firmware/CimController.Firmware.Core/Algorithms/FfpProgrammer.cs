using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// FFP programming (Diao 2025 Fig. 3a): read r_FF, look up V_w(r_FF) in the <see cref="FfpTable"/>, apply one
    /// pulse, repeat. No search and no trial and error: the direction is fixed at the start and never reversed.
    /// <list type="bullet">
    /// <item>Sweep: from the present state toward LRS (potentiation) or HRS (depression) until the window end,
    /// no progress for K events, a budget, or a full reply; the voltage and resistance of every pulse event go
    /// back (the R_FF the host segments into levels).</item>
    /// <item>Program: toward a target resistance; stops within the tolerance, or when the table's expected
    /// step would carry the cell past the target by more than the tolerance (WouldPass), or past it (Passed).</item>
    /// <item>Apply group: a level's pulse-event group (list of voltages), every voltage checked before the first pulse.</item>
    /// </list>
    /// Every loop is bounded by an event count (at most <see cref="CommandCaps.PulsesPerCell"/>) and a time budget read from
    /// <see cref="IClock"/> (at most <see cref="CommandCaps.RequestMs"/>; a group's pulses may not take longer either), and
    /// stops after the pulse in flight when its host has gone.
    /// </summary>
    public sealed class FfpProgrammer
    {
        /// <summary>Default no-progress event count.</summary>
        public const int DefaultNoProgress = 20;

        private readonly PulseGuard _guard;
        private readonly FfpTable _table;
        private readonly IClock _clock;
        private readonly ProgressReporter _progress;
        private readonly RequestBudget _budget;
        private readonly PayloadWriter _writer = new PayloadWriter();
        private readonly FfpSweepReply _sweepReply = new FfpSweepReply();
        private readonly FfpSweepEvent _sweepEvent = new FfpSweepEvent();
        private readonly FfpGroupReply _groupReply = new FfpGroupReply();

        /// <summary>Creates the programmer.</summary>
        public FfpProgrammer(PulseGuard guard, FfpTable table, IClock clock, ProgressReporter progress, RequestBudget budget)
        {
            _guard = guard;
            _table = table;
            _clock = clock;
            _progress = progress;
            _budget = budget;
        }

        /// <summary>
        /// Sweeps the cell <paramref name="q"/> names; writes the FfpSweepResult payload (<see cref="FfpSweepReply"/>) into
        /// <paramref name="reply"/> from <paramref name="offset"/> (at most <paramref name="replyLimit"/> bytes: the events that
        /// fit) and returns its length.
        /// </summary>
        public int Sweep(FfpSweepRequest q, byte[] reply, int offset, int replyLimit)
        {
            CheckCell("FfpSweep", q.Tile, q.Row, q.Col, q.Averages);
            RequestCheck.Range("FfpSweep", "direction (0 potentiation, 1 depression)", q.Direction, 0, 1);
            RequestCheck.Range("FfpSweep", "max events", q.MaxEvents, 1, CommandCaps.PulsesPerCell);
            RequestCheck.Budget("FfpSweep", q.TimeBudgetMs);
            _table.RequireLoaded("FfpSweep");
            FfpTableData t = _table.Data;
            bool pot = q.Direction == FfpDirection.Potentiation;
            uint stop = q.StopMilliohms != 0 ? q.StopMilliohms : (pot ? t.RMinMilliohms : (uint)(t.RMaxMilliohms > 0xFFFFFFFFUL ? 0xFFFFFFFFUL : t.RMaxMilliohms));
            int noProgress = q.NoProgressEvents > 0 ? q.NoProgressEvents : DefaultNoProgress;
            int fit = (replyLimit - FfpSweepReply.HeaderLength) / FfpSweepReply.EventBytes;
            if (fit < 1)
            {
                RequestCheck.ReplyFits("FfpSweep", "one pulse event", FfpSweepReply.HeaderLength + FfpSweepReply.EventBytes, replyLimit);
            }
            int max = q.MaxEvents < fit ? q.MaxEvents : fit;
            long deadline = _budget.DeadlineMs(q.TimeBudgetMs);

            _guard.Board.SelectTile(q.Tile);
            uint r = _guard.ReadMilliohms(q.Row, q.Col, q.Averages);
            int p = offset;
            uint start = r;
            _writer.Reset(reply, p, replyLimit);
            _writer.Skip(FfpSweepReply.HeaderLength);
            long best = r;
            int still = 0;
            int events = 0;
            int status;
            _progress.Begin((uint)max, 50);
            while (true)
            {
                if (pot ? r <= stop : r >= stop)
                {
                    status = FfpStatus.WindowEnd;
                    break;
                }
                if (events >= max)
                {
                    status = max < q.MaxEvents ? FfpStatus.ReplyFull : FfpStatus.EventBudget;
                    break;
                }
                if (_clock.NowMs >= deadline)
                {
                    status = FfpStatus.TimeBudget;
                    break;
                }
                int bin = t.BinOf(r);
                int mv = pot ? t.PotentiationMv[bin] : t.DepressionMv[bin];
                if (mv == 0)
                {
                    status = FfpStatus.NoTableEntry;
                    break;
                }
                r = PulseAndRead("FfpSweep", q.Row, q.Col, q.Averages, pot ? mv : -mv, t.WidthNs, ref events);
                _sweepEvent.Millivolts = mv;
                _sweepEvent.Milliohms = r;
                _sweepEvent.Write(_writer);
                if (Stalled(pot, r, ref best, ref still, noProgress))
                {
                    status = FfpStatus.NoProgress;
                    break;
                }
            }
            int length = _writer.Length;
            FfpSweepReply m = _sweepReply;
            m.Direction = q.Direction;
            m.Stop = status;
            m.Events = events;
            m.StartMilliohms = start;
            _writer.Reset(reply, p, replyLimit);
            m.Write(_writer);
            return length;
        }

        /// <summary>
        /// Programs the cell <paramref name="q"/> names toward its target resistance; writes the outcome into
        /// <paramref name="result"/>.
        /// </summary>
        public void Program(FfpProgramRequest q, FfpProgramReply result)
        {
            CheckCell("FfpProgram", q.Tile, q.Row, q.Col, q.Averages);
            RequestCheck.Range("FfpProgram", "max events", q.MaxEvents, 1, CommandCaps.PulsesPerCell);
            RequestCheck.Budget("FfpProgram", q.TimeBudgetMs);
            _table.RequireLoaded("FfpProgram");
            FfpTableData t = _table.Data;
            int noProgress = q.NoProgressEvents > 0 ? q.NoProgressEvents : DefaultNoProgress;
            long deadline = _budget.DeadlineMs(q.TimeBudgetMs);
            long target = q.TargetMilliohms;
            long tol = q.ToleranceMilliohms;

            _guard.Board.SelectTile(q.Tile);
            uint r0 = _guard.ReadMilliohms(q.Row, q.Col, q.Averages);
            long r = r0;
            bool pot = r > target;
            long best = r;
            int still = 0;
            int events = 0;
            int status;
            _progress.Begin((uint)q.MaxEvents, 50);
            while (true)
            {
                long diff = pot ? r - target : target - r;
                if (diff <= tol && diff >= -tol)
                {
                    status = FfpStatus.InTolerance;
                    break;
                }
                if (diff < 0)
                {
                    status = FfpStatus.Passed;
                    break;
                }
                int bin = t.BinOf((uint)r);
                int mv = pot ? t.PotentiationMv[bin] : t.DepressionMv[bin];
                long step = pot ? t.PotentiationStep[bin] : t.DepressionStep[bin];
                if (mv == 0)
                {
                    status = FfpStatus.NoTableEntry;
                    break;
                }
                if (step > diff + tol)
                {
                    status = FfpStatus.WouldPass;
                    break;
                }
                if (events >= q.MaxEvents)
                {
                    status = FfpStatus.EventBudget;
                    break;
                }
                if (_clock.NowMs >= deadline)
                {
                    status = FfpStatus.TimeBudget;
                    break;
                }
                r = PulseAndRead("FfpProgram", q.Row, q.Col, q.Averages, pot ? mv : -mv, t.WidthNs, ref events);
                if (Stalled(pot, r, ref best, ref still, noProgress))
                {
                    status = FfpStatus.NoProgress;
                    break;
                }
            }
            result.Status = status;
            result.Direction = pot ? FfpDirection.Potentiation : FfpDirection.Depression;
            result.Events = events;
            result.BeforeMilliohms = r0;
            result.AfterMilliohms = (uint)r;
        }

        /// <summary>
        /// Applies the pulse-event group <paramref name="q"/> carries; writes the FfpGroupResult payload
        /// (<see cref="FfpGroupReply"/>) into <paramref name="reply"/> from <paramref name="offset"/> (at most
        /// <paramref name="replyLimit"/> bytes) and returns its length.
        /// </summary>
        public int ApplyGroup(FfpApplyGroupRequest q, byte[] reply, int offset, int replyLimit)
        {
            CheckCell("FfpApplyGroup", q.Tile, q.Row, q.Col, q.Averages);
            RequestCheck.Range("FfpApplyGroup", "direction (0 potentiation, 1 depression)", q.Direction, 0, 1);
            RequestCheck.Range("FfpApplyGroup", "pulse count", q.Count, 1, CommandCaps.PulsesPerCell);
            uint width = q.WidthNs;
            if (width == 0)
            {
                _table.RequireLoaded("FfpApplyGroup with width 0 (the table's width)");
                width = _table.Data.WidthNs;
            }
            bool each = (q.Flags & FfpGroupFlags.ReadEach) != 0;
            RequestCheck.ReplyFits("FfpApplyGroup", "the result", FfpGroupReply.HeaderLength + (each ? 4 * q.Count : 0), replyLimit);
            bool pot = q.Direction == FfpDirection.Potentiation;
            for (int i = 0; i < q.Count; i++)
            {
                int mv = q.Millivolts(i);
                _guard.Check("FfpApplyGroup", pot ? mv : -mv, width);
            }
            PulseCommand.CheckTrainTime("FfpApplyGroup", q.Count, _guard.CheckWidth("FfpApplyGroup", width));
            _guard.Board.SelectTile(q.Tile);
            int p = offset;
            uint r = _guard.ReadMilliohms(q.Row, q.Col, q.Averages);
            FfpGroupReply m = _groupReply;
            m.Pulses = q.Count;
            m.BeforeMilliohms = r;
            _writer.Reset(reply, p, replyLimit);
            _writer.Skip(FfpGroupReply.HeaderLength);
            _progress.Begin((uint)q.Count, 0);
            for (int i = 0; i < q.Count; i++)
            {
                int mv = q.Millivolts(i);
                _guard.Apply("FfpApplyGroup", q.Row, q.Col, pot ? mv : -mv, width, 1);
                _progress.Report((uint)(i + 1), (uint)(i + 1));
                if (each)
                {
                    r = _guard.ReadMilliohms(q.Row, q.Col, q.Averages);
                    _writer.WriteUInt32(r);
                }
            }
            if (!each)
            {
                r = _guard.ReadMilliohms(q.Row, q.Col, q.Averages);
            }
            m.AfterMilliohms = r;
            int length = _writer.Length;
            _writer.Reset(reply, p, replyLimit);
            m.Write(_writer);
            return length;
        }

        /// <summary>One table pulse on a cell of the selected tile, then its resistance (milliohms); counts and reports the event.</summary>
        private uint PulseAndRead(string what, int row, int col, int averages, int signedMv, uint widthNs, ref int events)
        {
            _guard.Apply(what, row, col, signedMv, widthNs, 1);
            uint r = _guard.ReadMilliohms(row, col, averages);
            events++;
            _progress.Report((uint)events, (uint)events);
            return r;
        }

        /// <summary>
        /// Tracks the furthest resistance reached in the sweep direction (lower for potentiation); true once
        /// <paramref name="limit"/> events in a row have not gone past it.
        /// </summary>
        private static bool Stalled(bool pot, long r, ref long best, ref int still, int limit)
        {
            if (pot ? r < best : r > best)
            {
                best = r;
                still = 0;
                return false;
            }
            return ++still >= limit;
        }

        private void CheckCell(string message, int tile, int row, int col, int averages)
        {
            ICimBoard board = _guard.Board;
            RequestCheck.Range(message, "tile", tile, 0, board.Tiles - 1);
            RequestCheck.Range(message, "row", row, 0, board.Rows - 1);
            RequestCheck.Range(message, "column", col, 0, board.Columns - 1);
            RequestCheck.Range(message, "reads to average", averages, 1, PulseGuard.MaxAverages);
        }
    }
}
