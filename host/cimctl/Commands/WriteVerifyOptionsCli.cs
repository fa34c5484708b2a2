using System;
using System.CommandLine;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CimController.Analysis;
using CimController.Experiments.WriteVerify;
using CimController.Host;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Cli.Commands
{
    /// <summary>What the level and write-verify options asked for, checked on their own (before the board is known).</summary>
    public sealed record LevelBandRequest(int Levels, double[]? BandMicroamps, double ReadVolts, double? ToleranceMicrosiemens, int MaxTrials, int MaxPulses,
        int VerifyAverages, int[]? SetMillivolts, int[]? ResetMillivolts, int? StepMillivolts, uint? WidthNs);

    /// <summary>The level ladder and the write-verify settings of a run, resolved against the board's profile.</summary>
    public sealed record LevelBand(double[] TargetsMicrosiemens, double LowMicroamps, double HighMicroamps, double ReadVolts, double ToleranceMicrosiemens,
        WriteVerifyOptions Options, string BandSource, DeviceWindow? Window)
    {
        /// <summary>The levels and write-verify settings a programming run needs.</summary>
        public WriteVerifyLevels Levels => new(TargetsMicrosiemens, ReadVolts, ToleranceMicrosiemens, Options);
    }

    /// <summary>
    /// Options shared by <c>characterize</c> and <c>program</c>: the level band (Wu 2023 Fig. 2g: 16 levels over
    /// 2.3-9.4 µA read at 0.3 V, i.e. 7.67-31.3 µS, where that lies in the profile's window), the band half-width, the
    /// write-verify limits and its pulse trains (from the profile's pulse limits unless given: <see cref="WriteVerifyScheme"/>).
    /// </summary>
    public sealed class LevelBandOptions
    {
        /// <summary>Wu 2023 Fig. 2g: 16 levels over 2.3-9.4 µA read at 0.3 V.</summary>
        public const double WuLowMicroamps = 2.3, WuHighMicroamps = 9.4, WuReadVolts = 0.3;

        /// <summary>Outside the Wu band's profile the default band spans the window without this fraction at each end.</summary>
        public const double WindowMargin = 0.1;

        /// <summary>The default tolerance is this fraction of the level separation (0.53 µS for Wu's 16 levels).</summary>
        public const double ToleranceFraction = 1.0 / 3;

        /// <summary><c>--levels</c>.</summary>
        public Option<int> Levels { get; } = new Option<int>("--levels") { Description = "Number of levels spread evenly over the band (Wu 2023 Fig. 2g: 16)", DefaultValueFactory = _ => 16 };
        /// <summary><c>--band-ua</c>.</summary>
        public Option<string?> BandMicroamps { get; } = new Option<string?>("--band-ua")
        {
            Description = "Lowest:highest level as read current, µA, at --read-v. Default: Wu 2023's 2.3:9.4 at 0.3 V (7.67-31.3 µS) where that lies in the profile's conductance window (brram), else the window without 10 % at each end",
        };
        /// <summary><c>--read-v</c>.</summary>
        public Option<double> ReadVolts { get; } = new Option<double>("--read-v") { Description = "Read voltage the --band-ua currents refer to, V (Wu 2023 Fig. 2g: 0.3); targets are I / V in µS", DefaultValueFactory = _ => WuReadVolts };
        /// <summary><c>--tolerance-us</c>.</summary>
        public Option<double?> ToleranceMicrosiemens { get; } = new Option<double?>("--tolerance-us") { Description = "Half-width of each level's target band, µS (default: a third of the level separation)" };
        /// <summary><c>--max-trials</c>.</summary>
        public Option<int> MaxTrials { get; } = new Option<int>("--max-trials") { Description = "Set-reset trials per cell (Wu 2023: 5 characterisation, 2 training)", DefaultValueFactory = _ => 5 };
        /// <summary><c>--max-pulses</c>.</summary>
        public Option<int> MaxPulses { get; } = new Option<int>("--max-pulses") { Description = "Pulse budget per cell", DefaultValueFactory = _ => 500 };
        /// <summary><c>--verify-avg</c>.</summary>
        public Option<int> VerifyAverages { get; } = new Option<int>("--verify-avg") { Description = "Reads averaged per verify read of write-verify, 1..16", DefaultValueFactory = _ => 4 };
        /// <summary><c>--set-v</c>.</summary>
        public Option<string?> SetVolts { get; } = new Option<string?>("--set-v") { Description = "SET pulse train START:STOP, V (Wu 2023: 1.5:3; default from the profile's limits, see the README)" };
        /// <summary><c>--reset-v</c>.</summary>
        public Option<string?> ResetVolts { get; } = new Option<string?>("--reset-v") { Description = "RESET pulse train START:STOP, V, magnitudes (Wu 2023: 1.5:3; default from the profile's limits)" };
        /// <summary><c>--step-mv</c>.</summary>
        public Option<int?> StepMillivolts { get; } = new Option<int?>("--step-mv") { Description = "Voltage increment per pulse of both trains, mV (default: a fifteenth of each train's span, Wu 2023: 100)" };
        /// <summary><c>--width-ns</c>.</summary>
        public Option<double?> WidthNs { get; } = new Option<double?>("--width-ns") { Description = "Pulse width, ns (default from the profile's width limits)" };

        /// <summary>Adds the options.</summary>
        public void AddTo(Command command)
        {
            foreach (Option o in new Option[] { Levels, BandMicroamps, ReadVolts, ToleranceMicrosiemens, MaxTrials, MaxPulses, VerifyAverages, SetVolts, ResetVolts, StepMillivolts, WidthNs })
            {
                command.Options.Add(o);
            }
        }

        /// <summary>The options as given, each checked on its own; throws <see cref="UsageException"/> naming the first bad one.</summary>
        public LevelBandRequest Read(ParseResult parse)
        {
            int levels = parse.GetValue(Levels);
            if (levels < 2 || levels > 1024)
            {
                throw new UsageException("--levels " + levels + " is not valid; give 2..1024");
            }
            double[]? band = null;
            if (parse.GetValue(BandMicroamps) is string bandText)
            {
                band = OptionParsing.Numbers("--band-ua", bandText.Replace(':', ','), 0, 100000);
                if (band.Length != 2 || band[0] >= band[1])
                {
                    throw new UsageException("--band-ua takes LOW:HIGH in µA with LOW < HIGH, e.g. 2.3:9.4");
                }
            }
            double v = parse.GetValue(ReadVolts);
            if (!(v > 0) || v > 10)
            {
                throw new UsageException("--read-v " + OptionParsing.N(v) + " is not valid; give the read voltage in V, 0 < V <= 10, e.g. 0.3");
            }
            double? tol = parse.GetValue(ToleranceMicrosiemens);
            if (tol is double t && (!(t > 0) || t > 100000))
            {
                throw new UsageException("--tolerance-us " + OptionParsing.N(t) + " is not valid; give a positive half-width in µS");
            }
            int trials = parse.GetValue(MaxTrials);
            if (trials < 1 || trials > 255)
            {
                throw new UsageException("--max-trials " + trials + " is not valid; give 1..255");
            }
            int pulses = parse.GetValue(MaxPulses);
            if (pulses < 1 || pulses > CommandCaps.PulsesPerCell)
            {
                throw new UsageException("--max-pulses " + pulses + " is not valid; give 1.." + CommandCaps.PulsesPerCell + " (the firmware's cap per cell)");
            }
            int verifyAvg = parse.GetValue(VerifyAverages);
            if (verifyAvg < 1 || verifyAvg > 16)
            {
                throw new UsageException("--verify-avg " + verifyAvg + " is not valid; give 1..16 reads per verify");
            }
            int? step = parse.GetValue(StepMillivolts);
            if (step is int s && (s < 1 || s > 65535))
            {
                throw new UsageException("--step-mv " + s + " is not valid; give 1..65535 mV");
            }
            double? width = parse.GetValue(WidthNs);
            if (width is double w && (!(w >= 1) || w > uint.MaxValue))
            {
                throw new UsageException("--width-ns " + OptionParsing.N(w) + " is not valid; give 1.." + uint.MaxValue + " ns (the profile's limits apply)");
            }
            return new LevelBandRequest(levels, band, v, tol, trials, pulses, verifyAvg, Train("--set-v", parse.GetValue(SetVolts)), Train("--reset-v", parse.GetValue(ResetVolts)),
                step, width is double wn ? (uint)Math.Round(wn) : null);
        }

        /// <summary>
        /// The ladder and write-verify settings for the connected board: the default band and tolerance from its device
        /// window, the pulse trains from its limits; given values are checked against both. Throws
        /// <see cref="UsageException"/> before any pulse when something does not fit.
        /// </summary>
        public static LevelBand Resolve(LevelBandRequest q, DeviceWindow? window, InfoMessage info)
        {
            double lowUs, highUs;
            string source;
            if (q.BandMicroamps is double[] given)
            {
                lowUs = given[0] / q.ReadVolts;
                highUs = given[1] / q.ReadVolts;
                source = "--band-ua";
            }
            else if (window == null || (window.Contains(WuLowMicroamps / WuReadVolts) && window.Contains(WuHighMicroamps / WuReadVolts)))
            {
                lowUs = WuLowMicroamps / WuReadVolts;
                highUs = WuHighMicroamps / WuReadVolts;
                source = "Wu 2023 Fig. 2g (2.3-9.4 µA at 0.3 V)";
            }
            else
            {
                double span = window.MaxMicrosiemens - window.MinMicrosiemens;
                lowUs = window.MinMicrosiemens + WindowMargin * span;
                highUs = window.MaxMicrosiemens - WindowMargin * span;
                source = "profile '" + window.Profile + "' window " + window.MicrosiemensText + " without 10 % at each end";
            }
            if (window != null && q.BandMicroamps != null && (!window.Contains(lowUs) || !window.Contains(highUs)))
            {
                throw new UsageException("--band-ua " + OptionParsing.N(q.BandMicroamps[0]) + ":" + OptionParsing.N(q.BandMicroamps[1]) + " µA at " + OptionParsing.N(q.ReadVolts)
                    + " V is " + OptionParsing.N(lowUs) + "-" + OptionParsing.N(highUs) + " µS, outside the device window of profile '" + window.Profile + "': give levels within "
                    + window.MicrosiemensText + " (" + OptionParsing.N(window.MinMicrosiemens * q.ReadVolts) + ":" + OptionParsing.N(window.MaxMicrosiemens * q.ReadVolts) + " µA at " + OptionParsing.N(q.ReadVolts) + " V)");
            }
            double[] targets = WriteVerifyStatistics.EvenLevels(lowUs, highUs, q.Levels);
            double separation = targets[1] - targets[0];
            double tol = q.ToleranceMicrosiemens ?? Math.Round(separation * ToleranceFraction, 3);
            if (2 * tol >= separation)
            {
                throw new UsageException("--tolerance-us " + OptionParsing.N(tol) + " makes neighbouring bands overlap: the levels are "
                    + OptionParsing.N(separation) + " µS apart; give less than half of that");
            }
            WriteVerifyOptions options = WriteVerifyScheme.Options(info, q.SetMillivolts, q.ResetMillivolts, q.StepMillivolts, q.WidthNs);
            options.MaxTrials = q.MaxTrials;
            options.ToleranceNanosiemens = (uint)Math.Max(1, Math.Round(tol * 1000));
            options.MaxPulsesPerCell = q.MaxPulses;
            options.Averages = q.VerifyAverages;
            return new LevelBand(targets, lowUs * q.ReadVolts, highUs * q.ReadVolts, q.ReadVolts, tol, options, source, window);
        }

        private static int[]? Train(string option, string? text)
        {
            if (text == null)
            {
                return null;
            }
            double[] v = OptionParsing.Numbers(option, text.Replace(':', ','), 0.001, 65.535);
            if (v.Length != 2 || v[0] > v[1])
            {
                throw new UsageException(option + " '" + text + "' is not a train; give START:STOP in V with START <= STOP, e.g. 1.5:3");
            }
            return new[] { (int)Math.Round(v[0] * 1000), (int)Math.Round(v[1] * 1000) };
        }
    }
}
