using System;
using System.IO;
using CimController.Emulator;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary><see cref="EmulatorStateFile"/>: created on first use, locked while open, saved by rename, refused when corrupt or contradicted.</summary>
    [TestClass]
    public sealed class EmulatorStateFileTests
    {
        private string folder = "";

        [TestInitialize]
        public void Create()
        {
            folder = Path.Combine(Path.GetTempPath(), "emulator-state-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
        }

        [TestCleanup]
        public void Remove() => Directory.Delete(folder, recursive: true);

        private static BoardEmulator Attach(EmulatorStateFile file)
        {
            var board = new BoardEmulator(file.Options);
            file.Attach(board);
            return board;
        }

        [TestMethod]
        public void CreatedOnFirstUseLockedWhileOpenAndContinuedBySessions()
        {
            string path = Path.Combine(folder, "chip.json");
            Console.WriteLine("profile tio2, seed 9");
            using (EmulatorStateFile file = EmulatorStateFile.Open(path, "tio2", 9))
            {
                Assert.IsTrue(file.Created);
                Assert.IsFalse(File.Exists(path), "nothing is written before a board is attached");
                BoardEmulator board = Attach(file);
                Assert.IsTrue(File.Exists(path), "the new chip is written when the board is attached");
                var e = Assert.ThrowsExactly<EmulatorStateException>(() => EmulatorStateFile.Open(path, null, null));
                StringAssert.Contains(e.Message, "is in use by another command");
                e = Assert.ThrowsExactly<EmulatorStateException>(() => EmulatorStateFile.Resolve(path, null, null));
                StringAssert.Contains(e.Message, "is in use by another command");
                new CellBench(board).Pulse(3, 4, 7.0, false, 1e6);
                file.Save();
            }
            Assert.AreEqual(1, Directory.GetFiles(folder).Length, "no temporary file is left: " + string.Join(", ", Directory.GetFiles(folder)));
            Assert.AreEqual(("tio2", 9), EmulatorStateFile.Resolve(path, null, null));
            using (EmulatorStateFile again = EmulatorStateFile.Open(path, null, null))
            {
                Assert.IsFalse(again.Created);
                Assert.AreEqual(2L, again.Sessions);
                Assert.AreEqual(9, again.Options.Seed);
                Assert.AreEqual("tio2", again.Options.Profile!.Name);
                BoardEmulator board = Attach(again);
                Assert.AreEqual(1UL, board.Counters.Pulses, "the pulse of the first session is counted");
            }
        }

        [TestMethod]
        public void ContradictingProfileOrSeedIsRefusedNamingBoth()
        {
            string path = Path.Combine(folder, "chip.json");
            using (EmulatorStateFile file = EmulatorStateFile.Open(path, "brram", 3))
            {
                Attach(file);
                file.Save();
            }
            var e = Assert.ThrowsExactly<EmulatorStateException>(() => EmulatorStateFile.Resolve(path, "hfo2", null));
            StringAssert.Contains(e.Message, "--profile hfo2 contradicts state file " + path + ": its chip was made with profile brram and seed 3");
            e = Assert.ThrowsExactly<EmulatorStateException>(() => EmulatorStateFile.Open(path, null, 4));
            StringAssert.Contains(e.Message, "--seed 4 contradicts state file " + path + ": its chip was made with profile brram and seed 3");
            Assert.AreEqual(("brram", 3), EmulatorStateFile.Resolve(path, "brram", 3), "the file's own values are not a contradiction");
        }

        [TestMethod]
        public void CorruptFileIsRefusedAndLeftAsItIs()
        {
            string path = Path.Combine(folder, "chip.json");
            using (EmulatorStateFile file = EmulatorStateFile.Open(path, null, null))
            {
                Attach(file);
                file.Save();
            }
            string text = File.ReadAllText(path);
            string edited = text.Replace("\"pulses\": 0", "\"pulses\": 1");
            Assert.AreNotEqual(text, edited);
            File.WriteAllText(path, edited);
            var e = Assert.ThrowsExactly<EmulatorStateException>(() => EmulatorStateFile.Open(path, null, null));
            StringAssert.Contains(e.Message, "state file " + path + " was changed after it was written");
            Assert.AreEqual(edited, File.ReadAllText(path), "a refused file is not replaced");
        }
    }
}
