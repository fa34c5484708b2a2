using System;
using System.CommandLine;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CimController.Analysis;
using CimController.Host;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// Options shared by <c>characterize</c> and <c>program</c>: the level band (Wu 2023 Fig. 2g: 16 levels over
    /// 2.3-9.4 µA read at 0.3 V, i.e. 7.67-31.3 µS), the band half-width and the write-verify limits.
    /// </summary>
    public sealed class LevelBandOptions
    {
        /// <summary><c>--levels</c>.</summary>
        public Option<int> Levels { get; } = new Option<int>("--levels") { Description = "Number of levels spread evenly over --band-ua (Wu 2023 Fig. 2g: 16)", DefaultValueFactory = _ => 16 };
        /// <summary><c>--band-ua</c>.</summary>
        public Option<string> BandMicroamps { get; } = new Option<string>("--band-ua") { Description = "Lowest:highest level as read current, µA, at --read-v (Wu 2023: 2.3:9.4)", DefaultValueFactory = _ => "2.3:9.4" };
        /// <summary><c>--read-v</c>.</summary>
        public Option<double> ReadVolts { get; } = new Option<double>("--read-v") { Description = "Read voltage the --band-ua currents refer to, V (Wu 2023 Fig. 2g: 0.3); targets are I / V in µS", DefaultValueFactory = _ => 0.3 };
        /// <summary><c>--tolerance-us</c>.</summary>
        public Option<double> ToleranceMicrosiemens { get; } = new Option<double>("--tolerance-us") { Description = "Half-width of each level's target band, µS", DefaultValueFactory = _ => 0.5 };
        /// <summary><c>--max-trials</c>.</summary>
        public Option<int> MaxTrials { get; } = new Option<int>("--max-trials") { Description = "Set-reset trials per cell (Wu 2023: 5 characterisation, 2 training)", DefaultValueFactory = _ => 5 };
        /// <summary><c>--max-pulses</c>.</summary>
        public Option<int> MaxPulses { get; } = new Option<int>("--max-pulses") { Description = "Pulse budget per cell", DefaultValueFactory = _ => 500 };

        /// <summary><c>--verify-avg</c>.</summary>
        public Option<int> VerifyAverages { get; } = new Option<int>("--verify-avg") { Description = "Reads averaged per verify read of write-verify, 1..16", DefaultValueFactory = _ => 4 };

        /// <summary>Adds the options.</summary>
        public void AddTo(Command command)
        {
            foreach (Option o in new Option[] { Levels, BandMicroamps, ReadVolts, ToleranceMicrosiemens, MaxTrials, MaxPulses, VerifyAverages })
            {
                command.Options.Add(o);
            }
        }

        /// <summary>The level targets in µS (index = level) and the write-verify options.</summary>
        public (double[] TargetsMicrosiemens, double LowUa, double HighUa, double ReadV, double ToleranceUs, WriteVerifyOptions Options) Read(ParseResult parse)
        {
            int levels = parse.GetValue(Levels);
            if (levels < 2 || levels > 1024)
            {
                throw new UsageException("--levels " + levels + " is not valid; give 2..1024");
            }
            double[] band = OptionParsing.Numbers("--band-ua", parse.GetValue(BandMicroamps)?.Replace(':', ','), 0, 100000);
            if (band.Length != 2 || band[0] >= band[1])
            {
                throw new UsageException("--band-ua takes LOW:HIGH in µA with LOW < HIGH, e.g. 2.3:9.4");
            }
            double v = parse.GetValue(ReadVolts);
            if (!(v > 0) || v > 10)
            {
                throw new UsageException("--read-v " + v.ToString(CultureInfo.InvariantCulture) + " is not valid; give the read voltage in V, e.g. 0.3");
            }
            double tol = parse.GetValue(ToleranceMicrosiemens);
            if (!(tol > 0) || tol > 1000)
            {
                throw new UsageException("--tolerance-us " + tol.ToString(CultureInfo.InvariantCulture) + " is not valid; give a positive half-width in µS");
            }
            int trials = parse.GetValue(MaxTrials);
            if (trials < 1 || trials > 255)
            {
                throw new UsageException("--max-trials " + trials + " is not valid; give 1..255");
            }
            int pulses = parse.GetValue(MaxPulses);
            if (pulses < 1 || pulses > 65535)
            {
                throw new UsageException("--max-pulses " + pulses + " is not valid; give 1..65535");
            }
            int verifyAvg = parse.GetValue(VerifyAverages);
            if (verifyAvg < 1 || verifyAvg > 16)
            {
                throw new UsageException("--verify-avg " + verifyAvg + " is not valid; give 1..16 reads per verify");
            }
            double[] targets = WriteVerifyStatistics.EvenLevels(band[0] / v, band[1] / v, levels);
            double separation = targets[1] - targets[0];
            if (2 * tol >= separation)
            {
                throw new UsageException("--tolerance-us " + tol.ToString(CultureInfo.InvariantCulture) + " makes neighbouring bands overlap: the levels are "
                    + separation.ToString("0.###", CultureInfo.InvariantCulture) + " µS apart; give less than half of that");
            }
            var options = new WriteVerifyOptions
            {
                MaxTrials = trials,
                ToleranceNanosiemens = (uint)Math.Round(tol * 1000),
                MaxPulsesPerCell = pulses,
                Averages = verifyAvg,
            };
            return (targets, band[0], band[1], v, tol, options);
        }
    }

    /// <summary>Converts the client's write-verify results for the analysis.</summary>
    public static class WriteVerifyResults
    {
        /// <summary>Analysis records of <paramref name="cells"/>; <paramref name="levelOf"/> maps a target (nS) to its level index (−1 if none).</summary>
        public static List<WriteVerifyCell> ToAnalysis(IEnumerable<WriteVerifyCellResult> cells, double toleranceUs, Func<uint, int> levelOf)
        {
            return cells.Select(c => new WriteVerifyCell(c.Row, c.Col, levelOf(c.TargetNanosiemens), c.TargetNanosiemens / 1000.0, toleranceUs, c.FinalMicrosiemens,
                c.Success, c.Pulses, c.Trials, c.StatusName)).ToList();
        }

        /// <summary>Level index of the target nearest <paramref name="targetNs"/> when within 1 nS, else −1.</summary>
        public static int LevelOf(double[] targetsUs, uint targetNs)
        {
            for (int k = 0; k < targetsUs.Length; k++)
            {
                if (Math.Abs(targetsUs[k] * 1000 - targetNs) <= 1)
                {
                    return k;
                }
            }
            return -1;
        }
    }
}
