using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using CimController.Emulator;
using CimController.Firmware;
using CimController.Firmware.Desktop;
using CimController.Host;
using CimController.Host.Transports;
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
        /// The Wu 2023 LeNet as the training's device layout places it on 4 tiles of 64x64: conv1 25x8 (576 windows per image),
        /// conv2 100 rows in blocks of 64 and 36 x 24 columns (64 windows per image), fc 192 rows in three blocks of 64 x 20 columns.
        /// </summary>
        public static IReadOnlyList<ForwardBlock> WuLeNet { get; } = new[]
        {
            new ForwardBlock("conv1", 25, 8, 576, 0, 0),
            new ForwardBlock("conv2[0]", 64, 24, 64, 0, 8),
            new ForwardBlock("conv2[1]", 36, 24, 64, 0, 32),
            new ForwardBlock("fc[0]", 64, 20, 1, 1, 0),
            new ForwardBlock("fc[1]", 64, 20, 1, 1, 20),
            new ForwardBlock("fc[2]", 64, 20, 1, 1, 40),
        };

        /// <summary>Runs the benchmark; <paramref name="progress"/> gets one report per timed batch.</summary>
        public static IReadOnlyList<TrainForwardRepeat> Run(TrainForwardOptions options, IProgress<CimProgress>? progress = null)
        {
            ArgumentNullException.ThrowIfNull(options);
            if (options.Batches < 1 || options.Repeats < 1 || options.BatchSize < 1 || options.WarmupBatches < 0 || options.BatchesPerEpoch < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "batches, repeats, batch size and batches per epoch must be at least 1, warm-up batches at least 0");
            }
            if (options.Conversions < 1 || options.Conversions > CimController.Protocol.Messages.VmmRequest.MaxConversions)
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.Conversions, "conversions must be 1.." + CimController.Protocol.Messages.VmmRequest.MaxConversions);
            }
            if (!(options.ZeroFraction >= 0 && options.ZeroFraction <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.ZeroFraction, "the zero fraction must be within [0, 1]");
            }

            var board = new BoardEmulator(new EmulatorOptions { ProfileName = options.Profile, Seed = options.Seed, MacThreads = options.MacThreads });
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

        /// <summary>Activations, code buffers and outputs of one batch, and the per-block calls (as the chip session makes them).</summary>
        private sealed class Session
        {
            private readonly CimClient _client;
            private readonly TrainForwardOptions _options;
            private readonly float[][] _activations;
            private readonly byte[][] _codes;
            private readonly float[][] _outputs;
            private readonly int[] _vectors;
            private readonly Dictionary<int, byte[]> _repeatBuffers = new();
            private float[] _scales = Array.Empty<float>();

            public Session(CimClient client, TrainForwardOptions options)
            {
                _client = client;
                _options = options;
                int n = options.Blocks.Count;
                _activations = new float[n][];
                _codes = new byte[n][];
                _outputs = new float[n][];
                _vectors = new int[n];
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
                    _codes[i] = new byte[block.Rows * v];
                    _outputs[i] = new float[block.Columns / 2 * v];
                }
            }

            public int Vectors(int block) => _vectors[block];

            /// <summary>z[j * v + v0 + vec] += k * sum over the repeats of d[((vec * repeats) + rep) * pairs + j].</summary>
            private static void Dequantise(short[] d, int pairs, int v, int v0, int nv, int repeats, float k, float[] z)
            {
                for (int j = 0; j < pairs; j++)
                {
                    int at = (j * v) + v0;
                    for (int vec = 0; vec < nv; vec++)
                    {
                        int sum = 0;
                        for (int rep = 0; rep < repeats; rep++)
                        {
                            sum += d[(((vec * repeats) + rep) * pairs) + j];
                        }
                        z[at + vec] += k * sum;
                    }
                }
            }

            /// <summary>
            /// The chip session's repeats before protocol 1.4: each vector's codes written <see cref="TrainForwardOptions.Conversions"/>
            /// times into the request (at most 65,535 vectors per call), one conversion each, the differential codes summed on the host.
            /// Returns the ticks of quantisation, Vmm and dequantisation, and the Vmm frames.
            /// </summary>
            private (long Quantise, long Vmm, long Dequantise, long Requests) RepeatedOnHost(ForwardBlock block, float[] x, int v, float q, float[] z)
            {
                int n = _options.Conversions, rows = block.Rows, pairs = block.Columns / 2;
                int chunk = 65535 / n;
                if (_scales.Length < v)
                {
                    _scales = new float[v];
                }
                Array.Fill(_scales, q, 0, v);
                long quantise = 0, vmm = 0, dequantise = 0, requests = 0;
                for (int v0 = 0; v0 < v; v0 += chunk)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    int nv = Math.Min(chunk, v - v0);
                    int bytes = rows * nv * n;
                    if (!_repeatBuffers.TryGetValue(bytes, out byte[]? codes))
                    {
                        codes = new byte[bytes];
                        _repeatBuffers[bytes] = codes;
                    }
                    DacCodes.Quantise(x, v, 0, rows, v0, nv, _scales.AsSpan(v0, nv), n, codes);
                    long t1 = Stopwatch.GetTimestamp();
                    VmmResult result = _client.Vmm(block.Tile, 0, rows, block.Column, block.Columns, codes, nv * n, differential: true);
                    long t2 = Stopwatch.GetTimestamp();
                    Dequantise(result.DifferentialCodes!, pairs, v, v0, nv, n, 0.001f / n, z);
                    quantise += t1 - t0;
                    vmm += t2 - t1;
                    dequantise += Stopwatch.GetTimestamp() - t2;
                    requests += result.Requests;
                }
                return (quantise, vmm, dequantise, requests);
            }

            public void Batch(Accumulator[]? acc, TimedBus? bus = null, TimedLink? link = null, TimedTransport? transport = null)
            {
                for (int i = 0; i < _options.Blocks.Count; i++)
                {
                    ForwardBlock block = _options.Blocks[i];
                    int v = _vectors[i];
                    int rows = block.Rows;
                    long t0 = Stopwatch.GetTimestamp();
                    float[] x = _activations[i];
                    byte[] codes = _codes[i];
                    float max = System.Numerics.Tensors.TensorPrimitives.Max(x);
                    float q = max > 0 ? max / 255f : 1f;
                    float inv = 1f / q;
                    int n = _options.Conversions;
                    bool repeatOnHost = n > 1 && _options.RepeatOnHost;
                    if (repeatOnHost)
                    {
                        // quantised per chunk with the repeats below
                    }
                    else if (_options.RowByRowQuantise)
                    {
                        // The chip session's loop (host/CimController.Training ChipSession.TryGetOutput).
                        for (int r = 0; r < rows; r++)
                        {
                            int row = r * v;
                            for (int vec = 0; vec < v; vec++)
                            {
                                float c = (x[row + vec] * inv) + 0.5f;
                                codes[(vec * rows) + r] = c <= 0f ? (byte)0 : c >= 255f ? (byte)255 : (byte)c;
                            }
                        }
                    }
                    else
                    {
                        DacCodes.Quantise(x, v, 0, rows, 0, v, inv, codes);
                    }
                    long t1 = Stopwatch.GetTimestamp();
                    long spi0 = bus?.Ticks ?? 0, fr0 = link?.ReadTicks ?? 0, fw0 = link?.WriteTicks ?? 0, hr0 = transport?.ReadTicks ?? 0, hw0 = transport?.WriteTicks ?? 0;
                    float[] z = _outputs[i];
                    long quantise = t1 - t0, vmm, dequantise, requests;
                    if (repeatOnHost)
                    {
                        (long quantiseRepeats, vmm, dequantise, requests) = RepeatedOnHost(block, x, v, q, z);
                        quantise += quantiseRepeats;
                    }
                    else
                    {
                        VmmResult result = _client.Vmm(block.Tile, 0, rows, block.Column, block.Columns, codes, v, differential: true, conversions: n);
                        long t2 = Stopwatch.GetTimestamp();
                        // With n conversions the differential codes are sums: the mean is d / n.
                        Dequantise(result.DifferentialCodes!, block.Columns / 2, v, 0, v, 1, 0.001f / n, z);
                        vmm = t2 - t1;
                        dequantise = Stopwatch.GetTimestamp() - t2;
                        requests = result.Requests;
                    }
                    if (acc != null)
                    {
                        ref Accumulator a = ref acc[i];
                        a.Quantise += quantise;
                        a.Vmm += vmm;
                        a.Dequantise += dequantise;
                        a.Requests += requests;
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
