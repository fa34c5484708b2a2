using System;
using CimController.Emulator;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    /// <summary>Prints the MAC throughput (64x64 tile ops/s with noise) per profile; the device physics must not slow it.</summary>
    [TestClass]
    public sealed class MacThroughputTests
    {
        [TestMethod]
        [DataRow("brram")]
        [DataRow("brram-table1")]
        [DataRow("tio2")]
        [DataRow("hfo2")]
        public void MacThroughputIsPrinted(string profile)
        {
            const int seed = 1;
            EmulatorBenchmarkResult r = EmulatorBenchmark.Run(64, 64, 256, 1.0, noise: true, seed, profile);
            Console.WriteLine($"seed {seed} profile {profile}: {r.TileOpsPerSecond / 1e6:F2} M tile ops/s (64x64, noise, batches of 256)");
            Assert.IsTrue(r.TileOpsPerSecond > 0);
        }
    }
}
