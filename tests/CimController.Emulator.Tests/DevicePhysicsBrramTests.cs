using System;
using System.Linq;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>The b-RRAM physics (profile brram, Wu 2023 Fig. 2 / Fig. S2), driven through PULSE and READ_CELL.</summary>
    [TestClass]
    public sealed class DevicePhysicsBrramTests
    {
        private const double WidthNs = 100;

        private static double[] Train(BoardEmulator board, CellBench bench, int row, int col, double volts, bool reset, int pulses)
        {
            var g = new double[pulses + 1];
            g[0] = board.GetConductanceMicrosiemens(0, row, col);
            for (int i = 1; i <= pulses; i++)
            {
                bench.Pulse(row, col, volts, reset, WidthNs);
                g[i] = board.GetConductanceMicrosiemens(0, row, col);
            }
            return g;
        }

        [TestMethod]
        public void IdenticalSetPulsesRaiseMonotonicallyAndSaturate_ResetPulsesLower()
        {
            const int seed = 11;
            Console.WriteLine($"seed {seed}");
            var board = CellBench.Board_("brram", seed, 8, 8);
            var bench = new CellBench(board);
            Assert.IsTrue(board.GetConductanceMicrosiemens(0, 2, 3) >= 36, "born in the on state");
            double[] down = Train(board, bench, 2, 3, 2.5, reset: true, 60);
            double[] up = Train(board, bench, 2, 3, 2.5, reset: false, 60);
            for (int i = 1; i < up.Length; i++)
            {
                Assert.IsTrue(down[i] <= down[i - 1], $"RESET pulse {i} raised G");
                Assert.IsTrue(up[i] >= up[i - 1], $"SET pulse {i} lowered G");
            }
            double firstUp = up[10] - up[0], lastUp = up[60] - up[50];
            double firstDown = down[0] - down[10], lastDown = down[50] - down[60];
            Console.WriteLine($"SET 2.5 V: {up[0]:F2} -> {up[60]:F2} uS, first 10 pulses +{firstUp:F2}, last 10 +{lastUp:F2}");
            Console.WriteLine($"RESET 2.5 V: {down[0]:F2} -> {down[60]:F2} uS, first 10 pulses -{firstDown:F2}, last 10 -{lastDown:F2}");
            Assert.IsTrue(firstUp > 3 * lastUp, "SET saturates");
            Assert.IsTrue(firstDown > 3 * lastDown, "RESET saturates");
            Assert.IsTrue(up[60] > 30 && down[60] < 10);
        }

        [TestMethod]
        public void ChangePerPulseGrowsWithAmplitudeAboveTheThreshold()
        {
            const int seed = 12;
            Console.WriteLine($"seed {seed}");
            var board = CellBench.Board_("brram", seed, 16, 16);
            var bench = new CellBench(board);
            double[] volts = { 1.0, 1.5, 2.0, 2.5, 3.0 };
            var mean = new double[volts.Length];
            for (int v = 0; v < volts.Length; v++)
            {
                for (int c = 0; c < 16; c++)
                {
                    board.SetConductanceMicrosiemens(0, v, c, 20f);
                    bench.Pulse(v, c, volts[v], false, WidthNs);
                    mean[v] += (board.GetConductanceMicrosiemens(0, v, c) - 20) / 16;
                }
                Console.WriteLine($"SET {volts[v]:F1} V from 20 uS: mean +{mean[v]:F3} uS per pulse");
            }
            Assert.AreEqual(0, mean[0], 1e-6, "1.0 V is below the 1.2 V threshold");
            for (int v = 1; v < volts.Length; v++)
                Assert.IsTrue(mean[v] > 1.5 * mean[v - 1], $"{volts[v]} V moves more than {volts[v - 1]} V");
        }

        [TestMethod]
        public void ConductanceStaysInThePhysicalWindow()
        {
            const int seed = 13;
            Console.WriteLine($"seed {seed}");
            var board = CellBench.Board_("brram", seed, 4, 4);
            var bench = new CellBench(board);
            bench.Pulse(1, 1, 3.0, false, 10_000, 300);
            float top = board.GetConductanceMicrosiemens(0, 1, 1);
            bench.Pulse(1, 1, 3.0, true, 10_000, 300);
            float bottom = board.GetConductanceMicrosiemens(0, 1, 1);
            Console.WriteLine($"300 x 3 V 10 us: SET -> {top:F3} uS, RESET -> {bottom:F3} uS (window 4-40 uS)");
            Assert.IsTrue(top <= 40f && top > 39f);
            Assert.IsTrue(bottom >= 4f && bottom < 4.5f);
        }

        /// <summary>
        /// Wu 2023 Fig. 2g / Fig. S2 in the test: 16 levels 2.3-9.4 uA at 0.3 V (7.6-31.3 uS) on a full 64x64 tile by
        /// ISPP write-verify through SPI: reset below the band, adaptive SET 1.5 -> 3 V until the set threshold,
        /// adaptive RESET 1.5 -> 3 V into the band, restart from SET on over-reset, at most 5 set-reset trials.
        /// </summary>
        [TestMethod]
        public void IsppWritesSixteenLevelsOnAWholeTileWithinFiveTrials()
        {
            const int seed = 21;
            Console.WriteLine($"seed {seed}, profile brram, 64x64, read 0.3 V, 4 averaged reads per verify");
            var board = CellBench.Board_("brram", seed, 64, 64);
            var bench = new CellBench(board);
            bench.SetReadVolts(0.3);
            const double lowUa = 2.3, highUa = 9.4;
            double spacing = (highUa - lowUa) / 15;
            double halfBand = 0.25 * spacing;
            const int averages = 4, maxTrials = 5;
            var trials = new int[64 * 64];
            var pulses = new int[64 * 64];
            var error = new double[64 * 64];
            int failures = 0;
            for (int r = 0; r < 64; r++)
            {
                for (int c = 0; c < 64; c++)
                {
                    int cell = r * 64 + c, level = (r + c) % 16;
                    double target = lowUa + level * spacing;
                    long before = bench.Pulses;
                    bool ok = WriteVerify(bench, r, c, target, halfBand, spacing, averages, maxTrials, out trials[cell]);
                    pulses[cell] = (int)(bench.Pulses - before);
                    if (!ok) failures++;
                    error[cell] = board.GetConductanceMicrosiemens(0, r, c) * 0.3 - target;
                }
            }
            var histogram = Enumerable.Range(1, maxTrials).Select(t => $"{t}: {trials.Count(x => x == t)}");
            double sigma = Math.Sqrt(error.Select(e => e * e).Average());
            Console.WriteLine($"success {4096 - failures}/4096; trials per cell {string.Join(", ", histogram)}");
            Console.WriteLine($"pulses per cell: mean {pulses.Average():F1}, max {pulses.Max()}; reads {bench.Reads}");
            Console.WriteLine($"programming error (true I - target): rms {sigma * 1000:F1} nA = {sigma / spacing:F3} level separations, max |e| {error.Max(Math.Abs) * 1000:F1} nA (band +-{halfBand * 1000:F0} nA)");
            Assert.AreEqual(0, failures, "100 % of cells in band");
            Assert.IsTrue(trials.Max() <= maxTrials);
            Assert.IsTrue(trials.Count(t => t > 1) > 0, "some cells need more than one set-reset trial (cycle-to-cycle noise)");
            Assert.IsTrue(error.Max(Math.Abs) < 0.5 * spacing, "every true conductance within half a level of its target");
        }

        private static bool WriteVerify(CellBench bench, int r, int c, double target, double halfBand, double spacing, int averages, int maxTrials, out int trial)
        {
            const double start = 1.5, stop = 3.0, step = 0.05;
            double low = target - halfBand, high = target + halfBand, setThreshold = target + 0.6 * spacing;
            trial = 0;
            double i = bench.Microamps(r, c, averages);
            // Reset to the lowest level: adaptive RESET train until below the band.
            for (double v = start; i >= low; v = Math.Min(stop, v + step))
            {
                bench.Pulse(r, c, v, true, WidthNs);
                i = bench.Microamps(r, c, averages);
            }
            while (trial < maxTrials)
            {
                trial++;
                for (double v = start; i < setThreshold; v = Math.Min(stop, v + step))
                {
                    bench.Pulse(r, c, v, false, WidthNs);
                    i = bench.Microamps(r, c, averages);
                }
                for (double v = start; i > high; v = Math.Min(stop, v + step))
                {
                    bench.Pulse(r, c, v, true, WidthNs);
                    i = bench.Microamps(r, c, averages);
                }
                if (i >= low) return true; // in band
                // over-reset: restart from SET
            }
            return false;
        }
    }
}
