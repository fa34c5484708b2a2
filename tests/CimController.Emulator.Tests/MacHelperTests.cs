using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CimController.Emulator;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>The MAC helper thread (<see cref="EmulatorOptions.MacThreads"/> 2): the same codes as the calling thread alone.</summary>
    [TestClass]
    public sealed class MacHelperTests
    {
        private const int Rows = 25, Cols = 8, Vectors = 320, Conversions = 8;

        /// <summary>conv1-shaped inputs: a third of the codes 0 and every fifth vector all 0 (a black patch).</summary>
        private static byte[] Inputs(int seed)
        {
            byte[] x = Boards.RandomInputs(Rows * Vectors, seed);
            for (int i = 0; i < x.Length; i += 3) x[i] = 0;
            for (int v = 0; v < Vectors; v += 5) Array.Clear(x, v * Rows, Rows);
            return x;
        }

        /// <summary><paramref name="commands"/> MAC commands of 320 vectors with 8 summed conversions on a fresh board.</summary>
        private static ushort[] Run(int seed, int threads, int commands)
        {
            var spi = new SpiTestDriver(new BoardEmulator(new EmulatorOptions { ProfileName = "brram", Seed = seed, MacThreads = threads }));
            spi.Write(BoardRegister.ReadDac, 8);
            spi.SetWindows(0, Rows, 0, Cols);
            byte[] x = Inputs(seed);
            var sums = new List<ushort>();
            for (int k = 0; k < commands; k++)
                sums.AddRange(ConversionsTests.MacSummed(spi, x, Vectors, Cols, Conversions));
            return sums.ToArray();
        }

        [TestMethod]
        public void SummedConversionsWithTheHelperGiveTheSingleThreadedSums()
        {
            const int seed = 31;
            Console.WriteLine($"seed {seed}");
            ushort[] single = Run(seed, 1, 6);
            Assert.IsTrue(single.Distinct().Count() > 20, "noisy sums spread over many values");
            CollectionAssert.AreEqual(single, Run(seed, 2, 6));
            CollectionAssert.AreEqual(single, Run(seed, 0, 6));
        }

        [TestMethod]
        public void BoardsRunningAtOnceShareTheHelperAndKeepTheirCodes()
        {
            // One board holds the helper at a time; the other runs its command alone. Either way its codes stay the same.
            int[] seeds = { 41, 42, 43 };
            Console.WriteLine($"seeds {string.Join(", ", seeds)}");
            ushort[][] expected = seeds.Select(s => Run(s, 1, 20)).ToArray();
            Task<ushort[]>[] concurrent = seeds.Select(s => Task.Run(() => Run(s, 2, 20))).ToArray();
            Task.WaitAll(concurrent);
            for (int b = 0; b < seeds.Length; b++)
                CollectionAssert.AreEqual(expected[b], concurrent[b].Result, $"board with seed {seeds[b]}");
        }
    }
}
