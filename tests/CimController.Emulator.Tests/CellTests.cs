using System;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>READ_CELL and PULSE on single cells.</summary>
    [TestClass]
    public sealed class CellTests
    {
        [TestMethod]
        public void ReadCellReturnsSenseAndAdcCodes()
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            board.SetConductanceMicrosiemens(2, 17, 40, 33.3f);
            spi.Write(BoardRegister.TileSelect, 2);
            spi.SelectCell(17, 40);
            Assert.AreEqual(BoardStatus.Done, spi.Command(BoardCommand.ReadCell));
            uint result = spi.Read(BoardRegister.CellResult);
            Assert.AreEqual(3330u, result & 0xFFFF, "3.33 uA in 1 nA codes");
            Assert.AreEqual(12u, result >> 16 & 0xFF, "3.33 uA / 0.2745 uA = 12.13");
            Assert.AreEqual(0u, result >> 24);
        }

        [TestMethod]
        public void ReadCellFollowsReadDacAndClampsTheSenseCode()
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            board.SetConductanceMicrosiemens(0, 0, 0, 50f);
            spi.Write(BoardRegister.ReadDac, 150); // 0.3 V -> 15 uA
            spi.Command(BoardCommand.ReadCell);
            Assert.AreEqual(15000u, spi.Read(BoardRegister.CellResult) & 0xFFFF);
            board.SetConductanceMicrosiemens(0, 0, 0, 1000f); // 300 uA: beyond 16 bits of 1 nA and the ADC
            spi.Command(BoardCommand.ReadCell);
            Assert.AreEqual(0xFFu << 16 | 0xFFFF, spi.Read(BoardRegister.CellResult));
        }

        [TestMethod]
        public void NoisyCellReadsScatterByTheReadVariation()
        {
            const int seed = 31;
            Console.WriteLine($"seed {seed}");
            var board = Boards.Brram(seed);
            var spi = new SpiTestDriver(board);
            board.SetConductanceMicrosiemens(0, 3, 3, 40f);
            spi.SelectCell(3, 3);
            double sum = 0, sumSquares = 0;
            const int n = 4000;
            for (int i = 0; i < n; i++)
            {
                spi.Command(BoardCommand.ReadCell);
                double code = spi.Read(BoardRegister.CellResult) & 0xFFFF;
                sum += code;
                sumSquares += code * code;
            }
            double mean = sum / n, std = Math.Sqrt(sumSquares / n - mean * mean);
            Console.WriteLine($"sense mean {mean:F1}, std {std:F1} (expected 4000, 120)");
            Assert.AreEqual(4000, mean, 10);
            Assert.AreEqual(120, std, 8);
        }

        [TestMethod]
        [DataRow(1500u, 1.0)]   // 3.0 V: one full step
        [DataRow(1125u, 0.5)]   // 2.25 V: half a step
        [DataRow(750u, 0.0)]    // 1.5 V: at the threshold, nothing
        [DataRow(700u, 0.0)]    // 1.4 V: below the threshold
        [DataRow(3000u, 1.0)]   // 6 V: beyond the profile's max, still one step (the firmware must not do this)
        public void SetPulseRaisesConductanceLinearlyInVoltage(uint code, double steps)
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            board.SetConductanceMicrosiemens(0, 9, 9, 30f);
            spi.SelectCell(9, 9);
            spi.Write(BoardRegister.PulseAmplitude, code);
            spi.Write(BoardRegister.PulseWidth, 10);
            spi.Write(BoardRegister.PulseCount, 4);
            Assert.AreEqual(BoardStatus.Done, spi.Command(BoardCommand.Pulse));
            Assert.AreEqual(30 + 4 * steps, board.GetConductanceMicrosiemens(0, 9, 9), 1e-4);
        }

        [TestMethod]
        public void ResetPulseLowersConductanceSymmetrically()
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            board.SetConductanceMicrosiemens(1, 0, 63, 30f);
            float[] tile0 = board.GetTile(0);
            spi.Write(BoardRegister.TileSelect, 1);
            spi.SelectCell(0, 63);
            spi.Write(BoardRegister.PulseAmplitude, 0x8000_0000u | 1125);
            spi.Write(BoardRegister.PulseWidth, 100);
            spi.Write(BoardRegister.PulseCount, 3);
            spi.Command(BoardCommand.Pulse);
            Assert.AreEqual(28.5f, board.GetConductanceMicrosiemens(1, 0, 63), 1e-4);
            CollectionAssert.AreEqual(tile0, board.GetTile(0), "other tiles untouched");
        }

        [TestMethod]
        public void PulsesClampToTheProfileRange()
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            spi.SelectCell(4, 4);
            spi.Write(BoardRegister.PulseWidth, 10);
            spi.Write(BoardRegister.PulseCount, 200);
            spi.Write(BoardRegister.PulseAmplitude, 1500);
            spi.Command(BoardCommand.Pulse);
            Assert.AreEqual(70f, board.GetConductanceMicrosiemens(0, 4, 4));
            spi.Write(BoardRegister.PulseAmplitude, 0x8000_0000u | 1500);
            spi.Command(BoardCommand.Pulse);
            Assert.AreEqual(10f, board.GetConductanceMicrosiemens(0, 4, 4));
        }

        [TestMethod]
        public void PulsesTouchOnlyTheAddressedCell()
        {
            var board = Boards.Ideal();
            var spi = new SpiTestDriver(board);
            float[] before = board.GetTile(0);
            spi.SelectCell(5, 6);
            spi.Write(BoardRegister.PulseAmplitude, 1500);
            spi.Write(BoardRegister.PulseWidth, 10);
            spi.Command(BoardCommand.Pulse);
            float[] after = board.GetTile(0);
            for (int i = 0; i < before.Length; i++)
                if (i != 5 * 64 + 6) Assert.AreEqual(before[i], after[i], $"cell {i}");
            Assert.AreEqual(Math.Min(70f, before[5 * 64 + 6] + 1f), after[5 * 64 + 6], 1e-4);
        }

        [TestMethod]
        public void ADeviceResponseCanBeReplaced()
        {
            var board = new BoardEmulator(new EmulatorOptions { ProfileName = "ideal", DeviceResponse = new HalvingResponse() });
            var spi = new SpiTestDriver(board);
            board.SetConductanceMicrosiemens(0, 1, 2, 64f);
            spi.SelectCell(1, 2);
            spi.Write(BoardRegister.PulseWidth, 10);
            spi.Write(BoardRegister.PulseCount, 3);
            spi.Command(BoardCommand.Pulse);
            Assert.AreEqual(8f, board.GetConductanceMicrosiemens(0, 1, 2));
        }

        private sealed class HalvingResponse : IDeviceResponse
        {
            public float Apply(float conductanceMicrosiemens, in ProgrammingPulse pulse)
            {
                Assert.AreEqual(100, pulse.WidthNanoseconds);
                Assert.AreEqual((1, 2), (pulse.Row, pulse.Column));
                return conductanceMicrosiemens / 2;
            }
        }

        [TestMethod]
        public void BackDoorRejectsBadArguments()
        {
            var board = Boards.Ideal();
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => board.GetConductanceMicrosiemens(4, 0, 0));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => board.GetConductanceMicrosiemens(0, 64, 0));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => board.SetConductanceMicrosiemens(0, 0, -1, 1f));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => board.SetConductanceMicrosiemens(0, 0, 0, float.NaN));
            Assert.ThrowsExactly<ArgumentException>(() => board.SetTile(0, new float[10]));
        }
    }
}
