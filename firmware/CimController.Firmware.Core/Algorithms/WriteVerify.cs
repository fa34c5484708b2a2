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
    /// PulseBudget, TimeBudget after <see cref="CommandCaps.CellMs"/> on one cell) instead of hanging; a run as a whole is
    /// bounded by its time budget (at most <see cref="CommandCaps.RequestMs"/>) and stops when its host has gone (a progress
    /// frame cannot be written). Knows no frames: a caller checks the settings (<see cref="Check"/>, <see cref="CheckCell"/>),
    /// then <see cref="Begin"/>, <see cref="Program"/> per cell and <see cref="End"/>; the WriteVerify command
    /// (<see cref="WriteVerifyCommand"/>) and the training pair writer (<see cref="WriteVerifyPairWriter"/>) both do.
    /// Allocates nothing per pulse or read; every pulse goes through <see cref="PulseGuard"/>.
    /// </summary>
    public sealed class WriteVerify
    {
        private const int Reached = -1;

        private readonly PulseGuard _guard;
        private readonly IClock _clock;
        private readonly ProgressReporter _progress;
        private readonly RequestBudget _budget;
        private WriteVerifyRequest? _settings;

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
        private long _startMs;
        private int _failures;

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

        /// <summary>Pulses applied in the run begun last (<see cref="Begin"/>).</summary>
        public uint RunPulses { get { return _totalSoFar; } }

        /// <summary>Cells of the run begun last that did not end in band.</summary>
        public int RunFailures { get { return _failures; } }

        /// <summary>
        /// Checks every setting of <paramref name="q"/> but the cell positions against the board, the caps and the pulse
        /// limits; throws <see cref="ProtocolException"/> naming the first setting outside its range.
        /// </summary>
        public void Check(WriteVerifyRequest q)
        {
            ICimBoard board = _guard.Board;
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
        }

        /// <summary>Checks that a listed cell lies on the board.</summary>
        public void CheckCell(int row, int col)
        {
            ICimBoard board = _guard.Board;
            RequestCheck.Range("WriteVerify", "row of a listed cell", row, 0, board.Rows - 1);
            RequestCheck.Range("WriteVerify", "column of a listed cell", col, 0, board.Columns - 1);
        }

        /// <summary>
        /// Starts a run of <see cref="WriteVerifyRequest.CellCount"/> cells with the settings of <paramref name="q"/> (checked
        /// with <see cref="Check"/>): fixes the time budget, selects the tile and starts the progress reports.
        /// </summary>
        public void Begin(WriteVerifyRequest q)
        {
            _settings = q;
            _minResponse = q.MinResponseNanosiemens != 0 ? q.MinResponseNanosiemens : (q.ToleranceNanosiemens / 4 > 0 ? q.ToleranceNanosiemens / 4 : 1);
            _startMs = _clock.NowMs;
            _deadlineMs = _budget.DeadlineMs(q.TimeBudgetMs);
            _guard.Board.SelectTile(q.Tile);
            _progress.Begin((uint)q.CellCount, q.ProgressEveryCells);
            _cellsDone = 0;
            _totalSoFar = 0;
            _failures = 0;
        }

        /// <summary>
        /// Programs the next cell of the run to <paramref name="targetNanosiemens"/>; writes its outcome into
        /// <paramref name="result"/> and returns its <see cref="WriteVerifyStatus"/>. A cell reached after the time budget ran
        /// out is not pulsed (TimeBudget, conductance 0).
        /// </summary>
        public int Program(int row, int col, uint targetNanosiemens, WriteVerifyOutcome result)
        {
            WriteVerifyRequest q = _settings!;
            _row = row;
            _col = col;
            int trials = 0;
            int status;
            _pulses = 0;
            if (_clock.NowMs >= _deadlineMs)
            {
                status = WriteVerifyStatus.TimeBudget;
                _g = 0;
            }
            else
            {
                status = ProgramCell(q, targetNanosiemens, ref trials);
            }
            if (status != WriteVerifyStatus.InBand)
            {
                _failures++;
            }
            _totalSoFar += (uint)_pulses;
            _cellsDone++;
            result.Status = status;
            result.Trials = trials;
            result.Pulses = _pulses;
            result.ConductanceNanosiemens = _g < 0 ? 0u : (uint)_g;
            _progress.Report(_cellsDone, _totalSoFar);
            return status;
        }

        /// <summary>Ends the run: adds its pulses to <see cref="TotalPulses"/>; returns the run's elapsed time, ms.</summary>
        public uint End()
        {
            TotalPulses += _totalSoFar;
            return (uint)(_clock.NowMs - _startMs);
        }

        /// <summary>Programs the current cell; returns a <see cref="WriteVerifyStatus"/>.</summary>
        private int ProgramCell(WriteVerifyRequest q, uint target, ref int trials)
        {
            long tol = q.ToleranceNanosiemens;
            long low = (long)target - tol;
            long high = (long)target + tol;
            long setThreshold = high + q.SetOvershootNanosiemens;
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
