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

        private readonly ICimBoard _board;
        private readonly FirmwareConfig _config;

        /// <summary>Creates the guard over an initialised board.</summary>
        public PulseGuard(ICimBoard board, FirmwareConfig config)
        {
            _board = board;
            _config = config;
        }

        /// <summary>Pulses applied through this guard since start.</summary>
        public uint PulsesApplied;

        /// <summary>The board driver.</summary>
        public ICimBoard Board { get { return _board; } }

        /// <summary>
        /// Throws <see cref="ErrorCode.PulseLimit"/> when a pulse of <paramref name="signedMv"/> (positive SET,
        /// negative RESET) and <paramref name="widthNs"/>, as the board applies it, is beyond the profile's or the
        /// board's limits (<see cref="PulseLimits"/>), and <see cref="ErrorCode.OutOfRange"/> for a 0 mV pulse.
        /// <paramref name="what"/> names the pulse in the message (e.g. "WriteVerify SET stop").
        /// </summary>
        public void Check(string what, int signedMv, uint widthNs)
        {
            PulseLimits.Check(what, _config, _board, signedMv, widthNs, 1);
        }

        /// <summary>
        /// Throws <see cref="ErrorCode.PulseLimit"/> when <paramref name="widthNs"/>, as the board applies it, is beyond
        /// the profile's or the board's width limits; returns the applied width, ns.
        /// </summary>
        public ulong CheckWidth(string what, uint widthNs)
        {
            return PulseLimits.CheckWidth(what, _config, _board, widthNs);
        }

        /// <summary>
        /// Checks (<see cref="Check"/>) and applies <paramref name="count"/> identical pulses to a cell of the
        /// tile chosen with <see cref="ICimBoard.SelectTile"/>.
        /// </summary>
        public void Apply(string what, int row, int col, int signedMv, uint widthNs, int count)
        {
            PulseLimits.Check(what, _config, _board, signedMv, widthNs, count);
            _board.ApplyPulseToSelected(row, col, signedMv, widthNs, count);
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
    }
}
