using System;
using CimController.Experiments.WriteVerify;
using CimController.Host;
using CimController.Protocol.Messages;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// The write-verify pulse trains for a board, from the pulse limits its Info reports (the active profile's): Wu 2023's
    /// trains (SET and RESET both 1.5 -> 3 V in 100 mV steps, Fig. S2) scaled to the profile, so that every profile can be
    /// programmed and no pulse is refused. Both trains end at the smaller of the profile's SET and RESET maxima (Wu: 3 V;
    /// HfO2: 1.5 V, its 3.6 V RESET being meant for the RESET_PATH divider that write-verify does not use) and start at
    /// half of it (Wu: 1.5 V), rising by a fifteenth of the span per pulse (Wu: 100 mV). The width is a tenth of the
    /// profile's longest pulse (b-RRAM and HfO2: 1 µs, Park 2023's pulse width; TiO2-x: 0.2 s, where its 1 ms shortest pulse
    /// barely moves the device). Values given on the command line replace these and are checked against the same limits.
    /// </summary>
    public static class WriteVerifyScheme
    {
        /// <summary>The default width is the profile's longest pulse divided by this.</summary>
        public const uint WidthDivisor = 10;

        /// <summary>Voltage steps from a train's start to its stop (Wu 2023: 1.5 -> 3 V in 100 mV steps).</summary>
        public const int StepsPerTrain = 15;

        /// <summary>
        /// Write-verify options with trains and width for <paramref name="info"/>'s limits; <paramref name="set"/>,
        /// <paramref name="reset"/> (START, STOP in mV), <paramref name="stepMv"/> and <paramref name="widthNs"/> replace the
        /// defaults when given. Throws <see cref="UsageException"/> naming the limit a given value exceeds.
        /// </summary>
        public static WriteVerifyOptions Options(InfoMessage info, int[]? set, int[]? reset, int? stepMv, uint? widthNs)
        {
            int top = Math.Min(info.MaxSetMillivolts, info.MaxResetMillivolts);
            (int setStart, int setStop) = set is int[] s ? (s[0], s[1]) : (top / 2, top);
            (int resetStart, int resetStop) = reset is int[] r ? (r[0], r[1]) : (top / 2, top);
            Require("--set-v", setStop, info.MaxSetMillivolts, "SET", info.ProfileName);
            Require("--reset-v", resetStop, info.MaxResetMillivolts, "RESET", info.ProfileName);
            uint width = widthNs ?? Math.Max(info.MinPulseWidthNs, info.MaxPulseWidthNs / WidthDivisor);
            if (width < info.MinPulseWidthNs || width > info.MaxPulseWidthNs)
            {
                throw new UsageException("--width-ns " + width + " is outside the pulse widths of profile '" + info.ProfileName + "': give "
                    + info.MinPulseWidthNs + ".." + info.MaxPulseWidthNs + " ns");
            }
            return new WriteVerifyOptions
            {
                SetStartMillivolts = setStart,
                SetStopMillivolts = setStop,
                SetStepMillivolts = stepMv ?? Step(setStart, setStop),
                ResetStartMillivolts = resetStart,
                ResetStopMillivolts = resetStop,
                ResetStepMillivolts = stepMv ?? Step(resetStart, resetStop),
                WidthNs = width,
            };
        }

        /// <summary>The trains as text, e.g. "SET 1.5-3 V, RESET 1.5-3 V, steps 100/100 mV, 1000 ns" (<see cref="WriteVerifyResults.DescribeScheme"/>).</summary>
        public static string Describe(WriteVerifyOptions o) => WriteVerifyResults.DescribeScheme(o);

        private static int Step(int start, int stop) => Math.Max(1, (stop - start + StepsPerTrain / 2) / StepsPerTrain);

        private static void Require(string option, int stopMv, int limitMv, string polarity, string profile)
        {
            if (stopMv > limitMv)
            {
                throw new UsageException(option + " ends at " + OptionParsing.N(stopMv / 1000.0) + " V, beyond the largest " + polarity + " pulse of profile '" + profile + "': give at most "
                    + OptionParsing.N(limitMv / 1000.0) + " V");
            }
        }
    }
}
