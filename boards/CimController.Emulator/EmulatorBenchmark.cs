using System;
using System.Diagnostics;
using CimController.Protocol.Board;

namespace CimController.Emulator
{
    /// <summary>Result of <see cref="EmulatorBenchmark.Run"/>.</summary>
    /// <param name="TileOpsPerSecond">Tile operations per wall-clock second, through SPI transactions.</param>
    /// <param name="TileOps">Tile operations timed.</param>
    /// <param name="Batches">MAC commands timed.</param>
    /// <param name="Seconds">Wall-clock seconds timed.</param>
    /// <param name="ChipCycles">Chip cycles the board counted for them (CYCLES register).</param>
    /// <param name="EnergyPicojoules">Energy the board estimated for them, pJ.</param>
    public readonly record struct EmulatorBenchmarkResult(
        double TileOpsPerSecond, long TileOps, long Batches, double Seconds, ulong ChipCycles, double EnergyPicojoules);

    /// <summary>
    /// Speed of the emulator's MAC as a driver sees it (used by <c>cimctl bench vmm</c>): each batch is a
    /// burst write of the inputs (split at 4096 bytes), WRITE_REG VEC_COUNT, WRITE_REG CONTROL = MAC, a poll of
    /// STATUS, and a burst read of the outputs (split at 4096 bytes), all through <see cref="BoardEmulator.Transfer"/>.
    /// </summary>
    public static class EmulatorBenchmark
    {
        /// <summary>Tile operations per second for a rows x cols tile (b-RRAM profile), batches of
        /// <paramref name="vectorsPerBatch"/> seeded random input vectors, for about <paramref name="seconds"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A batch does not fit the 16384-byte buffers, or a size is not positive.</exception>
        public static double MeasureTileOps(int rows, int cols, int vectorsPerBatch, double seconds, bool noise, int seed) =>
            Run(rows, cols, vectorsPerBatch, seconds, noise, seed).TileOpsPerSecond;

        /// <summary>As <see cref="MeasureTileOps"/>, with the counts, the board's cycle and energy figures.
        /// <paramref name="macThreads"/> is <see cref="EmulatorOptions.MacThreads"/> (1 = calling thread only, 2 = with the MAC helper thread, 0 = 2 on two or more cores).</summary>
        public static EmulatorBenchmarkResult Run(int rows, int cols, int vectorsPerBatch, double seconds, bool noise, int seed, string profile = "brram", int macThreads = 1)
        {
            var options = new EmulatorOptions { Tiles = 1, Rows = rows, Columns = cols, Noise = noise, Seed = seed, ProfileName = profile, MacThreads = macThreads };
            options.Validate();
            if (vectorsPerBatch < 1 || (long)vectorsPerBatch * rows > options.InputBufferBytes || (long)vectorsPerBatch * cols > options.OutputBufferBytes)
                throw new ArgumentOutOfRangeException(nameof(vectorsPerBatch), vectorsPerBatch,
                    $"vectorsPerBatch must be within 1..{Math.Min(options.InputBufferBytes / rows, options.OutputBufferBytes / cols)} for {rows}x{cols} (16384-byte buffers)");
            if (!(seconds > 0) || double.IsInfinity(seconds))
                throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "seconds must be > 0");

            var board = new BoardEmulator(options);
            var driver = new Driver(board);
            var random = new SplitMix64((ulong)(uint)seed);
            byte[] inputs = new byte[rows * vectorsPerBatch];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = (byte)random.Next();
            byte[] outputs = new byte[cols * vectorsPerBatch];

            // Warm-up (JIT, caches), then clear the counters so they cover only the timed batches.
            var warm = Stopwatch.StartNew();
            do driver.Batch(inputs, outputs, vectorsPerBatch);
            while (warm.Elapsed.TotalSeconds < Math.Min(0.2, seconds / 5));
            driver.WriteRegister(BoardRegister.Control, BoardCommand.ClearCounters);

            long batches = 0;
            var timer = Stopwatch.StartNew();
            do
            {
                driver.Batch(inputs, outputs, vectorsPerBatch);
                batches++;
            }
            while (timer.Elapsed.TotalSeconds < seconds);
            double elapsed = timer.Elapsed.TotalSeconds;
            EmulatorCounters counters = board.Counters;
            long ops = batches * vectorsPerBatch;
            if (counters.TileOps != (ulong)ops)
                throw new InvalidOperationException($"board counted {counters.TileOps} tile ops, the benchmark issued {ops}");
            return new EmulatorBenchmarkResult(ops / elapsed, ops, batches, elapsed, counters.Cycles, counters.EnergyPicojoules);
        }

        /// <summary>A minimal SPI driver for the benchmark (the firmware has the real one).</summary>
        private sealed class Driver
        {
            private readonly ISpiBus bus;
            private readonly byte[] tx;
            private readonly byte[] rx;
            private readonly byte[] regTx = new byte[SpiOpcode.RegisterTransactionLength];
            private readonly byte[] regRx = new byte[SpiOpcode.RegisterTransactionLength];

            public Driver(ISpiBus bus)
            {
                this.bus = bus;
                int largest = SpiOpcode.BurstReadHeaderLength + SpiOpcode.MaxBurstData;
                tx = new byte[largest];
                rx = new byte[largest];
            }

            public void Batch(byte[] inputs, byte[] outputs, int vectors)
            {
                for (int off = 0; off < inputs.Length; off += SpiOpcode.MaxBurstData)
                {
                    int len = Math.Min(SpiOpcode.MaxBurstData, inputs.Length - off);
                    Header(SpiOpcode.WriteBurst, SpiBuffer.Input, off, len);
                    Buffer.BlockCopy(inputs, off, tx, SpiOpcode.BurstWriteHeaderLength, len);
                    bus.Transfer(tx, rx, SpiOpcode.BurstWriteHeaderLength + len);
                }
                WriteRegister(BoardRegister.VectorCount, (uint)vectors);
                WriteRegister(BoardRegister.Control, BoardCommand.Mac);
                uint status;
                int polls = 0;
                do status = ReadRegister(BoardRegister.Status);
                while ((status & (BoardStatus.Done | BoardStatus.Error)) == 0 && ++polls < 1000);
                if ((status & BoardStatus.Error) != 0 || (status & BoardStatus.Done) == 0)
                    throw new InvalidOperationException($"MAC failed: STATUS 0x{status:X}, ERROR {ReadRegister(BoardRegister.Error)}");
                for (int off = 0; off < outputs.Length; off += SpiOpcode.MaxBurstData)
                {
                    int len = Math.Min(SpiOpcode.MaxBurstData, outputs.Length - off);
                    Header(SpiOpcode.ReadBurst, SpiBuffer.Output, off, len);
                    tx[6] = 0;
                    Array.Clear(tx, SpiOpcode.BurstReadHeaderLength, len);
                    bus.Transfer(tx, rx, SpiOpcode.BurstReadHeaderLength + len);
                    Buffer.BlockCopy(rx, SpiOpcode.BurstReadHeaderLength, outputs, off, len);
                }
            }

            public void WriteRegister(byte address, uint value)
            {
                regTx[0] = SpiOpcode.WriteRegister;
                regTx[1] = address;
                regTx[2] = (byte)value;
                regTx[3] = (byte)(value >> 8);
                regTx[4] = (byte)(value >> 16);
                regTx[5] = (byte)(value >> 24);
                bus.Transfer(regTx, regRx, regTx.Length);
            }

            public uint ReadRegister(byte address)
            {
                Array.Clear(regTx);
                regTx[0] = SpiOpcode.ReadRegister;
                regTx[1] = address;
                bus.Transfer(regTx, regRx, regTx.Length);
                return (uint)(regRx[2] | regRx[3] << 8 | regRx[4] << 16 | regRx[5] << 24);
            }

            private void Header(byte opcode, byte buffer, int offset, int length)
            {
                tx[0] = opcode;
                tx[1] = buffer;
                tx[2] = (byte)offset;
                tx[3] = (byte)(offset >> 8);
                tx[4] = (byte)length;
                tx[5] = (byte)(length >> 8);
            }
        }
    }
}
