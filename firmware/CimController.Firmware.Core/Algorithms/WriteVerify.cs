using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// Read-verify programming: incremental step pulse programming (ISPP) after Wu 2023 Fig. S2. Per cell:
    /// read; if already in the band [target - tol, target + tol], done. Otherwise reset below the band with an
    /// adaptive RESET train; then up to MaxTrials set-reset trials: an adaptive SET train (start, start+step,
    /// .. stop, then stop repeated) reading after every pulse until the set threshold (target + tol +
    /// overshoot), then an adaptive RESET train until the conductance is at or below target + tol; in the
    /// band = success, below it (over-reset) = next trial from SET. Every read averages several sense codes.
    /// A cell ends as a failure (TrialsExhausted, Stuck after K pulses without a move of the minimum response,
    /// PulseBudget, TimeBudget after <see cref="CommandCaps.CellMs"/> on one cell) instead of hanging; the command as a whole is
    /// bounded by its time budget (at most <see cref="CommandCaps.RequestMs"/>) and stops when its host has gone (a progress
    /// frame cannot be written). Allocates nothing per pulse or read; every pulse goes through <see cref="PulseGuard"/>.
    /// </summary>
    public sealed class WriteVerify
    {
        private const int Reached = -1;

        private readonly PulseGuard _guard;
        private readonly IClock _clock;
        private readonly ProgressReporter _progress;
        private readonly RequestBudget _budget;
        private readonly WriteVerifyRequest _request = new WriteVerifyRequest();
        private readonly PayloadReader _reader = new PayloadReader();

        // State of the cell being programmed (fields, not locals, so the trains share them without allocation).
        private int _row;
        private int _col;
        private long _g;
        private int _pulses;
        private long _deadlineMs;
        private long _cellDeadlineMs;
        private uint _minResponse;
        private uint _cellsDone;
        private uint _totalSoFar;

        /// <summary>Creates the command over the pulse guard.</summary>
        public WriteVerify(PulseGuard guard, IClock clock, ProgressReporter progress, RequestBudget budget)
        {
            _guard = guard;
            _clock = clock;
            _progress = progress;
            _budget = budget;
        }

        /// <summary>Total pulses applied by write-verify since start.</summary>
        public uint TotalPulses;

        /// <summary>Executes a WriteVerify request; writes the WriteVerifyResult payload into <paramref name="reply"/> and returns its length.</summary>
        public int Execute(byte[] frame, int payloadLength, byte[] reply, int replyLimit)
        {
            ICimBoard board = _guard.Board;
            RequestCheck.Length("WriteVerify", "the header and cell layout", payloadLength, WriteVerifyRequest.HeaderLength + 2);
            _reader.Reset(frame, FrameFormat.PayloadOffset, payloadLength);
            _request.Read(_reader);
            WriteVerifyRequest q = _request;
            RequestCheck.Range("WriteVerify", "tile", q.Tile, 0, board.Tiles - 1);
            RequestCheck.Range("WriteVerify", "reads to average", q.Averages, 1, PulseGuard.MaxAverages);
            RequestCheck.Range("WriteVerify", "max trials", q.MaxTrials, 1, 255);
            RequestCheck.Range("WriteVerify", "max pulses per cell", q.MaxPulsesPerCell, 1, CommandCaps.PulsesPerCell);
            RequestCheck.Range("WriteVerify", "stuck pulses", q.StuckPulses, 1, CommandCaps.PulsesPerCell);
            RequestCheck.Budget("WriteVerify", q.TimeBudgetMs);
            RequestCheck.Range("WriteVerify", "cell count", q.CellCount, 1, 65535);
            CheckTrain("SET", q.SetStartMv, q.SetStopMv, q.SetStepMv);
            CheckTrain("RESET", q.ResetStartMv, q.ResetStopMv, q.ResetStepMv);
            _guard.Check("WriteVerify SET start", q.SetStartMv, q.WidthNs);
            _guard.Check("WriteVerify SET stop", q.SetStopMv, q.WidthNs);
            _guard.Check("WriteVerify RESET start", -q.ResetStartMv, q.WidthNs);
            _guard.Check("WriteVerify RESET stop", -q.ResetStopMv, q.WidthNs);
            if (q.Mode == WriteVerifyMode.Region)
            {
                RequestCheck.Window("WriteVerify", "row", q.Row0, q.Rows, board.Rows);
                RequestCheck.Window("WriteVerify", "column", q.Col0, q.Cols, board.Columns);
            }
            else
            {
                for (int i = 0; i < q.CellCount; i++)
                {
                    int at = q.CellsOffset + i * WriteVerifyRequest.ListCellBytes;
                    RequestCheck.Range("WriteVerify", "row of a listed cell", ByteOrder.ReadUInt16(frame, at), 0, board.Rows - 1);
                    RequestCheck.Range("WriteVerify", "column of a listed cell", ByteOrder.ReadUInt16(frame, at + 2), 0, board.Columns - 1);
                }
            }
            int replyLength = WriteVerifyReply.PayloadLength(q.CellCount);
            RequestCheck.ReplyFits("WriteVerify", "the requested cells", replyLength, replyLimit);

            _minResponse = q.MinResponseNs != 0 ? q.MinResponseNs : (q.ToleranceNs / 4 > 0 ? q.ToleranceNs / 4 : 1);
            long start = _clock.NowMs;
            _deadlineMs = _budget.DeadlineMs(q.TimeBudgetMs);
            board.SelectTile(q.Tile);
            _progress.Begin((uint)q.CellCount, q.ProgressEveryCells);
            int p = FrameFormat.PayloadOffset;
            int cellAt = p + WriteVerifyReply.HeaderLength;
            uint total = 0;
            int failures = 0;
            for (int i = 0; i < q.CellCount; i++)
            {
                uint target;
                if (q.Mode == WriteVerifyMode.Region)
                {
                    _row = q.Row0 + i / q.Cols;
                    _col = q.Col0 + i % q.Cols;
                    target = ByteOrder.ReadUInt32(frame, q.CellsOffset + i * WriteVerifyRequest.RegionCellBytes);
                }
                else
                {
                    int at = q.CellsOffset + i * WriteVerifyRequest.ListCellBytes;
                    _row = ByteOrder.ReadUInt16(frame, at);
                    _col = ByteOrder.ReadUInt16(frame, at + 2);
                    target = ByteOrder.ReadUInt32(frame, at + 4);
                }
                int trials = 0;
                int status;
                _pulses = 0;
                _cellsDone = (uint)i;
                _totalSoFar = total;
                if (_clock.NowMs >= _deadlineMs)
                {
                    status = WriteVerifyStatus.TimeBudget;
                    _g = 0;
                }
                else
                {
                    status = ProgramCell(q, target, ref trials);
                }
                if (status != WriteVerifyStatus.InBand)
                {
                    failures++;
                }
                total += (uint)_pulses;
                reply[cellAt] = (byte)status;
                reply[cellAt + 1] = (byte)trials;
                ByteOrder.WriteUInt16(reply, cellAt + 2, _pulses);
                ByteOrder.WriteUInt32(reply, cellAt + 4, _g < 0 ? 0u : (uint)_g);
                cellAt += WriteVerifyReply.CellBytes;
                _progress.Report((uint)(i + 1), total);
            }
            TotalPulses += total;
            ByteOrder.WriteUInt16(reply, p, q.CellCount);
            ByteOrder.WriteUInt32(reply, p + 2, total);
            ByteOrder.WriteUInt32(reply, p + 6, (uint)(_clock.NowMs - start));
            ByteOrder.WriteUInt16(reply, p + 10, failures);
            return replyLength;
        }

        /// <summary>Programs the current cell; returns a <see cref="WriteVerifyStatus"/>.</summary>
        private int ProgramCell(WriteVerifyRequest q, uint target, ref int trials)
        {
            long tol = q.ToleranceNs;
            long low = (long)target - tol;
            long high = (long)target + tol;
            long setThreshold = high + q.SetOvershootNs;
            long cellDeadline = _clock.NowMs + CommandCaps.CellMs;
            _cellDeadlineMs = cellDeadline < _deadlineMs ? cellDeadline : _deadlineMs;
            _g = Read(q);
            if (_g >= low && _g <= high)
            {
                return WriteVerifyStatus.InBand;
            }
            // Reset to the lowest level: RESET train until below the band.
            if (_g >= low)
            {
                int r = Train(q, false, low - 1);
                if (r != Reached)
                {
                    return r;
                }
            }
            while (trials < q.MaxTrials)
            {
                trials++;
                int r = Train(q, true, setThreshold);
                if (r != Reached)
                {
                    return r;
                }
                if (_g >= low && _g <= high)
                {
                    return WriteVerifyStatus.InBand;
                }
                r = Train(q, false, high);
                if (r != Reached)
                {
                    return r;
                }
                if (_g >= low)
                {
                    return WriteVerifyStatus.InBand;
                }
                // Over-reset: below the band, start again from SET.
            }
            return WriteVerifyStatus.TrialsExhausted;
        }

        /// <summary>
        /// An adaptive train: SET pulses until G &gt;= <paramref name="until"/>, or RESET pulses until
        /// G &lt;= <paramref name="until"/>; the amplitude rises by the step per pulse up to the stop voltage and
        /// stays there. Returns <see cref="Reached"/> or a failure status.
        /// </summary>
        private int Train(WriteVerifyRequest q, bool set, long until)
        {
            int mv = set ? q.SetStartMv : q.ResetStartMv;
            int stop = set ? q.SetStopMv : q.ResetStopMv;
            int step = set ? q.SetStepMv : q.ResetStepMv;
            long reference = _g;
            int still = 0;
            while (true)
            {
                if (set ? _g >= until : _g <= until)
                {
                    return Reached;
                }
                if (_pulses >= q.MaxPulsesPerCell)
                {
                    return WriteVerifyStatus.PulseBudget;
                }
                if (_clock.NowMs >= _cellDeadlineMs)
                {
                    return WriteVerifyStatus.TimeBudget;
                }
                _guard.Apply("WriteVerify", _row, _col, set ? mv : -mv, q.WidthNs, 1);
                _pulses++;
                _progress.Report(_cellsDone, _totalSoFar + (uint)_pulses);
                _g = Read(q);
                long moved = set ? _g - reference : reference - _g;
                if (moved >= _minResponse)
                {
                    reference = _g;
                    still = 0;
                }
                else if (++still >= q.StuckPulses)
                {
                    return WriteVerifyStatus.Stuck;
                }
                if (mv < stop)
                {
                    mv += step;
                    if (mv > stop)
                    {
                        mv = stop;
                    }
                }
            }
        }

        private long Read(WriteVerifyRequest q)
        {
            return _guard.ReadNanosiemens(_row, _col, q.Averages);
        }

        private static void CheckTrain(string name, int start, int stop, int step)
        {
            if (start > stop || (start < stop && step < 1))
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "WriteVerify " + name + " train " + start.ToString() + " -> " + stop.ToString() + " mV in steps of " + step.ToString() +
                    " mV is not a rising train: need start <= stop and a step >= 1 mV when start < stop");
            }
        }
    }
}
