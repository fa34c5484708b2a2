using CimController.Protocol;

namespace CimController.Firmware
{
    /// <summary>
    /// The checks every board applies before a programming pulse: the device profile's limits from
    /// <see cref="FirmwareConfig"/> (SET/RESET amplitude, pulse width) and the board's own absolute limits.
    /// A zero profile limit allows no pulse of that kind. Messages name the value and the accepted range.
    /// </summary>
    public static class PulseLimits
    {
        /// <summary>Most pulses one call may apply.</summary>
        public const int MaxCount = 65535;

        /// <summary>Throws <see cref="ErrorCode.OutOfRange"/> unless the pulse fits both the profile and the board.</summary>
        public static void Check(FirmwareConfig config, int millivolts, uint widthNs, int count,
            int boardMaxMillivolts, uint boardMinWidthNs, uint boardMaxWidthNs)
        {
            if (millivolts == 0)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "pulse amplitude 0 mV: give a SET (> 0) or RESET (< 0) amplitude");
            }
            int magnitude = millivolts < 0 ? -millivolts : millivolts;
            int profileMax = millivolts > 0 ? config.MaxSetMillivolts : config.MaxResetMillivolts;
            string kind = millivolts > 0 ? "SET" : "RESET";
            if (magnitude > profileMax)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    kind + " pulse of " + magnitude.ToString() + " mV exceeds the profile '" + config.ProfileName + "' limit of " +
                    profileMax.ToString() + " mV (accepted 1.." + profileMax.ToString() + " mV)");
            }
            if (magnitude > boardMaxMillivolts)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    kind + " pulse of " + magnitude.ToString() + " mV exceeds the board's limit of " + boardMaxMillivolts.ToString() + " mV");
            }
            uint min = config.MinPulseWidthNs > boardMinWidthNs ? config.MinPulseWidthNs : boardMinWidthNs;
            uint max = config.MaxPulseWidthNs < boardMaxWidthNs ? config.MaxPulseWidthNs : boardMaxWidthNs;
            if (widthNs < min || widthNs > max)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "pulse width " + widthNs.ToString() + " ns is outside " + min.ToString() + ".." + max.ToString() +
                    " ns (profile " + config.MinPulseWidthNs.ToString() + ".." + config.MaxPulseWidthNs.ToString() +
                    " ns, board " + boardMinWidthNs.ToString() + ".." + boardMaxWidthNs.ToString() + " ns)");
            }
            if (count < 1 || count > MaxCount)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "pulse count " + count.ToString() + " is outside 1.." + MaxCount.ToString());
            }
        }
    }
}
