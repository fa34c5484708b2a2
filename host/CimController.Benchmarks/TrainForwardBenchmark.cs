using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using CimController.Crossbar;
using CimController.Emulator;
using CimController.Firmware;
using CimController.Firmware.Desktop;
using CimController.Host;
using CimController.Host.Transports;
using CimController.Learning.Layers;
using CimController.Learning.Mapping;
using CimController.Learning.Models;
using CimController.LocalBoard;
using CimController.Protocol.Board;

namespace CimController.Benchmarks
{
    /// <summary>
    /// The chip forward pass of a training batch through the full in-process stack, timed by stage: host quantisation,
    /// <see cref="CimClient.Vmm"/> over the real frames and the in-process link, the firmware core (frame server, dispatcher,
    /// Vmm command, register-map board driver) and the board emulator behind its SPI bus; then the host's dequantisation.
    /// Timing wrappers sit on the transport, on the firmware's link and on the SPI bus, so every byte still goes through the
    /// real encoder, decoder and SPI transactions. The activations are synthetic (seeded; a given fraction exactly 0), the
    /// windows and vector counts those of the mapped network (default: the Wu 2023 LeNet on 64x64 tiles).
    /// </summary>
    public static class TrainForwardBenchmark
    {
        /// <summary>
        /// The Wu 2023 LeNet as training places it on 4 tiles of 64x64 (<see cref="DeviceLayout.DefaultCopies"/>): conv1 25x8
        /// twice (50 rows driven by the same codes; 576 windows per image), conv2 100 rows in blocks of 64 and 36 x 24 columns
        /// (64 windows per image), fc 192 rows in three blocks of 64 x 20 columns.
        /// </summary>
        public static IReadOnlyList<ForwardBlock> WuLeNet { get; } = BlocksOf(Learning.Models.WuLeNet.Create(1), 64, 64, 4);

        /// <summary>
        /// The blocks of <paramref name="network"/> as <see cref="DeviceLayout.Plan"/> places it on <paramref name="tiles"/>
        /// tiles of <paramref name="rows"/> x <paramref name="columns"/> with training's default copies, each with its layer's input
        /// vectors per image (im2col windows of a convolution, 1 for a linear layer).
        /// </summary>
        public static IReadOnlyList<ForwardBlock> BlocksOf(Network network, int rows, int columns, int tiles)
        {
            ArgumentNullException.ThrowIfNull(network);
            network.Forward(network.InputFrom(new float[network.InputChannels * network.InputHeight * network.InputWidth], 1));
            DeviceLayout layout = DeviceLayout.Plan(network, rows, columns, tiles, DeviceLayout.DefaultCopies(network, rows));
            var blocks = new List<ForwardBlock>();
            foreach (PlacedSlot p in layout.Slots)
            {
                CrossbarLayer layer = network.CrossbarLayers[p.Layer];
                bool split = layout.Slots.Count(s => s.Layer == p.Layer) > 1;
                blocks.Add(new ForwardBlock(split ? layer.Name + "[" + p.Slot.Index + "]" : layer.Name, p.Slot.RowCount, p.Slot.PhysicalColumns,
                    layer.LastVectorCount, p.Tile, p.Column, p.Layer, p.Copies));
            }
            return blocks;
        }

        /// <summary>Runs the benchmark; <paramref name="progress"/> gets one report per timed batch.</summary>
        public static IReadOnlyList<TrainForwardRepeat> Run(TrainForwardOptions options, IProgress<CimProgress>? progress = null)
        {
            ArgumentNullException.ThrowIfNull(options);
            if (options.Batches < 1 || options.Repeats < 1 || options.BatchSize < 1 || options.WarmupBatches < 0 || options.BatchesPerEpoch < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "batches, repeats, batch size and batches per epoch must be at least 1, warm-up batches at least 0");
            }
            if (options.Conversions.Count == 0 || options.Conversions.Any(c => c < 1 || c > CimController.Protocol.Messages.VmmRequest.MaxConversions))
            {
                throw new ArgumentOutOfRangeException(nameof(options), string.Join(",", options.Conversions),
                    "conversions must be one or more counts (one per crossbar layer) of 1.." + CimController.Protocol.Messages.VmmRequest.MaxConversions);
            }
            if (!(options.ZeroFraction >= 0 && options.ZeroFraction <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.ZeroFraction, "the zero fraction must be within [0, 1]");
            }

            var board = new BoardEmulator(new EmulatorOptions
            {
                ProfileName = options.Profile, Seed = options.Seed, MacThreads = options.MacThreads, DrawEachConversion = options.DrawEachConversion,
            });
            var bus = new TimedBus(board);
            FirmwareConfig config = FirmwareHost.ConfigFor(board.Profile, FirmwareHost.EmulatorBoard);
            config.MaxPayload = options.MaxPayload;
            var controller = new Controller(bus, new SystemClock(), config);
            IHostLink? firmwareEnd = null, hostEnd = null;
            TimedLink? link = null;
            Thread? thread = null;
            TimedTransport transport;
            if (options.Direct)
            {
                transport = new TimedTransport(new DirectFirmwareTransport(controller, null, "emulator (direct, timed)"));
            }
            else
            {
                InProcessLink.CreatePair(out firmwareEnd, out hostEnd);
                link = new TimedLink(firmwareEnd);
                TimedLink served = link;
                thread = new Thread(() => controller.Serve(served)) { IsBackground = true, Name = "cimfw bench" };
                thread.Start();
                transport = new TimedTransport(new InProcessTransport(hostEnd, null, "emulator (timed)"));
            }
            var clientOptions = new CimClientOptions
            {
                TimeoutMs = 60000, ClientName = "cimctl bench train-forward", MaxPayload = options.MaxPayload, DifferentialOnFirmware = options.DifferentialOnFirmware,
            };
            try
            {
                using var client = new CimClient(transport, clientOptions);
                client.Connect();
                var session = new Session(client, options);
                for (int b = 0; b < options.WarmupBatches; b++)
                {
                    session.Batch(null);
                }

                var repeats = new List<TrainForwardRepeat>();
                long total = (long)options.Repeats * options.Batches, done = 0;
                for (int rep = 0; rep < options.Repeats; rep++)
                {
                    var acc = new Accumulator[options.Blocks.Count];
                    TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                    long start = Stopwatch.GetTimestamp();
                    for (int b = 0; b < options.Batches; b++)
                    {
                        session.Batch(acc, bus, link, transport);
                        progress?.Report(new CimProgress("bench", ++done, total));
                    }
                    double batchMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds / options.Batches;
                    double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / options.Batches;
                    var blocks = new ForwardBlockTiming[acc.Length];
                    for (int i = 0; i < acc.Length; i++)
                    {
                        blocks[i] = acc[i].Timing(options.Blocks[i], session.Vectors(i), options.Batches, options.Direct);
                    }
                    repeats.Add(new TrainForwardRepeat(blocks, batchMs, batchMs * options.BatchesPerEpoch / 1000.0, LoadAverage(), cpuMs));
                }
                return repeats;
            }
            finally
            {
                controller.Stop();
                (firmwareEnd as IDisposable)?.Dispose();
                (hostEnd as IDisposable)?.Dispose();
                thread?.Join(TimeSpan.FromSeconds(5));
            }
        }

        /// <summary>The 1-minute load average from /proc/loadavg, or -1 where there is none.</summary>
        public static double LoadAverage()
        {
            try
            {
                string text = System.IO.File.ReadAllText("/proc/loadavg");
                return double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                return -1;
            }
        }

        private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

        /// <summary>Sums of one block's stage times over the timed batches.</summary>
        private struct Accumulator
        {
            public long Quantise, Vmm, HostRead, HostWrite, FirmwareRead, FirmwareWrite, Spi, Dequantise;
            public long Requests;

            public readonly ForwardBlockTiming Timing(ForwardBlock block, int vectors, int batches, bool direct)
            {
                double n = batches;
                if (direct)
                {
                    // The firmware runs inside the host's transport writes, on the host's thread.
                    double fw = Math.Max(0, Ms(HostWrite) - Ms(Spi));
                    return new ForwardBlockTiming(block, vectors, Requests / n, Ms(Quantise) / n, Ms(Vmm) / n, Ms(Vmm - HostWrite - HostRead) / n, 0,
                        fw / n, Ms(Spi) / n, 0, Ms(HostRead) / n, Ms(Dequantise) / n);
                }
                double firmwareBusy = Ms(Vmm - FirmwareRead);
                double firmware = firmwareBusy - Ms(Spi) - Ms(FirmwareWrite);
                double host = Ms(Vmm - HostRead - HostWrite);
                // The host waits (HostRead) while the firmware works; what the firmware's busy time does not explain is hand-over.
                double other = Math.Max(0, Ms(Vmm) - host - Ms(HostWrite) - firmwareBusy);
                return new ForwardBlockTiming(block, vectors, Requests / n, Ms(Quantise) / n, Ms(Vmm) / n, host / n, Ms(HostWrite) / n,
                    Math.Max(0, firmware) / n, Ms(Spi) / n, Ms(FirmwareWrite) / n, other / n, Ms(Dequantise) / n);
            }
        }

        /// <summary>Activations and outputs of one batch, and the per-block calls through the chip session's <see cref="ChipForward"/>.</summary>
        private sealed class Session
        {
            private readonly ChipForward _forward;
            private readonly TrainForwardOptions _options;
            private readonly float[][] _activations;
            private readonly float[][] _outputs;
            private readonly int[] _vectors;
            private readonly PlacedSlot[] _slots;
            private readonly float[][] _weights;
            private readonly double[] _scalePerNs;
            private readonly InputScaleRule _rule = new();

            public Session(CimClient client, TrainForwardOptions options)
            {
                _forward = new ChipForward(client) { ConversionsOnChip = !options.RepeatOnHost, RowCopiesOnChip = !options.CopiesOnHost, RowByRowQuantise = options.RowByRowQuantise };
                _options = options;
                int n = options.Blocks.Count;
                _activations = new float[n][];
                _outputs = new float[n][];
                _vectors = new int[n];
                _slots = new PlacedSlot[n];
                _weights = new float[n][];
                _scalePerNs = new double[n];
                var random = new Random(options.Seed);
                for (int i = 0; i < n; i++)
                {
                    ForwardBlock block = options.Blocks[i];
                    int v = checked(block.VectorsPerImage * options.BatchSize);
                    _vectors[i] = v;
                    // [rows, vectors] row-major, as a crossbar layer call hands them over; non-negative (pixels, ReLU outputs).
                    var x = new float[block.Rows * v];
                    for (int k = 0; k < x.Length; k++)
                    {
                        x[k] = random.NextDouble() < options.ZeroFraction ? 0f : (float)random.NextDouble();
                    }
                    _activations[i] = x;
                    _outputs[i] = new float[block.Columns / 2 * v];
                    _slots[i] = new PlacedSlot(block.Layer, new TileSlot(0, 0, 0, 0, block.Rows, 0, block.Columns / 2), block.Tile, block.Column, block.Copies);
                    // the block's weights [rows, pairs] at the training's initial scale (Wu 2023 window: 8.2-20 uS)
                    var w = new float[block.Rows * (block.Columns / 2)];
                    for (int k = 0; k < w.Length; k++)
                    {
                        w[k] = (float)((random.NextDouble() * 2) - 1);
                    }
                    _weights[i] = w;
                    _scalePerNs[i] = 1.0 / (ChipWindow.Wu2023().InitialMaxNs - ChipWindow.Wu2023().MinNs);
                }
            }

            public int Vectors(int block) => _vectors[block];

            /// <summary>
            /// One batch: per block the training's input scales (<see cref="InputScaleRule"/>: the predicted column currents of
            /// the block's weights and the code max), then <see cref="ChipForward.RunBlock"/> with
            /// the layer's <see cref="TrainForwardOptions.Conversions"/> per vector; the stage times come from the forward's
            /// counters, the input scales counted with the quantisation.
            /// </summary>
            public void Batch(Accumulator[]? acc, TimedBus? bus = null, TimedLink? link = null, TimedTransport? transport = null)
            {
                for (int i = 0; i < _options.Blocks.Count; i++)
                {
                    int v = _vectors[i];
                    float[] x = _activations[i];
                    long t0 = Stopwatch.GetTimestamp();
                    int pairs = _slots[i].Slot.OutputCount;
                    float[] scales = _rule.Scales(_forward, _slots[i], _weights[i], pairs, _scalePerNs[i], ChipWindow.Wu2023().MinNs, x, v,
                        x.Length == _slots[i].Slot.RowCount * v ? float.NaN : System.Numerics.Tensors.TensorPrimitives.Max(x));
                    long scaling = Stopwatch.GetTimestamp() - t0;
                    long spi0 = bus?.Ticks ?? 0, fr0 = link?.ReadTicks ?? 0, fw0 = link?.WriteTicks ?? 0, hr0 = transport?.ReadTicks ?? 0, hw0 = transport?.WriteTicks ?? 0;
                    long q0 = _forward.QuantiseTicks, vmm0 = _forward.VmmTicks, d0 = _forward.DequantiseTicks, r0 = _forward.VmmRequests;
                    IReadOnlyList<int> conversions = _options.Conversions;
                    int layer = _options.Blocks[i].Layer;
                    _forward.RunBlock(_slots[i], x, v, scales, 0.001f, conversions[Math.Min(layer, conversions.Count - 1)], _outputs[i]);
                    if (acc != null)
                    {
                        ref Accumulator a = ref acc[i];
                        a.Quantise += scaling + _forward.QuantiseTicks - q0;
                        a.Vmm += _forward.VmmTicks - vmm0;
                        a.Dequantise += _forward.DequantiseTicks - d0;
                        a.Requests += _forward.VmmRequests - r0;
                        a.Spi += (bus?.Ticks ?? 0) - spi0;
                        a.FirmwareRead += (link?.ReadTicks ?? 0) - fr0;
                        a.FirmwareWrite += (link?.WriteTicks ?? 0) - fw0;
                        a.HostRead += (transport?.ReadTicks ?? 0) - hr0;
                        a.HostWrite += (transport?.WriteTicks ?? 0) - hw0;
                    }
                }
            }
        }
    }
}
