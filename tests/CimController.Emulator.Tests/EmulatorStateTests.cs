using System;
using System.Collections.Generic;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>
    /// The chip's state out and back in (<see cref="BoardEmulator.CaptureState"/>, <see cref="BoardEmulator.RestoreState"/>,
    /// <see cref="EmulatorStateJson"/>): a run split by a save and a load gives the same codes, bit for bit, as the run on one board.
    /// </summary>
    [TestClass]
    public sealed class EmulatorStateTests
    {
        private static readonly DateTime Fixed = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

        /// <summary>Pulses (SET, RESET; for hfo2 a heating pulse whose heat is still there when the next part starts with a SET),
        /// cell reads and a noisy MAC on two tiles; every sense code and MAC code goes to <paramref name="codes"/>.</summary>
        private static void Workload(BoardEmulator board, int part, List<long> codes)
        {
            var bench = new CellBench(board);
            var spi = new SpiTestDriver(board);
            DeviceProfile p = board.Profile;
            double width = p.MinPulseWidthNanoseconds;
            var random = new Random(1000 + part);
            for (int tile = 0; tile < 2; tile++)
            {
                bench.Write(BoardRegister.TileSelect, (uint)tile);
                for (int k = 0; k < 6; k++)
                {
                    int r = random.Next(board.Rows), c = random.Next(board.Columns);
                    bench.Pulse(r, c, p.MaxSetVolts, false, width, 3);
                    codes.Add(bench.Sense(r, c));
                    bench.Pulse(r, c, p.MaxResetVolts * 0.8, true, width, 2);
                    codes.Add(bench.Sense(r, c));
                }
                spi.SetWindows(0, 16, 0, 8);
                var inputs = new byte[4 * 16];
                random.NextBytes(inputs);
                foreach (byte code in spi.Mac(inputs, 4, 8)) codes.Add(code);
            }
            if (p.Model == "hfo2")
            {
                bench.Write(BoardRegister.TileSelect, 0);
                bench.Pulse(5, 5, p.SetThresholdVolts * 0.8, false, p.MaxPulseWidthNanoseconds);
                if (part == 2) codes.Add(bench.Sense(5, 5));
            }
            else if (part == 1)
            {
                codes.Add(bench.Sense(5, 5));
            }
            if (part == 2)
            {
                bench.Write(BoardRegister.TileSelect, 0);
                bench.Pulse(5, 5, p.MaxSetVolts, false, width);
                codes.Add(bench.Sense(5, 5));
            }
        }

        private static string Text(EmulatorState s) => EmulatorStateJson.Write(s, Fixed, Fixed, 1);

        [TestMethod]
        [DataRow("brram")]
        [DataRow("brram-table1")]
        [DataRow("tio2")]
        [DataRow("hfo2")]
        [DataRow("ideal")]
        public void RunSplitBySaveAndLoadGivesTheSameCodesAndStateAsOneBoard(string profile)
        {
            const int seed = 11;
            Console.WriteLine($"profile {profile}, seed {seed}, 2 tiles of 64x64");
            var options = new EmulatorOptions { ProfileName = profile, Seed = seed, Tiles = 2 };

            var whole = new BoardEmulator(options);
            var wholeCodes = new List<long>();
            Workload(whole, 1, wholeCodes);
            int firstPart = wholeCodes.Count;
            Workload(whole, 2, wholeCodes);

            var first = new BoardEmulator(options);
            var splitCodes = new List<long>();
            Workload(first, 1, splitCodes);
            string saved = Text(first.CaptureState());
            EmulatorState loaded = EmulatorStateJson.Read(saved, "memory").State;
            var second = new BoardEmulator(loaded.Options("memory"));
            second.RestoreState(loaded);
            Assert.AreEqual(saved, Text(second.CaptureState()), "the restored board's state is the saved one");
            Workload(second, 2, splitCodes);

            Console.WriteLine($"{wholeCodes.Count} codes ({firstPart} before the save); pulses {whole.Counters.Pulses}, cell reads {whole.Counters.CellReads}, tile ops {whole.Counters.TileOps}");
            CollectionAssert.AreEqual(wholeCodes, splitCodes, "every sense and MAC code is the same whether the run was split or not");
            Assert.AreEqual(Text(whole.CaptureState()), Text(second.CaptureState()), "the final state is bit-identical");
            Assert.AreNotEqual(Text(new BoardEmulator(options).CaptureState()), saved, "the saved chip is not a fresh one");
        }

        [TestMethod]
        public void StuckCellsDriftRecordAndCountersAreKept()
        {
            DeviceProfile stuckProfile = CellBench.Profile("brram", ("stuckFraction", 0.05));
            var board = new BoardEmulator(new EmulatorOptions { Profile = stuckProfile, Seed = 4, Tiles = 1 });
            var bench = new CellBench(board);
            bench.Pulse(1, 2, 3.0, false, 1000, 5);
            board.AdvanceTime(3600);
            EmulatorState state = EmulatorStateJson.Read(Text(board.CaptureState()), "memory").State;
            Assert.IsTrue(state.TileStates[0].StuckCells.Length > 100, "about 5 % of 4096 cells are stuck: " + state.TileStates[0].StuckCells.Length);
            Assert.AreEqual(5UL, state.Pulses);
            Assert.AreEqual(board.LifetimeSeconds, state.LifetimeCycles / 1e8, 1e-9);
            Assert.IsNotNull(state.TileStates[0].ProgrammedAtCycles, "brram drifts, so the drift record is kept");

            var restored = new BoardEmulator(state.Options("memory"));
            restored.RestoreState(state);
            Assert.AreEqual(board.LifetimeSeconds, restored.LifetimeSeconds);
            Assert.AreEqual(board.Counters.ToString(), restored.Counters.ToString());
            Assert.AreEqual(board.GetConductanceMicrosiemens(0, 1, 2), restored.GetConductanceMicrosiemens(0, 1, 2), "the drifted conductance after an hour");
        }

        [TestMethod]
        public void StateThatDoesNotFitIsRefusedAndNothingChanges()
        {
            DeviceProfile stuckProfile = CellBench.Profile("brram", ("stuckFraction", 0.05));
            var options = new EmulatorOptions { Profile = stuckProfile, Seed = 4, Tiles = 1 };
            var source = new BoardEmulator(options);
            new CellBench(source).Pulse(0, 0, 3.0, false, 1000, 3);
            var target = new BoardEmulator(options);
            string before = Text(target.CaptureState());

            EmulatorState otherStuck = source.CaptureState();
            otherStuck.TileStates[0].StuckCells = otherStuck.TileStates[0].StuckCells[1..];
            var e = Assert.ThrowsExactly<EmulatorStateException>(() => target.RestoreState(otherStuck));
            StringAssert.Contains(e.Message, "stuck cells");

            EmulatorState negative = source.CaptureState();
            negative.TileStates[0].ConductancesMicrosiemens[7] = -1;
            e = Assert.ThrowsExactly<EmulatorStateException>(() => target.RestoreState(negative));
            StringAssert.Contains(e.Message, "cell 7");

            EmulatorState otherSeed = new BoardEmulator(new EmulatorOptions { Profile = stuckProfile, Seed = 5, Tiles = 1 }).CaptureState();
            e = Assert.ThrowsExactly<EmulatorStateException>(() => target.RestoreState(otherSeed));
            StringAssert.Contains(e.Message, "seed 5");

            Assert.AreEqual(before, Text(target.CaptureState()), "a refused state changes nothing");
        }

        [TestMethod]
        public void EditedOrForeignTextIsRefusedNamingTheProblem()
        {
            string text = Text(new BoardEmulator(new EmulatorOptions { ProfileName = "ideal", Tiles = 1 }).CaptureState());
            var e = Assert.ThrowsExactly<EmulatorStateException>(() => EmulatorStateJson.Read(text.Replace("\"seed\": 1,", "\"seed\": 2,"), "chip.json"));
            StringAssert.Contains(e.Message, "state file chip.json was changed after it was written");
            e = Assert.ThrowsExactly<EmulatorStateException>(() => EmulatorStateJson.Read(text.Replace("\"version\": 1,", "\"version\": 2,"), "chip.json"));
            StringAssert.Contains(e.Message, "format version 2; this emulator reads version 1");
            e = Assert.ThrowsExactly<EmulatorStateException>(() => EmulatorStateJson.Read(text.Substring(0, text.Length / 2), "chip.json"));
            StringAssert.Contains(e.Message, "is corrupt: not valid JSON");
            e = Assert.ThrowsExactly<EmulatorStateException>(() => EmulatorStateJson.Read("", "chip.json"));
            StringAssert.Contains(e.Message, "is empty");
            e = Assert.ThrowsExactly<EmulatorStateException>(() => EmulatorStateJson.Read("{\"format\": \"something else\"}", "chip.json"));
            StringAssert.Contains(e.Message, "is not an emulator state file");
            Assert.AreEqual(text, Text(EmulatorStateJson.Read(text.Replace("\n  ", "\n    "), "chip.json").State), "indentation is not content");
        }
    }
}
