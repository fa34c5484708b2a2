using System;
using System.IO;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>Chip definitions (boards/chips): the built-ins, their refusals, and a board built from one.</summary>
    [TestClass]
    public sealed class ChipDefinitionTests
    {
        [TestMethod]
        [DataRow("wu2023", 4, 64, 64, 2660.0)]
        [DataRow("WU2023-256x64", 4, 256, 64, 2930.0)]
        [DataRow("neurram48", 48, 256, 256, 11720.0)]
        public void BuiltInChipsCarryTheirGeometryCostsAndSources(string name, int tiles, int rows, int columns, double picojoules)
        {
            ChipDefinition chip = ChipDefinition.Load(name);
            Assert.AreEqual(name.ToLowerInvariant(), chip.Name);
            Assert.AreEqual((tiles, rows, columns), (chip.Tiles, chip.Rows, chip.Columns));
            Assert.AreEqual(8, chip.ColumnsPerAdc);
            Assert.AreEqual(picojoules, chip.TileOpEnergyPicojoules);
            Assert.AreEqual(7, chip.Sources.Count, "every figure has its source");
            foreach (string source in chip.Sources.Values) Assert.IsFalse(string.IsNullOrWhiteSpace(source));
        }

        [TestMethod]
        public void TheLargeChipSaysItsCostsAreScaledFromWu2023()
        {
            ChipDefinition chip = ChipDefinition.Load("neurram48");
            StringAssert.Contains(chip.Sources["tileOpEnergyPicojoules"], "scaled from Wu 2023 Table 2");
            StringAssert.Contains(chip.Description, "scaled from Wu 2023 Table 2");
        }

        [TestMethod]
        [DataRow("nope", "not a built-in name and not a path; accepted: wu2023, wu2023-256x64, neurram48")]
        [DataRow("./missing-chip.json", "no such file")]
        [DataRow("", "empty name")]
        public void UnknownNamesAndMissingFilesAreRefusedNamingWhatIsAccepted(string name, string message)
        {
            var e = Assert.ThrowsExactly<ChipDefinitionException>(() => ChipDefinition.Load(name));
            StringAssert.Contains(e.Message, message);
        }

        [TestMethod]
        [DataRow("\"tiles\": { \"value\": 256, \"source\": \"x\" }", "tiles = 256; accepted: a whole number 1..255 (CAPS bits 0-7)")]
        [DataRow("\"tiles\": { \"value\": 2.5, \"source\": \"x\" }", "tiles = 2.5; accepted: a whole number")]
        [DataRow("\"rows\": { \"value\": 20000, \"source\": \"x\" }", "rows = 20000; accepted: a whole number 1..16384")]
        [DataRow("\"tileOpEnergyPicojoules\": { \"value\": 0, \"source\": \"x\" }", "tileOpEnergyPicojoules = 0; accepted: a positive number of pJ")]
        [DataRow("\"tiles\": { \"value\": 4 }", "parameter \"tiles\" must be { \"value\": <number>, \"source\":")]
        [DataRow("\"colums\": { \"value\": 4, \"source\": \"x\" }", "unknown parameter \"colums\"")]
        public void AFieldOutOfRangeIsRefusedNamingItAndWhatIsAccepted(string replacement, string message)
        {
            string field = replacement.Substring(1, replacement.IndexOf('"', 1) - 1);
            string json = File.ReadAllText(Path.Combine(ChipDefinition.ChipsFolder(), "wu2023.json"));
            int at = json.IndexOf("\"" + field + "\"", StringComparison.Ordinal);
            string edited = at >= 0
                ? json.Substring(0, at) + replacement + json.Substring(json.IndexOf('}', at) + 1)
                : json.Replace("\"tiles\":", replacement + ", \"tiles\":");
            var e = Assert.ThrowsExactly<ChipDefinitionException>(() => ChipDefinition.Parse(edited, "test.json"));
            StringAssert.Contains(e.Message, "chip test.json: ");
            StringAssert.Contains(e.Message, message);
        }

        [TestMethod]
        public void AMissingParameterIsRefused()
        {
            string json = "{ \"name\": \"x\", \"description\": \"y\", \"parameters\": { \"tiles\": { \"value\": 4, \"source\": \"s\" } } }";
            var e = Assert.ThrowsExactly<ChipDefinitionException>(() => ChipDefinition.Parse(json, "x.json"));
            StringAssert.Contains(e.Message, "parameter \"rows\" is missing");
        }

        [TestMethod]
        public void ABoardBuiltFromTheLargeChipReportsItAndCountsItsCosts()
        {
            var board = new BoardEmulator(new EmulatorOptions { ProfileName = "ideal", Noise = false, Seed = 3, Chip = ChipDefinition.Load("neurram48") });
            var spi = new SpiTestDriver(board);
            Assert.AreEqual(48u, spi.Read(BoardRegister.Caps) & 0xFF, "CAPS tiles");
            Assert.AreEqual(8u, (spi.Read(BoardRegister.Caps) >> 20) & 0xFF, "CAPS columns per ADC");
            Assert.AreEqual(256u | 256u << 16, spi.Read(BoardRegister.Geometry));
            Assert.AreEqual(16384u | 65535u << 16, spi.Read(BoardRegister.BufferCaps));
            spi.Write(BoardRegister.TileSelect, 47);
            spi.SetWindows(0, 256, 0, 256);
            spi.Mac(Boards.RandomInputs(5 * 256, 4), 5, 256);
            Assert.AreEqual(5u, spi.Read(BoardRegister.TileOps));
            Assert.AreEqual(5ul * 72, spi.Read64(BoardRegister.CyclesLow, BoardRegister.CyclesHigh), "8 conversions of 9 cycles per tile op");
            Assert.AreEqual(5ul * 11720, spi.Read64(BoardRegister.EnergyLow, BoardRegister.EnergyHigh), "the chip's 11.72 nJ per tile op");
            Assert.AreEqual("neurram48", board.Options.ChipName);
        }

        [TestMethod]
        public void AStateFileKeepsItsChip()
        {
            var options = new EmulatorOptions { ProfileName = "ideal", Seed = 5, Chip = ChipDefinition.Load("wu2023-256x64") };
            var board = new BoardEmulator(options);
            EmulatorState state = board.CaptureState();
            EmulatorOptions again = state.Options("test");
            Assert.IsNotNull(again.Chip);
            Assert.AreEqual("wu2023-256x64", again.Chip.Name);
            Assert.AreEqual(2930.0, again.TileOpEnergyPicojoules);
            Assert.AreEqual(256, new BoardEmulator(again).Rows);
        }
    }
}
