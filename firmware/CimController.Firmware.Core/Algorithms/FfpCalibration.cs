using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// FFP calibration (Diao 2025 Fig. 2): for one write voltage and direction, reset the cell with the reset
    /// pulse (to HRS with RESET polarity before potentiation, to LRS with SET polarity before depression),
    /// apply K identical pulses and read the resistance after each. The trace goes back to the host (R vs
    /// pulse, |dR| maps) and, unless told otherwise, into the calibration store that <see cref="FfpTable"/>
    /// builds the lookup table from. The store holds <see cref="FirmwareConfig.FfpMaxVoltages"/> traces per
    /// direction of at most <see cref="FirmwareConfig.FfpMaxCalibrationPulses"/> resistances each (4 bytes
    /// each: 16 x 2 x 100 x 4 = 12,800 bytes by default, plus 20 bytes per slot), allocated on first use.
    /// A request runs within its time budget (1.6; at most <see cref="CommandCaps.RequestMs"/>, which is also the budget of a
    /// request without one): when it runs out the trace ends with the pulses done. Pulses and reset pulses are each at
    /// most <see cref="CommandCaps.PulsesPerCell"/>; a lost host link stops it after the pulse in flight.
    /// </summary>
    public sealed class FfpCalibration
    {
        private readonly PulseGuard _guard;
        private readonly FirmwareConfig _config;
        private readonly IClock _clock;
        private readonly ProgressReporter _progress;
        private readonly RequestBudget _budget;
        private readonly PayloadWriter _writer = new PayloadWriter();
        private readonly FfpCalibrationReply _reply = new FfpCalibrationReply();
        private uint[] _trace = new uint[0];
        private uint[] _start = new uint[0];
        private int[] _count = new int[0];
        private int[] _millivolts = new int[0];
        private int[] _direction = new int[0];
        private uint[] _width = new uint[0];

        /// <summary>Creates the calibration and its (not yet allocated) store.</summary>
        public FfpCalibration(PulseGuard guard, FirmwareConfig config, IClock clock, ProgressReporter progress, RequestBudget budget)
        {
            _guard = guard;
            _config = config;
            _clock = clock;
            _progress = progress;
            _budget = budget;
        }

        /// <summary>Traces the store can hold (both directions).</summary>
        public int Slots { get { return _count.Length; } }

        /// <summary>Resistances kept per trace.</summary>
        public int PulsesPerSlot { get { return _config.FfpMaxCalibrationPulses; } }

        /// <summary>Bytes of the store once allocated.</summary>
        public int StoreBytes { get { return 2 * _config.FfpMaxVoltages * (_config.FfpMaxCalibrationPulses * 4 + 20); } }

        /// <summary>Stored resistances of slot <paramref name="slot"/> (0 when empty).</summary>
        public int Count(int slot) { return _count[slot]; }
        /// <summary>Write voltage of a slot, mV.</summary>
        public int Millivolts(int slot) { return _millivolts[slot]; }
        /// <summary>Direction of a slot (<see cref="FfpDirection"/>).</summary>
        public int Direction(int slot) { return _direction[slot]; }
        /// <summary>Pulse width of a slot, ns.</summary>
        public uint Width(int slot) { return _width[slot]; }
        /// <summary>Resistance after the reset of a slot, milliohms.</summary>
        public uint Start(int slot) { return _start[slot]; }
        /// <summary>Resistance after pulse <paramref name="i"/> of a slot, milliohms.</summary>
        public uint At(int slot, int i) { return _trace[slot * _config.FfpMaxCalibrationPulses + i]; }

        /// <summary>True when at least one trace is stored.</summary>
        public bool HasData
        {
            get
            {
                for (int s = 0; s < _count.Length; s++)
                {
                    if (_count[s] > 0)
                    {
                        return true;
                    }
                }
                return false;
            }
        }

        /// <summary>Forgets every stored trace.</summary>
        public void Clear()
        {
            for (int s = 0; s < _count.Length; s++)
            {
                _count[s] = 0;
            }
        }

        /// <summary>
        /// Runs the calibration <paramref name="q"/> asks for; writes the FfpCalibration payload (<see cref="FfpCalibrationReply"/>)
        /// into <paramref name="reply"/> from <paramref name="offset"/> (at most <paramref name="replyLimit"/> bytes) and returns
        /// its length. Throws <see cref="ProtocolException"/> naming the first setting outside its range before any pulse.
        /// </summary>
        public int Calibrate(FfpCalibrateRequest q, byte[] reply, int offset, int replyLimit)
        {
            ICimBoard board = _guard.Board;
            RequestCheck.Range("FfpCalibrate", "tile", q.Tile, 0, board.Tiles - 1);
            RequestCheck.Range("FfpCalibrate", "row", q.Row, 0, board.Rows - 1);
            RequestCheck.Range("FfpCalibrate", "column", q.Col, 0, board.Columns - 1);
            RequestCheck.Range("FfpCalibrate", "direction (0 potentiation, 1 depression)", q.Direction, 0, 1);
            RequestCheck.Range("FfpCalibrate", "pulses", q.Pulses, 1, CommandCaps.PulsesPerCell);
            RequestCheck.Range("FfpCalibrate", "reset pulses", q.ResetCount, 0, CommandCaps.PulsesPerCell);
            uint budgetMs = q.HasTimeBudget ? q.TimeBudgetMs : CommandCaps.RequestMs;
            RequestCheck.Budget("FfpCalibrate", budgetMs);
            RequestCheck.Range("FfpCalibrate", "reads to average", q.Averages, 1, PulseGuard.MaxAverages);
            bool potentiation = q.Direction == FfpDirection.Potentiation;
            int writeMv = potentiation ? q.WriteMv : -q.WriteMv;
            int resetMv = potentiation ? -q.ResetMv : q.ResetMv;
            _guard.Check("FfpCalibrate write", writeMv, q.WidthNs);
            if (q.ResetCount > 0)
            {
                _guard.Check(potentiation ? "FfpCalibrate reset to HRS" : "FfpCalibrate reset to LRS", resetMv, q.ResetWidthNs);
            }
            RequestCheck.ReplyFits("FfpCalibrate", "the trace", FfpCalibrationReply.PayloadLength(q.Pulses), replyLimit);
            EnsureStore();
            if ((q.Flags & FfpCalibrateFlags.ClearStore) != 0)
            {
                Clear();
            }
            int slot = FfpCalibrationReply.NotStored;
            if ((q.Flags & FfpCalibrateFlags.DoNotStore) == 0)
            {
                slot = FindSlot(q.Direction, q.WriteMv);
                if (slot < 0)
                {
                    throw new ProtocolException(ErrorCode.OutOfRange,
                        "FfpCalibrate store is full (" + _config.FfpMaxVoltages.ToString() + " voltages per direction); send the first trace with the ClearStore flag, or DoNotStore");
                }
                _count[slot] = 0;
            }

            long deadline = _budget.DeadlineMs(budgetMs);
            board.SelectTile(q.Tile);
            _progress.Begin((uint)q.Pulses, 10);
            for (int i = 0; i < q.ResetCount && _clock.NowMs < deadline; i++)
            {
                // One at a time: the paper's reset pulses last seconds; progress keeps the host waiting.
                _guard.Apply("FfpCalibrate reset", q.Row, q.Col, resetMv, q.ResetWidthNs, 1);
                _progress.Report(0, (uint)(i + 1));
            }
            int p = offset;
            uint r0 = _guard.ReadMilliohms(q.Row, q.Col, q.Averages);
            _writer.Reset(reply, p, replyLimit);
            _writer.Skip(FfpCalibrationReply.HeaderLength);
            int keep = 0;
            if (slot != FfpCalibrationReply.NotStored)
            {
                _start[slot] = r0;
                _millivolts[slot] = q.WriteMv;
                _direction[slot] = q.Direction;
                _width[slot] = q.WidthNs;
                keep = q.Pulses < _config.FfpMaxCalibrationPulses ? q.Pulses : _config.FfpMaxCalibrationPulses;
            }
            int basis = slot == FfpCalibrationReply.NotStored ? 0 : slot * _config.FfpMaxCalibrationPulses;
            int done = 0;
            for (int i = 0; i < q.Pulses && _clock.NowMs < deadline; i++)
            {
                _guard.Apply("FfpCalibrate write", q.Row, q.Col, writeMv, q.WidthNs, 1);
                uint r = _guard.ReadMilliohms(q.Row, q.Col, q.Averages);
                _writer.WriteUInt32(r);
                if (i < keep)
                {
                    _trace[basis + i] = r;
                }
                done = i + 1;
                _progress.Report((uint)(i + 1), (uint)(i + 1 + q.ResetCount));
            }
            // A trace cut by the time budget: K in the reply and the store is what was done.
            int length = _writer.Length;
            FfpCalibrationReply m = _reply;
            m.Direction = q.Direction;
            m.WriteMv = q.WriteMv;
            m.Pulses = done;
            m.Slot = slot;
            m.StartMilliohms = r0;
            _writer.Reset(reply, p, replyLimit);
            m.Write(_writer);
            if (slot != FfpCalibrationReply.NotStored)
            {
                _count[slot] = keep < done ? keep : done;
            }
            return length;
        }

        private int FindSlot(int direction, int millivolts)
        {
            int free = -1;
            int used = 0;
            for (int s = 0; s < _count.Length; s++)
            {
                if (_count[s] > 0 && _direction[s] == direction)
                {
                    used++;
                    if (_millivolts[s] == millivolts)
                    {
                        return s;
                    }
                }
                if (_count[s] == 0 && free < 0)
                {
                    free = s;
                }
            }
            return used >= _config.FfpMaxVoltages ? -1 : free;
        }

        private void EnsureStore()
        {
            if (_count.Length > 0)
            {
                return;
            }
            int slots = 2 * _config.FfpMaxVoltages;
            _trace = new uint[slots * _config.FfpMaxCalibrationPulses];
            _start = new uint[slots];
            _count = new int[slots];
            _millivolts = new int[slots];
            _direction = new int[slots];
            _width = new uint[slots];
        }
    }
}
