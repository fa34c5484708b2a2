using System;
using System.Linq;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>What every device model shares: seeds, stuck cells, device-to-device variation, retention drift, RESET_PATH.</summary>
    [TestClass]
    public sealed class DevicePhysicsTests
    {
        private static float[] Exercise(BoardEmulator board, double set, double reset, double widthNs)
        {
            var bench = new CellBench(board);
            for (int i = 0; i < 8; i++)
            {
                bench.Pulse(i % 4, i, set, false, widthNs, 3);
                bench.Pulse(i % 4, i, reset, true, widthNs, 2);
            }
            return board.GetTile(0);
        }

        [TestMethod]
        [DataRow("brram", 2.5, 2.5, 100.0)]
        [DataRow("tio2", 2.0, 2.0, 0.8e9)]
        [DataRow("hfo2", 0.7, 0.8, 1000.0)]
        [DataRow("ideal", 2.5, 2.5, 100.0)]
        public void SameSeedSameConductances(string profile, double set, double reset, double widthNs)
        {
            const int seed = 61;
            Console.WriteLine($"seed {seed} vs {seed + 1}, profile {profile}");
            float[] a = Exercise(CellBench.Board_(profile, seed, 8, 8), set, reset, widthNs);
            float[] b = Exercise(CellBench.Board_(profile, seed, 8, 8), set, reset, widthNs);
            float[] c = Exercise(CellBench.Board_(profile, seed + 1, 8, 8), set, reset, widthNs);
            CollectionAssert.AreEqual(a, b);
            CollectionAssert.AreNotEqual(a, c);
        }

        [TestMethod]
        [DataRow("brram", 2.5, 100.0)]
        [DataRow("tio2", 2.0, 0.8e9)]
        [DataRow("hfo2", 0.7, 1000.0)]
        public void StuckCellsHonourTheirFractionIgnorePulsesAndKeepTheirConductance(string name, double volts, double widthNs)
        {
            const int seed = 62;
            const double fraction = 0.05;
            Console.WriteLine($"seed {seed}, profile {name} with stuckFraction {fraction}");
            DeviceProfile profile = CellBench.Profile(name, ("stuckFraction", fraction));
            var board = CellBench.Board_(profile, seed, 64, 64, tiles: 4);
            int stuck = 0;
            for (int t = 0; t < 4; t++)
                for (int r = 0; r < 64; r++)
                    for (int c = 0; c < 64; c++)
                        if (board.IsStuck(t, r, c)) stuck++;
            double expected = fraction * 16384, sigma = Math.Sqrt(16384 * fraction * (1 - fraction));
            Console.WriteLine($"{stuck} stuck of 16384 (expected {expected:F0} +- {sigma:F0})");
            Assert.AreEqual(expected, stuck, 4 * sigma);

            var bench = new CellBench(board);
            int checkedStuck = 0, checkedFree = 0;
            for (int c = 0; c < 64 && (checkedStuck < 3 || checkedFree < 3); c++)
            {
                bool isStuck = board.IsStuck(0, 5, c);
                float before = board.GetConductanceMicrosiemens(0, 5, c);
                board.SetConductanceMicrosiemens(0, 5, c, before); // no-op for the value
                bench.Pulse(5, c, volts, board.GetConductanceMicrosiemens(0, 5, c) > (profile.ConductanceMinMicrosiemens + profile.ConductanceMaxMicrosiemens) / 2, widthNs, 5);
                float after = board.GetConductanceMicrosiemens(0, 5, c);
                if (isStuck) { Assert.AreEqual(before, after, $"stuck cell 5,{c} moved"); checkedStuck++; }
                else { Assert.AreNotEqual(before, after, $"free cell 5,{c} did not move"); checkedFree++; }
            }
            Assert.IsTrue(checkedStuck > 0 && checkedFree > 0);
        }

        [TestMethod]
        public void DeviceToDeviceVariationSpreadsTheStepSize()
        {
            const int seed = 63;
            Console.WriteLine($"seed {seed}, profile brram without cycle-to-cycle noise");
            foreach (double sigma in new[] { 0.0, 0.15, 0.4 })
            {
                var board = CellBench.Board_(CellBench.Profile("brram", ("cycleToCycleVariation", 0), ("deviceVariation", sigma)), seed, 32, 32);
                var bench = new CellBench(board);
                var logs = new double[1024];
                for (int i = 0; i < 1024; i++)
                {
                    board.SetConductanceMicrosiemens(0, i / 32, i % 32, 10f);
                    bench.Pulse(i / 32, i % 32, 2.5, false, 100);
                    logs[i] = Math.Log(board.GetConductanceMicrosiemens(0, i / 32, i % 32) - 10);
                }
                double mean = logs.Average(), sd = Math.Sqrt(logs.Select(x => (x - mean) * (x - mean)).Average());
                Console.WriteLine($"deviceVariation {sigma}: std of log(step) over 1024 cells {sd:F3}");
                Assert.AreEqual(sigma, sd, 0.01 + 0.1 * sigma);
            }
        }

        [TestMethod]
        public void RetentionDriftGrowsWithEmulatedTimeAndIsSeenByReadsAndMac()
        {
            const int seed = 64;
            Console.WriteLine($"seed {seed}, profile brram (drift +0.1 uS/decade at 4 uS, 0 at 40 uS, tau 1 s)");
            var board = CellBench.Board_("brram", seed, 8, 8, noise: false);
            var bench = new CellBench(board);
            var spi = new SpiTestDriver(board);
            var low = Enumerable.Repeat(7.6f, 64).ToArray();
            board.SetTile(0, low);
            board.SetConductanceMicrosiemens(0, 7, 7, 40f);
            double t0 = board.LifetimeSeconds;
            spi.SetWindows(0, 8, 0, 8);
            byte[] inputs = Enumerable.Repeat((byte)255, 8).ToArray();
            byte[] macBefore = spi.Mac(inputs, 1, 8);
            double last = 0;
            foreach (double seconds in new[] { 1.0, 10, 100, 1000, 7200 })
            {
                board.AdvanceTime(seconds - (board.LifetimeSeconds - t0));
                float[] tile = board.GetTile(0);
                double shift = tile.Take(63).Average() - 7.6;
                Console.WriteLine($"t = {seconds,6} s: mean shift of the 7.6 uS cells {shift:F3} uS, 40 uS cell {tile[63]:F3} uS");
                Assert.IsTrue(shift > last, "drift grows with time");
                last = shift;
                Assert.AreEqual(40f, tile[63], 1e-3, "no drift at the top of the window (Fig. 2h)");
            }
            Assert.IsTrue(last > 0.2 && last < 0.5, "a slight upward shift after 2 h (Fig. 2h)");
            bench.SetReadVolts(0.3);
            double read = bench.Microamps(0, 0, 1) / 0.3;
            Console.WriteLine($"READ_CELL after 2 h: {read:F3} uS (true {board.GetConductanceMicrosiemens(0, 0, 0):F3})");
            Assert.AreEqual(board.GetConductanceMicrosiemens(0, 0, 0), read, 0.01);
            spi.Write(BoardRegister.ReadDac, 50);
            byte[] macAfter = spi.Mac(inputs, 1, 8);
            Console.WriteLine($"MAC codes column 0: {macBefore[0]} before, {macAfter[0]} after 2 h");
            Assert.IsTrue(macAfter.Take(7).Sum(x => x) > macBefore.Take(7).Sum(x => x), "the MAC sees the drifted conductances");
            double clock = board.LifetimeSeconds;
            spi.Command(BoardCommand.ClearCounters);
            Assert.AreEqual(clock, board.LifetimeSeconds, "CLEAR_COUNTERS does not reset the drift clock");

            var tio2 = CellBench.Board_("tio2", seed, 4, 4);
            float g0 = tio2.GetConductanceMicrosiemens(0, 1, 1);
            tio2.AdvanceTime(1e5);
            Console.WriteLine($"tio2 after 1e5 s: {g0:F2} -> {tio2.GetConductanceMicrosiemens(0, 1, 1):F2} uS (relaxes towards HRS)");
            Assert.IsTrue(tio2.GetConductanceMicrosiemens(0, 1, 1) < g0);
        }

        [TestMethod]
        public void ResetPathIsARegisterOfMap11()
        {
            var spi = new SpiTestDriver(Boards.Ideal());
            Assert.AreEqual(0x0103u, spi.Read(BoardRegister.Version));
            Assert.AreEqual(0u, spi.Read(BoardRegister.ResetPath));
            spi.Write(BoardRegister.ResetPath, 3);
            Assert.AreEqual(1u, spi.Read(BoardRegister.ResetPath), "only bit 0 is kept");
            Assert.AreEqual(0u, spi.Error);
            spi.Command(BoardCommand.SoftReset);
            Assert.AreEqual(0u, spi.Read(BoardRegister.ResetPath), "SOFT_RESET restores the direct path");
        }
    }
}
