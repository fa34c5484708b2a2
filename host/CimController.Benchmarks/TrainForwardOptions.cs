using System.Collections.Generic;
using CimController.Emulator;
using CimController.Host;
using CimController.LocalBoard;

namespace CimController.Benchmarks
{
    /// <summary>Settings of <see cref="TrainForwardBenchmark.Run"/>.</summary>
    public sealed class TrainForwardOptions
    {
        /// <summary>The blocks of one forward pass (default: <see cref="TrainForwardBenchmark.WuLeNet"/>).</summary>
        public IReadOnlyList<ForwardBlock> Blocks { get; init; } = TrainForwardBenchmark.WuLeNet;
        /// <summary>Images per batch (Wu 2023: 64).</summary>
        public int BatchSize { get; init; } = 64;
        /// <summary>Batches timed per repeat.</summary>
        public int Batches { get; init; } = 20;
        /// <summary>Timed repeats (each reports its own figures; the summary gives the range).</summary>
        public int Repeats { get; init; } = 3;
        /// <summary>Untimed batches first (JIT tiering, caches).</summary>
        public int WarmupBatches { get; init; } = 5;
        /// <summary>Batches per epoch, for the projected epoch time (Wu 2023: 400).</summary>
        public int BatchesPerEpoch { get; init; } = 400;
        /// <summary>Fraction of input activations that are exactly 0 (pixels of the background, ReLU outputs).</summary>
        public double ZeroFraction { get; init; } = 0.5;
        /// <summary>Device profile of the emulated board.</summary>
        public string Profile { get; init; } = "brram";
        /// <summary>Seed of the board and of the synthetic activations.</summary>
        public int Seed { get; init; } = 1;
        /// <summary><see cref="EmulatorOptions.MacThreads"/>.</summary>
        public int MacThreads { get; init; } = 2;
        /// <summary>Largest frame payload (firmware and client), bytes.</summary>
        public int MaxPayload { get; init; } = 65535;
        /// <summary><see cref="CimClientOptions.DifferentialOnFirmware"/>.</summary>
        public bool DifferentialOnFirmware { get; init; }
        /// <summary>Serve the firmware on the host's thread (<see cref="DirectFirmwareTransport"/>) instead of over the in-process link and its thread.</summary>
        public bool Direct { get; init; }
        /// <summary>Quantise with <see cref="DacCodes.QuantiseRowByRow"/> (the straightforward loop) instead of the tiled quantiser (<see cref="CimController.Crossbar.ChipForward.RowByRowQuantise"/>).</summary>
        public bool RowByRowQuantise { get; init; }
        /// <summary>Conversions per vector (1..128) per crossbar layer, the last repeated for later layers (default: training's
        /// 8, 16, 64): each vector is sent once and converted this many times on the chip (protocol 1.4), or, with
        /// <see cref="RepeatOnHost"/>, sent this many times (the chip session's repeats before 1.4).</summary>
        public IReadOnlyList<int> Conversions { get; init; } = new[] { 8, 16, 64 };
        /// <summary>Emulator: convert N times instead of drawing the sum (<see cref="CimController.Emulator.EmulatorOptions.DrawEachConversion"/>).</summary>
        public bool DrawEachConversion { get; init; }
        /// <summary>With <see cref="Conversions"/> &gt; 1: send each vector that many times in the request and sum the differential codes on the host.</summary>
        public bool RepeatOnHost { get; init; }
        /// <summary>Send each vector's codes once per copy of a copied block instead of once for the chip to drive every copy (<see cref="CimController.Crossbar.ChipForward.RowCopiesOnChip"/>).</summary>
        public bool CopiesOnHost { get; init; }
    }
}
