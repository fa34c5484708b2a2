using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>The TiO2-x physics (profile tio2, Diao 2025), driven through PULSE and READ_CELL only.</summary>
    [TestClass]
    public sealed class DevicePhysicsTiO2Tests
    {
        private static readonly double[] Voltages = { 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0 };
        private const double FfpWidthNs = 0.8e9, CharacterisationWidthNs = 2e9;
        private const double Lrs = 740, Hrs = 880, BinOhms = 0.5;
        private const int Averages = 4;

        /// <summary>Potentiation (SET polarity) lowers R towards LRS; depression (RESET polarity) raises it towards HRS.</summary>
        private static void Init(CellBench bench, int r, int c, bool potentiation) =>
            bench.Pulse(r, c, 7.0, reset: potentiation, CharacterisationWidthNs, 400); // +-7 V x 400: to HRS before potentiation, LRS before depression

        [TestMethod]
        public void IdenticalPulsesSaturateAndTheStepDependsOnVoltageAndResistance()
        {
            const int seed = 31;
            Console.WriteLine($"seed {seed}");
            var board = CellBench.Board_("tio2", seed, 4, 4);
            var bench = new CellBench(board);
            Init(bench, 0, 0, potentiation: true);
            Assert.AreEqual(Hrs, 1e6 / board.GetConductanceMicrosiemens(0, 0, 0), 0.01, "+-7 V initialisation reaches HRS");
            var r = new List<double> { 1e6 / board.GetConductanceMicrosiemens(0, 0, 0) };
            for (int i = 0; i < 300; i++)
            {
                bench.Pulse(0, 0, 0.5, false, CharacterisationWidthNs);
                r.Add(1e6 / board.GetConductanceMicrosiemens(0, 0, 0));
            }
            for (int i = 1; i < r.Count; i++) Assert.IsTrue(r[i] <= r[i - 1], $"potentiation pulse {i} raised R");
            double first = r[0] - r[10], last = r[290] - r[300];
            Console.WriteLine($"300 x 0.5 V 2 s from HRS: {r[0]:F2} -> {r[100]:F2} (100 pulses) -> {r[300]:F2} ohm; first 10 pulses -{first:F2}, last 10 -{last:F2}");
            Assert.IsTrue(first > 1.7 * last, "saturating");
            Assert.IsTrue(r[300] > 770, "0.5 V saturates far from LRS");

            // |dR| of one pulse grows with V_w at HRS, and at fixed V_w shrinks as R approaches the saturation level.
            var steps = new List<double>();
            foreach (double v in new[] { 0.5, 1.0, 2.0, 4.0 })
            {
                double sum = 0;
                for (int k = 0; k < 40; k++)
                {
                    Init(bench, 1, 1, potentiation: true);
                    double before = 1e6 / board.GetConductanceMicrosiemens(0, 1, 1);
                    bench.Pulse(1, 1, v, false, FfpWidthNs);
                    sum += before - 1e6 / board.GetConductanceMicrosiemens(0, 1, 1);
                }
                steps.Add(sum / 40);
            }
            Console.WriteLine($"mean |dR| of one 0.8 s pulse at HRS (40 tries) for 0.5/1/2/4 V: {string.Join(", ", steps.Select(s => s.ToString("F3")))} ohm");
            for (int i = 1; i < steps.Count; i++) Assert.IsTrue(steps[i] > steps[i - 1]);
            Init(bench, 0, 0, potentiation: false);
            double d1 = DepressionStep(board, bench, 2.0);
            bench.Pulse(0, 0, 7.0, true, CharacterisationWidthNs, 60);
            double d2 = DepressionStep(board, bench, 2.0);
            Console.WriteLine($"depression |dR| at 2 V: {d1:F3} ohm near LRS, {d2:F3} ohm near {1e6 / board.GetConductanceMicrosiemens(0, 0, 0):F1} ohm");
            Assert.IsTrue(d1 > d2);

            Init(bench, 2, 2, potentiation: false);
            Assert.AreEqual(Lrs, 1e6 / board.GetConductanceMicrosiemens(0, 2, 2), 0.01, "+7 V initialisation reaches LRS");
        }

        private static double DepressionStep(BoardEmulator board, CellBench bench, double v)
        {
            double before = 1e6 / board.GetConductanceMicrosiemens(0, 0, 0);
            bench.Pulse(0, 0, v, true, FfpWidthNs);
            return 1e6 / board.GetConductanceMicrosiemens(0, 0, 0) - before;
        }

        [TestMethod]
        public void BoardAcceptsTheTwoSecondPulsesOfThePaper()
        {
            var board = CellBench.Board_("tio2", 3, 4, 4);
            var spi = new SpiTestDriver(board);
            uint limits = spi.Read(BoardRegister.PulseLimits);
            Console.WriteLine($"PULSE_LIMITS width {(limits >> 12) * 10e-6:F2} s, SENSE_LSB {spi.Read(BoardRegister.SenseLsbPicoamps)} pA");
            Assert.AreEqual(BoardConstants.MaxPulseLimitWidthUnits, limits >> 12, "20 s (10 x 2 s) clipped to the 20-bit field, 10.49 s");
            new CellBench(board).Pulse(0, 0, 7.0, false, 2e9);
            Assert.AreEqual(10_000u, spi.Read(BoardRegister.SenseLsbPicoamps));
        }

        /// <summary>
        /// Diao 2025 FFP in the test, through SPI only: calibrate |dR| per resistance bin and V_w (Fig. 2c/d: trains of
        /// identical pulses of each V_w from HRS / LRS, until saturation), table = per bin the V_w with the largest mean
        /// |dR| inside 0.1-0.3 ohm, then sweep HRS -> LRS -> HRS by read-lookup-pulse with 0.8 s pulses; segment the
        /// sweep into n = 512/128/32 levels and fit nu (eq. 2/3); replay the n = 32 pulse groups open-loop and count
        /// skip-prone levels (normalised level &gt; 1 at CPD 80 %).
        /// </summary>
        [TestMethod]
        public void FfpSweepTakesAFewHundredPulseEventsEachWayAndGivesLinearLevels()
        {
            const int seed = 41;
            Console.WriteLine($"seed {seed}, profile tio2, FFP band 0.1-0.3 ohm, rule: largest mean |dR| in band, 0.8 s pulses, {Averages} averaged reads");
            var board = CellBench.Board_("tio2", seed, 4, 4);
            var bench = new CellBench(board);
            double[][] tableVolts = { Calibrate(bench, 0, 0, true), Calibrate(bench, 0, 0, false) };

            var counts = new[] { new List<int>(), new List<int>() };
            List<double>? potTrace = null, depTrace = null;
            List<double>? potVolts = null;
            for (int cell = 0; cell < 4; cell++)
            {
                for (int rep = 0; rep < 2; rep++)
                {
                    var (n1, trace1, volts1) = Sweep(bench, cell, cell, true, tableVolts[0]);
                    var (n2, trace2, _) = Sweep(bench, cell, cell, false, tableVolts[1]);
                    counts[0].Add(n1);
                    counts[1].Add(n2);
                    if (potTrace == null) { potTrace = trace1; depTrace = trace2; potVolts = volts1; }
                }
            }
            string Stat(List<int> x) { double m = x.Average(); return $"{m:F0} +- {Math.Sqrt(x.Select(v => (v - m) * (v - m)).Average()):F0} (min {x.Min()}, max {x.Max()})"; }
            Console.WriteLine($"FFP sweep HRS->LRS: {Stat(counts[0])} pulse events (paper 494 +- 11); LRS->HRS: {Stat(counts[1])} (paper 579 +- 17); 4 cells x 2 sweeps");
            Console.WriteLine($"window of the first sweeps: {potTrace![0]:F2} -> {potTrace[^1]:F2} ohm, {depTrace![0]:F2} -> {depTrace[^1]:F2} ohm");
            Assert.IsTrue(potTrace[0] > Hrs - 0.5 && potTrace[^1] < Lrs + 0.5, "potentiation sweeps the whole window");
            Assert.IsTrue(depTrace[0] < Lrs + 0.5 && depTrace[^1] > Hrs - 0.5, "depression sweeps the whole window");
            Assert.IsTrue(counts[0].All(n => n >= 380 && n <= 650), "a few hundred pulse events, within ~30 % of the paper's 494");
            Assert.IsTrue(counts[1].All(n => n >= 440 && n <= 750), "a few hundred pulse events, within ~30 % of the paper's 579");

            double[] paperP = { 1.91e-5, 3.10e-4, 4.95e-3 }, paperD = { 1.93e-5, 3.10e-4, 4.91e-3 };
            int[] levels = { 512, 128, 32 };
            for (int k = 0; k < levels.Length; k++)
            {
                int n = levels[k];
                var (nuP, distinctP, _) = Segment(potTrace, n, true);
                var (nuD, distinctD, _) = Segment(depTrace, n, false);
                Console.WriteLine($"n = {n}: potentiation nu_p {nuP:E2} (paper {paperP[k]:E2}), {distinctP} distinct levels; depression nu_d {nuD:E2} (paper {paperD[k]:E2}), {distinctD} distinct levels");
                Assert.IsTrue(nuP > paperP[k] / 3 && nuP < paperP[k] * 3, $"nu_p at n = {n} within a factor 3 of the paper");
                Assert.IsTrue(nuD > paperD[k] / 3 && nuD < paperD[k] * 3, $"nu_d at n = {n} within a factor 3 of the paper");
                if (n == 512) Assert.IsTrue(distinctP >= 480 && distinctD >= 480, "nearly all of the 512 levels are distinct (about 600 pulse events per sweep)");
            }

            int skip32 = SkipProne(bench, potTrace, potVolts!, 32, out int levels32);
            int skip512 = SkipProne(bench, potTrace, potVolts!, 512, out int levels512);
            Console.WriteLine($"skip-prone potentiation levels (normalised level > 1 at CPD 80 %, 12 open-loop replays): n = 32: {skip32} of {levels32} (paper 0); n = 512: {skip512} of {levels512} (paper 117)");
            Assert.AreEqual(0, skip32, "no skip-prone level at n = 32");
            Assert.IsTrue(skip512 > 0, "n = 512 has skip-prone levels");
        }

        /// <summary>Mean |dR| per (V_w, R bin) from trains of identical 0.8 s pulses of each V_w from HRS (potentiation)
        /// or LRS (depression) until LRS/HRS or saturation; returns per bin the chosen V_w.</summary>
        private static double[] Calibrate(CellBench bench, int r, int c, bool potentiation)
        {
            int bins = (int)Math.Round((Hrs - Lrs) / BinOhms);
            var sum = new double[Voltages.Length, bins];
            var count = new int[Voltages.Length, bins];
            for (int v = 0; v < Voltages.Length; v++)
            {
                Init(bench, r, c, potentiation);
                double rNow = bench.Ohms(r, c, Averages);
                int slow = 0;
                for (int k = 0; k < 1500 && slow < 30; k++)
                {
                    bench.Pulse(r, c, Voltages[v], !potentiation, FfpWidthNs);
                    double rNext = bench.Ohms(r, c, Averages);
                    double step = potentiation ? rNow - rNext : rNext - rNow;
                    int bin = Bin(rNow);
                    sum[v, bin] += step;
                    count[v, bin]++;
                    slow = step < 0.03 ? slow + 1 : 0;
                    rNow = rNext;
                    if (potentiation ? rNow < Lrs + 0.3 : rNow > Hrs - 0.3) break;
                }
            }
            var table = new double[bins];
            for (int b = 0; b < bins; b++)
            {
                double best = double.NaN, bestStep = 0, fallback = double.NaN, fallbackStep = 0;
                for (int v = 0; v < Voltages.Length; v++)
                {
                    if (count[v, b] == 0) continue;
                    double mean = sum[v, b] / count[v, b];
                    if (mean > 0.1 && mean < 0.3 && mean > bestStep) { best = Voltages[v]; bestStep = mean; }
                    if (mean <= 0.1 && mean > fallbackStep) { fallback = Voltages[v]; fallbackStep = mean; }
                }
                table[b] = double.IsNaN(best) ? fallback : best;
            }
            for (int b = 0; b < bins; b++) // bins without data: nearest bin with a choice
                if (double.IsNaN(table[b]))
                    for (int d = 1; d < bins && double.IsNaN(table[b]); d++)
                        table[b] = b - d >= 0 && !double.IsNaN(table[b - d]) ? table[b - d] : b + d < bins && !double.IsNaN(table[b + d]) ? table[b + d] : double.NaN;
            return table;
        }

        private static int Bin(double ohms) => Math.Clamp((int)((ohms - Lrs) / BinOhms), 0, (int)Math.Round((Hrs - Lrs) / BinOhms) - 1);

        /// <summary>FFP: read, look up, pulse (no search); returns pulse events, the resistance trace (reads) and the V_w applied.</summary>
        private static (int Events, List<double> Trace, List<double> Volts) Sweep(CellBench bench, int r, int c, bool potentiation, double[] table)
        {
            Init(bench, r, c, potentiation);
            var trace = new List<double> { bench.Ohms(r, c, Averages) };
            var volts = new List<double>();
            int events = 0;
            while (events < 3000)
            {
                double rNow = trace[^1];
                if (potentiation ? rNow <= Lrs + 0.1 : rNow >= Hrs - 0.1) break;
                double v = table[Bin(rNow)];
                bench.Pulse(r, c, v, !potentiation, FfpWidthNs);
                volts.Add(v);
                events++;
                trace.Add(bench.Ohms(r, c, Averages));
            }
            return (events, trace, volts);
        }

        /// <summary>Multilevel segmentation (Diao 2025, Experimental) and the nu fit of eq. 2 (potentiation) or 3 (depression).</summary>
        private static (double Nu, int Distinct, int[] Index) Segment(List<double> trace, int n, bool potentiation)
        {
            double rMin = trace.Min(), rMax = trace.Max();
            double[] y = trace.Select(t => (t - rMin) / (rMax - rMin)).ToArray();
            var index = new int[n];
            var level = new double[n];
            for (int j = 0; j < n; j++)
            {
                double target = potentiation ? 1 - (double)j / (n - 1) : (double)j / (n - 1);
                int m = 0;
                for (int i = 1; i < y.Length; i++) if (Math.Abs(y[i] - target) < Math.Abs(y[m] - target)) m = i;
                index[j] = m;
                level[j] = y[m];
            }
            double Model(double nu, int j) => Math.Abs(nu) < 1e-12
                ? (potentiation ? (double)(n - j) / n : (double)j / n)
                : potentiation ? (1 - Math.Exp(nu * (j - n))) / (1 - Math.Exp(-nu * n)) : (1 - Math.Exp(nu * j)) / (1 - Math.Exp(nu * n));
            double Sse(double nu) { double s = 0; for (int j = 1; j <= n; j++) { double e = Model(nu, j) - level[j - 1]; s += e * e; } return s; }
            double lo = -0.2, hi = 0.2;
            for (int it = 0; it < 300; it++)
            {
                double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
                if (Sse(m1) < Sse(m2)) hi = m2; else lo = m1;
            }
            return ((lo + hi) / 2, index.Distinct().Count(), index);
        }

        /// <summary>Replays the reference sweep's pulse events open-loop 12 times from HRS; a level j is skip-prone when the
        /// 80th percentile of (R at its last pulse event - r_a,j) / (r_a,j+1 - r_a,j) exceeds 1.</summary>
        private static int SkipProne(CellBench bench, List<double> trace, List<double> volts, int n, out int levels)
        {
            var (_, _, index) = Segment(trace, n, true);
            var boundaries = index.Distinct().OrderBy(i => i).ToArray();
            levels = boundaries.Length;
            const int replays = 12;
            var landed = new double[replays, boundaries.Length];
            for (int k = 0; k < replays; k++)
            {
                Init(bench, 3, 3, potentiation: true);
                int next = 0;
                if (boundaries[0] == 0) landed[k, next++] = bench.Ohms(3, 3, Averages);
                for (int e = 0; e < volts.Count && next < boundaries.Length; e++)
                {
                    bench.Pulse(3, 3, volts[e], false, FfpWidthNs);
                    if (e + 1 == boundaries[next]) landed[k, next++] = bench.Ohms(3, 3, Averages);
                }
            }
            int skipProne = 0;
            for (int j = 0; j + 1 < boundaries.Length; j++)
            {
                double rj = trace[boundaries[j]], rNext = trace[boundaries[j + 1]];
                var normalised = Enumerable.Range(0, replays).Select(k => (landed[k, j] - rj) / (rNext - rj)).OrderBy(x => x).ToArray();
                if (normalised[(int)Math.Ceiling(0.8 * replays) - 1] > 1) skipProne++;
            }
            return skipProne;
        }
    }
}
