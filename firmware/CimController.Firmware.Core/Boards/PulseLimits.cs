using CimController.Protocol;

namespace CimController.Firmware
{
    /// <summary>
    /// The pulse limit check: the active profile's limits (<see cref="FirmwareConfig.MaxSetMillivolts"/>,
    /// <see cref="FirmwareConfig.MaxResetMillivolts"/>, <see cref="FirmwareConfig.MinPulseWidthNs"/>..
    /// <see cref="FirmwareConfig.MaxPulseWidthNs"/>) and the board's absolute ones. Both the request and the pulse the
    /// board will really make of it (<see cref="ICimBoard.AppliedPulseMicrovolts"/>, <see cref="ICimBoard.AppliedPulseWidthNs"/>:
    /// its DAC step, its timer step and edges) must lie within them; a pulse beyond them is refused with
    /// <see cref="ErrorCode.PulseLimit"/>, never clipped; a firmware without profile limits (all 0) refuses every pulse.
    /// <see cref="PulseGuard"/> calls it before anything is sent, and every <see cref="ICimBoard"/> implementation calls
    /// it again right before it drives the hardware, so no path reaches a DAC without it. Allocates nothing unless a
    /// check fails.
    /// </summary>
    public static class PulseLimits
    {
        /// <summary>Most identical pulses in one command.</summary>
        public const int MaxCount = 65535;

        /// <summary>
        /// Throws when <paramref name="count"/> pulses of <paramref name="millivolts"/> (positive SET, negative RESET)
        /// and <paramref name="widthNs"/>, as <paramref name="board"/> applies them, are beyond the limits;
        /// <paramref name="what"/> names the pulse in the message.
        /// </summary>
        public static void Check(string what, FirmwareConfig config, ICimBoard board, int millivolts, uint widthNs, int count)
        {
            if (millivolts == 0)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, what + " pulse amplitude is 0 mV; give a SET (> 0) or RESET (< 0) amplitude");
            }
            if (count < 1 || count > MaxCount)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, what + " pulse count " + count.ToString() + " is outside 1.." + MaxCount.ToString());
            }
            CheckAmplitude(what, config, board, millivolts);
            CheckWidth(what, config, board, widthNs);
        }

        /// <summary>
        /// Throws when the amplitude of <paramref name="millivolts"/>, as requested or as <paramref name="board"/> applies it,
        /// is beyond the limits.
        /// </summary>
        public static void CheckAmplitude(string what, FirmwareConfig config, ICimBoard board, int millivolts)
        {
            long requested = millivolts < 0 ? -(long)millivolts * 1000 : (long)millivolts * 1000;
            CheckMagnitude(what, config, board, millivolts, requested);
            long applied = board.AppliedPulseMicrovolts(millivolts);
            if (applied < 0)
            {
                applied = -applied;
            }
            if (applied == 0)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, PulseText(what, millivolts) + " is applied as 0 mV by the board's DAC; give a larger amplitude");
            }
            CheckMagnitude(what, config, board, millivolts, applied);
        }

        /// <summary>
        /// Throws when <paramref name="widthNs"/>, as requested or as <paramref name="board"/> applies it, is beyond the
        /// profile's or the board's width limits; returns the applied width, ns.
        /// </summary>
        public static ulong CheckWidth(string what, FirmwareConfig config, ICimBoard board, uint widthNs)
        {
            CheckWidthValue(what, config, board, widthNs, widthNs);
            ulong applied = board.AppliedPulseWidthNs(widthNs);
            CheckWidthValue(what, config, board, widthNs, applied);
            return applied;
        }

        /// <summary>Checks an amplitude magnitude (the request's or the applied one, uV) against the profile and the board.</summary>
        private static void CheckMagnitude(string what, FirmwareConfig config, ICimBoard board, int millivolts, long microvolts)
        {
            bool reset = millivolts < 0;
            int profileMax = reset ? config.MaxResetMillivolts : config.MaxSetMillivolts;
            if (microvolts > (long)profileMax * 1000)
            {
                throw new ProtocolException(ErrorCode.PulseLimit,
                    PulseText(what, millivolts) + " exceeds the limit of profile '" + config.ProfileName + "': " + (reset ? "RESET" : "SET") + " up to " +
                    profileMax.ToString() + " mV" + AppliedNote(millivolts, microvolts) + "; refused, nothing applied");
            }
            if (microvolts > (long)board.MaxPulseMillivolts * 1000)
            {
                throw new ProtocolException(ErrorCode.PulseLimit,
                    PulseText(what, millivolts) + " exceeds the board's absolute limit of " + board.MaxPulseMillivolts.ToString() + " mV" +
                    AppliedNote(millivolts, microvolts) + "; refused, nothing applied");
            }
        }

        /// <summary>Checks a width (the request's or the applied one, ns) against the profile and the board.</summary>
        private static void CheckWidthValue(string what, FirmwareConfig config, ICimBoard board, uint widthNs, ulong applied)
        {
            if (applied < config.MinPulseWidthNs || applied > config.MaxPulseWidthNs)
            {
                throw new ProtocolException(ErrorCode.PulseLimit,
                    what + " pulse width " + widthNs.ToString() + " ns is outside the limits of profile '" + config.ProfileName + "': " +
                    config.MinPulseWidthNs.ToString() + ".." + config.MaxPulseWidthNs.ToString() + " ns" + WidthNote(widthNs, applied) +
                    "; refused, nothing applied");
            }
            if (applied < board.MinPulseWidthNs || applied > board.MaxPulseWidthNs)
            {
                throw new ProtocolException(ErrorCode.PulseLimit,
                    what + " pulse width " + widthNs.ToString() + " ns is outside the board's absolute limits " +
                    board.MinPulseWidthNs.ToString() + ".." + board.MaxPulseWidthNs.ToString() + " ns" + WidthNote(widthNs, applied) +
                    "; refused, nothing applied");
            }
        }

        /// <summary>"WHAT SET pulse of +N mV" (message text; built only when a check fails).</summary>
        private static string PulseText(string what, int millivolts)
        {
            return what + (millivolts < 0 ? " RESET pulse of " : " SET pulse of +") + millivolts.ToString() + " mV";
        }

        /// <summary>" (the board applies it as +N mV)" when the applied amplitude differs from the request; else "".</summary>
        private static string AppliedNote(int millivolts, long appliedMagnitudeMicrovolts)
        {
            long requested = millivolts < 0 ? -(long)millivolts * 1000 : (long)millivolts * 1000;
            return appliedMagnitudeMicrovolts == requested ? "" :
                " (the board applies it as " + (millivolts < 0 ? "-" : "+") + MillivoltText(appliedMagnitudeMicrovolts) + " mV)";
        }

        /// <summary>" (the board applies it as N ns)" when the applied width differs from the request; else "".</summary>
        private static string WidthNote(uint widthNs, ulong applied)
        {
            return applied == widthNs ? "" : " (the board applies it as " + applied.ToString() + " ns)";
        }

        /// <summary>Microvolts as millivolts with up to three decimals ("3000", "2998.047").</summary>
        private static string MillivoltText(long microvolts)
        {
            long whole = microvolts / 1000;
            long fraction = microvolts % 1000;
            if (fraction == 0)
            {
                return whole.ToString();
            }
            string digits = fraction.ToString();
            while (digits.Length < 3)
            {
                digits = "0" + digits;
            }
            return whole.ToString() + "." + digits;
        }
    }
}
