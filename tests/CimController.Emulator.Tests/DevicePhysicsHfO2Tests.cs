using System;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>The second-order HfO2 physics (profile hfo2, Park 2023) and the RESET_PATH divider, through SPI.</summary>
    [TestClass]
    public sealed class DevicePhysicsHfO2Tests
    {
        private const double Us = 1000;

        private static double[] Ltp(BoardEmulator board, CellBench bench, int r, int c, double setVolts, double heatVolts, double heatWidthNs, int pulses = 100)
        {
            var g = new double[pulses + 1];
            g[0] = board.GetConductanceMicrosiemens(0, r, c);
            for (int i = 1; i <= pulses; i++)
            {
                if (heatVolts > 0) bench.Pulse(r, c, heatVolts, false, heatWidthNs); // heating pulse just before the SET pulse
                bench.Pulse(r, c, setVolts, false, 1 * Us);
                g[i] = board.GetConductanceMicrosiemens(0, r, c);
            }
            return g;
        }

        private static double[] Ltd(BoardEmulator board, CellBench bench, int r, int c, double resetVolts, int pulses = 120)
        {
            var g = new double[pulses + 1];
            g[0] = board.GetConductanceMicrosiemens(0, r, c);
            for (int i = 1; i <= pulses; i++)
            {
                bench.Pulse(r, c, resetVolts, true, 1 * Us);
                g[i] = board.GetConductanceMicrosiemens(0, r, c);
            }
            return g;
        }

        [TestMethod]
        public void HeatingPulseLinearisesPotentiationAndTheDividerLinearisesDepression()
        {
            const int seed = 51;
            Console.WriteLine($"seed {seed}, profile hfo2; nonlinearity = largest deviation of the normalised curve from its chord");
            var board = CellBench.Board_("hfo2", seed, 4, 4);
            var bench = new CellBench(board);
            var p = board.Profile;
            double window = p.ConductanceMaxMicrosiemens - p.ConductanceMinMicrosiemens;
            foreach (int c in new[] { 0, 1, 2 }) board.SetConductanceMicrosiemens(0, 0, c, (float)p.ConductanceMinMicrosiemens);

            double[] plainLtp = Ltp(board, bench, 0, 0, 0.7, 0, 0);
            double[] plainLtd = Ltd(board, bench, 0, 0, 0.8);
            double[] heatedLtp = Ltp(board, bench, 0, 1, 0.7, 0.3, 5 * Us);
            double nlPlainLtp = CellBench.Nonlinearity(plainLtp), nlHeatedLtp = CellBench.Nonlinearity(heatedLtp);
            double nlPlainLtd = CellBench.Nonlinearity(plainLtd);
            double firstDrop = (plainLtd[0] - plainLtd[1]) / (plainLtd[0] - plainLtd[^1]);
            Console.WriteLine($"plain LTP (100 x 0.7 V 1 us): {plainLtp[0]:F0} -> {plainLtp[^1]:F0} uS, nonlinearity {nlPlainLtp:F3}");
            Console.WriteLine($"plain LTD (120 x -0.8 V 1 us): {plainLtd[0]:F0} -> {plainLtd[^1]:F0} uS, nonlinearity {nlPlainLtd:F3}, first pulse removes {firstDrop:P0} of the swing");
            Console.WriteLine($"heated LTP (0.3 V 5 us heating + 0.7 V 1 us): {heatedLtp[0]:F0} -> {heatedLtp[^1]:F0} uS, nonlinearity {nlHeatedLtp:F3}");
            Assert.IsTrue(nlPlainLtp > 0.2, "plain LTP is abrupt");
            Assert.IsTrue(firstDrop > 0.1 && nlPlainLtd > 0.5, "plain LTD is abrupt");
            Assert.IsTrue(nlHeatedLtp < nlPlainLtp / 2, "heating linearises LTP");
            Assert.IsTrue(heatedLtp[^1] - heatedLtp[0] > 1.3 * (plainLtp[^1] - plainLtp[0]), "heating widens the range");

            // The paper's full scheme through the divider: heating 1 V 5 us + SET 1.35 V; RESET -3.5 V (Fig. 3d); read 0.9 V.
            var spi = new SpiTestDriver(board);
            spi.Write(BoardRegister.ResetPath, 1);
            Assert.AreEqual(1u, spi.Read(BoardRegister.ResetPath));
            double[] ltp = Ltp(board, bench, 0, 2, 1.35, 1.0, 5 * Us);
            double[] ltd = Ltd(board, bench, 0, 2, 3.5);
            double nlLtp = CellBench.Nonlinearity(ltp), nlLtd = CellBench.Nonlinearity(ltd);
            Console.WriteLine($"divider + heating LTP (1 V 5 us + 1.35 V 1 us): {ltp[0]:F0} -> {ltp[^1]:F0} uS, nonlinearity {nlLtp:F3}");
            Console.WriteLine($"divider LTD (120 x -3.5 V 1 us): {ltd[0]:F0} -> {ltd[^1]:F0} uS, nonlinearity {nlLtd:F3} (plain {nlPlainLtd:F3})");
            Assert.IsTrue(nlLtp < nlPlainLtp / 2);
            Assert.IsTrue(nlLtd < nlPlainLtd / 2, "the divider linearises LTD");
            Assert.IsTrue((ltd[^1] - p.ConductanceMinMicrosiemens) / window < 0.25, "and still depresses close to HRS");
            Assert.IsTrue((ltp[^1] - p.ConductanceMinMicrosiemens) / window > 0.8, "full LTP range");

            bench.SetReadVolts(0.2);
            double read = bench.Microamps(0, 2, 8);
            double g = board.GetConductanceMicrosiemens(0, 0, 2);
            Console.WriteLine($"read 0.2 V with RESET_PATH = 1: {read:F1} uA = G x {read / g:F3} V (reads bypass the divider)");
            Assert.AreEqual(g * 0.2, read, 1.0);
        }

        [TestMethod]
        public void TheHeatVariableNeedsAnOnsetLengthAndDecaysWithEmulatedTime()
        {
            const int seed = 52;
            Console.WriteLine($"seed {seed}");
            double Run(Action<CellBench, BoardEmulator> before)
            {
                var board = CellBench.Board_("hfo2", seed, 2, 2);
                var bench = new CellBench(board);
                board.SetConductanceMicrosiemens(0, 0, 0, 4700f);
                before(bench, board);
                bench.Pulse(0, 0, 0.7, false, 1 * Us);
                return board.GetConductanceMicrosiemens(0, 0, 0) - 4700;
            }
            double plain = Run((b, _) => { });
            double heated = Run((b, _) => b.Pulse(0, 0, 0.3, false, 5 * Us));
            double shortHeat = Run((b, _) => b.Pulse(0, 0, 0.3, false, 1.5 * Us));
            double afterRead = Run((b, _) => { b.Pulse(0, 0, 0.3, false, 5 * Us); b.Sense(0, 0); });
            double decayed = Run((b, board) => { b.Pulse(0, 0, 0.3, false, 5 * Us); board.AdvanceTime(20e-6); });
            Console.WriteLine($"SET step from 4700 uS: plain {plain:F2}, after 0.3 V 5 us heating {heated:F2}, 1.5 us heating {shortHeat:F2}, heating + a 90 ns read {afterRead:F2}, heating + 20 us idle {decayed:F2} uS");
            Assert.IsTrue(heated > 1.2 * plain, "heating speeds the SET up");
            Assert.AreEqual(plain, shortHeat, 1e-3, "heating shorter than 2 us does nothing");
            Assert.IsTrue(afterRead > 1.1 * plain && afterRead <= heated, "a read in between costs only 90 ns of cooling");
            Assert.AreEqual(plain, decayed, 0.05 * plain, "the heat is gone after 20 us");

            var only = CellBench.Board_("hfo2", seed, 2, 2);
            var bench2 = new CellBench(only);
            only.SetConductanceMicrosiemens(0, 0, 0, 4700f);
            bench2.Pulse(0, 0, 0.4, false, 10 * Us);
            Assert.AreEqual(4700f, only.GetConductanceMicrosiemens(0, 0, 0), "a heating pulse alone does not switch");
            bench2.Pulse(0, 0, 0.6, false, 5 * Us);
            Assert.IsTrue(only.GetConductanceMicrosiemens(0, 0, 0) > 4701f, "0.6 V 'heating' switches the device itself (Fig. S7)");
        }
    }
}
