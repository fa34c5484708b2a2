using CimController.Protocol;

namespace CimController.Firmware
{
    /// <summary>
    /// The one place every programming pulse goes through. A pulse is checked against the active device
    /// profile's limits (<see cref="FirmwareConfig.MaxSetMillivolts"/>, <see cref="FirmwareConfig.MaxResetMillivolts"/>,
    /// <see cref="FirmwareConfig.MinPulseWidthNs"/>..<see cref="FirmwareConfig.MaxPulseWidthNs"/>) and the board's
    /// absolute limits (PULSE_LIMITS) and refused with <see cref="ErrorCode.PulseLimit"/>, never clipped. A
    /// firmware without profile limits (all 0) refuses every pulse. Also reads cells as conductance (nS) or
    /// resistance (milliohms). Allocates nothing unless a check fails.
    /// </summary>
    public sealed class PulseGuard
    {
        /// <summary>Most reads averaged per verify read.</summary>
        public const int MaxAverages = 16;
        /// <summary>Resistance reported when the read current is 0 or the value exceeds 32 bits.</summary>
        public const uint OpenMilliohms = 0xFFFFFFFFu;

        private readonly BoardDriver _board;
        private readonly FirmwareConfig _config;

        /// <summary>Creates the guard over an initialised board driver.</summary>
        public PulseGuard(BoardDriver board, FirmwareConfig config)
        {
            _board = board;
            _config = config;
        }

        /// <summary>Pulses applied through this guard since start.</summary>
        public uint PulsesApplied;

        /// <summary>The board driver.</summary>
        public BoardDriver Board { get { return _board; } }

        /// <summary>
        /// Throws <see cref="ErrorCode.PulseLimit"/> when a pulse of <paramref name="signedMv"/> (positive SET,
        /// negative RESET) and <paramref name="widthNs"/> is beyond the profile's or the board's limits, and
        /// <see cref="ErrorCode.OutOfRange"/> for a 0 mV pulse or a width that is not a whole number of 10 ns.
        /// <paramref name="what"/> names the pulse in the message (e.g. "WriteVerify SET stop").
        /// </summary>
        public void Check(string what, int signedMv, uint widthNs)
        {
            if (signedMv == 0)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, what + " pulse amplitude is 0 mV; a pulse needs a non-zero amplitude (positive SET, negative RESET)");
            }
            bool reset = signedMv < 0;
            int magnitude = reset ? -signedMv : signedMv;
            int limit = reset ? _config.MaxResetMillivolts : _config.MaxSetMillivolts;
            if (magnitude > limit)
            {
                throw new ProtocolException(ErrorCode.PulseLimit,
                    what + " " + (reset ? "RESET" : "SET") + " pulse of " + (reset ? "-" : "+") + magnitude.ToString() + " mV exceeds the limit of profile '" +
                    _config.ProfileName + "': " + (reset ? "RESET" : "SET") + " up to " + limit.ToString() + " mV; refused, nothing applied");
            }
            CheckWidth(what, widthNs);
            uint code = AmplitudeCode(magnitude);
            if (code > (uint)_board.MaxPulseAmplitudeCode || code == 0)
            {
                throw new ProtocolException(ErrorCode.PulseLimit,
                    what + " pulse of " + magnitude.ToString() + " mV needs amplitude code " + code.ToString() + "; the board accepts 1.." + _board.MaxPulseAmplitudeCode.ToString());
            }
        }

        /// <summary>Throws <see cref="ErrorCode.PulseLimit"/> when <paramref name="widthNs"/> is beyond the profile's or the board's width limits.</summary>
        public void CheckWidth(string what, uint widthNs)
        {
            if (widthNs < _config.MinPulseWidthNs || widthNs > _config.MaxPulseWidthNs)
            {
                throw new ProtocolException(ErrorCode.PulseLimit,
                    what + " pulse width " + widthNs.ToString() + " ns is outside the limits of profile '" + _config.ProfileName + "': " +
                    _config.MinPulseWidthNs.ToString() + ".." + _config.MaxPulseWidthNs.ToString() + " ns; refused, nothing applied");
            }
            if (widthNs % 10 != 0 || widthNs == 0)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, what + " pulse width " + widthNs.ToString() + " ns is not a whole number of the board's 10 ns steps");
            }
            if (widthNs / 10 > (ulong)_board.MaxPulseWidth10us * 1000UL)
            {
                throw new ProtocolException(ErrorCode.PulseLimit,
                    what + " pulse width " + widthNs.ToString() + " ns exceeds the board's absolute limit of " + ((ulong)_board.MaxPulseWidth10us * 10000UL).ToString() + " ns");
            }
        }

        /// <summary>
        /// Checks (<see cref="Check"/>) and applies <paramref name="count"/> identical pulses to a cell of the
        /// tile chosen with <see cref="BoardDriver.SelectTile"/>.
        /// </summary>
        public void Apply(string what, int row, int col, int signedMv, uint widthNs, int count)
        {
            Check(what, signedMv, widthNs);
            if (count < 1 || count > 65535)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, what + " pulse count " + count.ToString() + " is outside 1..65535");
            }
            bool reset = signedMv < 0;
            uint code = AmplitudeCode(reset ? -signedMv : signedMv);
            _board.PulseSelectedCell(row, col, reset ? code | 0x80000000u : code, widthNs / 10, count);
            PulsesApplied += (uint)count;
        }

        /// <summary>Sum of <paramref name="averages"/> sense codes of a cell of the selected tile.</summary>
        public ulong ReadSum(int row, int col, int averages)
        {
            ulong sum = 0;
            for (int a = 0; a < averages; a++)
            {
                sum += (ulong)_board.ReadSelectedCell(row, col);
            }
            return sum;
        }

        /// <summary>Conductance in nS from a sum of <paramref name="averages"/> sense codes: code x SENSE_LSB / V_read.</summary>
        public uint Nanosiemens(ulong sum, int averages)
        {
            ulong denominator = (ulong)averages * _board.ReadMicrovolts;
            ulong ns = (sum * _board.SenseLsbPicoamps * 1000UL + denominator / 2) / denominator;
            return ns > 0xFFFFFFFFUL ? 0xFFFFFFFFu : (uint)ns;
        }

        /// <summary>Resistance in milliohms from a sum of <paramref name="averages"/> sense codes: V_read / I.</summary>
        public uint Milliohms(ulong sum, int averages)
        {
            if (sum == 0)
            {
                return OpenMilliohms;
            }
            ulong denominator = sum * _board.SenseLsbPicoamps;
            ulong mohm = ((ulong)_board.ReadMicrovolts * (ulong)averages * 1000000000UL + denominator / 2) / denominator;
            return mohm >= 0xFFFFFFFFUL ? OpenMilliohms : (uint)mohm;
        }

        /// <summary>Reads a cell of the selected tile: conductance, nS.</summary>
        public uint ReadNanosiemens(int row, int col, int averages)
        {
            return Nanosiemens(ReadSum(row, col, averages), averages);
        }

        /// <summary>Reads a cell of the selected tile: resistance, milliohms.</summary>
        public uint ReadMilliohms(int row, int col, int averages)
        {
            return Milliohms(ReadSum(row, col, averages), averages);
        }

        private uint AmplitudeCode(int millivolts)
        {
            uint lsb = _board.PulseLsbMicrovolts;
            if (lsb == 0)
            {
                return 0xFFFFFFFFu;
            }
            return (uint)(((ulong)millivolts * 1000UL + lsb / 2) / lsb);
        }
    }
}
