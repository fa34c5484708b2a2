using CimController.Protocol;

namespace CimController.Firmware
{
    /// <summary>
    /// The pulse limit check: the active profile's limits (<see cref="FirmwareConfig.MaxSetMillivolts"/>,
    /// <see cref="FirmwareConfig.MaxResetMillivolts"/>, <see cref="FirmwareConfig.MinPulseWidthNs"/>..
    /// <see cref="FirmwareConfig.MaxPulseWidthNs"/>) and the board's absolute ones. A pulse beyond either is
    /// refused with <see cref="ErrorCode.PulseLimit"/>, never clipped; a firmware without profile limits (all 0)
    /// refuses every pulse. <see cref="PulseGuard"/> calls it before anything is sent, and every
    /// <see cref="ICimBoard"/> implementation calls it again right before it drives the hardware, so no path
    /// reaches a DAC without it. Allocates nothing unless a check fails.
    /// </summary>
    public static class PulseLimits
    {
        /// <summary>Most identical pulses in one command.</summary>
        public const int MaxCount = 65535;

        /// <summary>
        /// Throws when <paramref name="count"/> pulses of <paramref name="millivolts"/> (positive SET, negative RESET)
        /// and <paramref name="widthNs"/> are beyond the limits; <paramref name="what"/> names the pulse in the message.
        /// </summary>
        public static void Check(string what, FirmwareConfig config, int millivolts, uint widthNs, int count,
            int boardMaxMillivolts, uint boardMinWidthNs, uint boardMaxWidthNs)
        {
            if (millivolts == 0)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, what + " pulse amplitude is 0 mV; give a SET (> 0) or RESET (< 0) amplitude");
            }
            if (count < 1 || count > MaxCount)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, what + " pulse count " + count.ToString() + " is outside 1.." + MaxCount.ToString());
            }
            bool reset = millivolts < 0;
            int magnitude = reset ? -millivolts : millivolts;
            int profileMax = reset ? config.MaxResetMillivolts : config.MaxSetMillivolts;
            string kind = reset ? "RESET" : "SET";
            if (magnitude > profileMax)
            {
                throw new ProtocolException(ErrorCode.PulseLimit,
                    what + " " + kind + " pulse of " + (reset ? "-" : "+") + magnitude.ToString() + " mV exceeds the limit of profile '" +
                    config.ProfileName + "': " + kind + " up to " + profileMax.ToString() + " mV; refused, nothing applied");
            }
            if (magnitude > boardMaxMillivolts)
            {
                throw new ProtocolException(ErrorCode.PulseLimit,
                    what + " " + kind + " pulse of " + magnitude.ToString() + " mV exceeds the board's absolute limit of " +
                    boardMaxMillivolts.ToString() + " mV; refused, nothing applied");
            }
            if (widthNs < config.MinPulseWidthNs || widthNs > config.MaxPulseWidthNs)
            {
                throw new ProtocolException(ErrorCode.PulseLimit,
                    what + " pulse width " + widthNs.ToString() + " ns is outside the limits of profile '" + config.ProfileName + "': " +
                    config.MinPulseWidthNs.ToString() + ".." + config.MaxPulseWidthNs.ToString() + " ns; refused, nothing applied");
            }
            if (widthNs < boardMinWidthNs || widthNs > boardMaxWidthNs)
            {
                throw new ProtocolException(ErrorCode.PulseLimit,
                    what + " pulse width " + widthNs.ToString() + " ns is outside the board's absolute limits " +
                    boardMinWidthNs.ToString() + ".." + boardMaxWidthNs.ToString() + " ns; refused, nothing applied");
            }
        }
    }
}
