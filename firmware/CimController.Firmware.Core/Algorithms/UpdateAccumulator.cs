using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// Threshold-gated mixed-precision weight updates (Wu 2023 Sec. 2.5 and Experimental Section): per mapped weight the
    /// firmware keeps W_FP and the accumulated change dW_FP (float32, in nanosiemens of the differential pair,
    /// w_G = G+ - G-) and the device pair's address. For each pushed dW_new:
    /// <code>
    /// mixed: dW_FP += dW_new; if |dW_FP| &gt;= threshold: write-verify the pair to t = clamp(W_FP + dW_FP),
    ///        W_FP = t (the ideal value, not the read-back), dW_FP = 0; every other element untouched
    /// naive: n = round(dW_new / threshold); if n != 0: write-verify the pair to t = clamp(W_FP + n threshold), W_FP = t
    ///        (the device can only move by whole granularity steps; the rest of the update is lost)
    /// </code>
    /// with t clamped to +-(Gmax - Gmin) and the pair written one-sided, G+ = Gmin + max(t, 0), G- = Gmin + max(-t, 0).
    /// No array is re-read. Writes are counted per weight (u16, saturating), per layer, per epoch and in total. A chunk of
    /// updates is applied all or nothing (<see cref="Apply"/>): every pair is programmed before any state is stored.
    /// <para>Memory: <see cref="BytesPerWeight"/> = 14 bytes per weight in four arrays (W_FP 4, dW_FP 4, packed address 4 whose
    /// top bit marks the weight loaded, writes 2), allocated by <see cref="Configure"/> when a session needs more than the arrays hold (the old arrays are dropped first,
    /// so the peak is the new session's state, not both); nothing is allocated per update. How many weights a firmware
    /// allows is its configured budget (<see cref="FirmwareConfig.TrainMemoryLimitBytes"/>, checked by
    /// <see cref="TrainingCommand"/> with <see cref="BytesFor"/> and <see cref="WeightsWithin"/> before anything is allocated).</para>
    /// </summary>
    public sealed class UpdateAccumulator
    {
        /// <summary>
        /// State bytes per mapped weight, every per-weight array counted: f32 W_FP, f32 dW_FP, i32 packed address (bit 31:
        /// loaded, tile 7 bits, row 12, column 12), u16 write count. There is no other per-weight array (the loaded flag
        /// lives in the address, which a bool[] would have cost one more byte per weight). Array headers (a few tens of
        /// bytes for the four arrays) are not counted.
        /// </summary>
        public const int BytesPerWeight = 4 + 4 + 4 + 2;

        /// <summary>Bit 31 of a packed address: the weight has been loaded (a cleared address is 'not loaded').</summary>
        private const int LoadedBit = unchecked((int)0x80000000);

        /// <summary>Bytes of training state <paramref name="weights"/> weights need (64-bit: no overflow for any u32 count).</summary>
        public static long BytesFor(long weights)
        {
            return weights * BytesPerWeight;
        }

        /// <summary>The most weights whose state fits <paramref name="bytes"/> (0 for a budget below one weight; at most int.MaxValue).</summary>
        public static int WeightsWithin(long bytes)
        {
            if (bytes <= 0)
            {
                return 0;
            }
            long weights = bytes / BytesPerWeight;
            return weights > int.MaxValue ? int.MaxValue : (int)weights;
        }

        private readonly IPairWriter _writer;
        private readonly PairWriteResult _result = new PairWriteResult();
        private readonly PayloadWriter _entries = new PayloadWriter();
        private readonly TrainWriteEntry _entry = new TrainWriteEntry();
        private float[] _w = new float[0];
        private float[] _acc = new float[0];
        private int[] _address = new int[0];
        private ushort[] _writes = new ushort[0];
        private readonly int[] _layerStart = new int[TrainLayout.MaxLayers];
        private readonly uint[] _layerWrites = new uint[TrainLayout.MaxLayers];

        /// <summary>Creates an accumulator that programs through <paramref name="writer"/>.</summary>
        public UpdateAccumulator(IPairWriter writer)
        {
            _writer = writer;
        }

        public uint Token;
        public int Mode;
        public int MaxTrials = 2;
        public uint ToleranceNanosiemens = 500;
        public int Averages = 4;
        public int Weights;
        public int Layers;
        public int LoadedCount;
        public float Threshold;
        public float Gmin;
        public float Gmax;
        public uint LastStep;
        public int LastFirst = -1;
        public int NextFirst;
        public uint ChunksApplied;
        public int Epoch;
        public uint WritesTotal;
        public uint WritesThisEpoch;
        public uint FailedWrites;
        public uint Pulses;
        public uint ResetsAtStart;

        /// <summary>Weights the allocated arrays hold (not the budget: that is <see cref="TrainingCommand.CapacityWeights"/>).</summary>
        public int Capacity { get { return _w.Length; } }

        /// <summary>True when a session is configured and every weight has been loaded.</summary>
        public bool Ready { get { return Token != 0 && LoadedCount == Weights; } }

        /// <summary>
        /// Starts a session: sizes the state (reusing arrays that are large enough) and clears it. The caller has checked
        /// <paramref name="weights"/> against its memory budget. When new arrays are needed the old ones are released first
        /// and the accumulator is unconfigured (token 0) until they are all allocated, so an allocation that fails leaves no
        /// session rather than a half-sized one.
        /// </summary>
        public void Configure(uint token, int mode, int maxTrials, int weights, float threshold, float gmin, float gmax)
        {
            if (weights > _w.Length)
            {
                Token = 0;
                Weights = 0;
                LoadedCount = 0;
                _w = new float[0];
                _acc = new float[0];
                _address = new int[0];
                _writes = new ushort[0];
                float[] w = new float[weights];
                float[] acc = new float[weights];
                int[] address = new int[weights];
                ushort[] writes = new ushort[weights];
                _w = w;
                _acc = acc;
                _address = address;
                _writes = writes;
            }
            else
            {
                System.Array.Clear(_w, 0, weights);
                System.Array.Clear(_acc, 0, weights);
                System.Array.Clear(_address, 0, weights);
                System.Array.Clear(_writes, 0, weights);
            }
            System.Array.Clear(_layerStart, 0, _layerStart.Length);
            System.Array.Clear(_layerWrites, 0, _layerWrites.Length);
            Token = token;
            Mode = mode;
            MaxTrials = maxTrials;
            Weights = weights;
            Layers = 1;
            LoadedCount = 0;
            Threshold = threshold;
            Gmin = gmin;
            Gmax = gmax;
            LastStep = 0;
            LastFirst = -1;
            NextFirst = 0;
            ChunksApplied = 0;
            Epoch = 0;
            WritesTotal = 0;
            WritesThisEpoch = 0;
            FailedWrites = 0;
            Pulses = 0;
        }

        /// <summary>Sets where layer <paramref name="layer"/> starts (weights are numbered layer after layer).</summary>
        public void SetLayerStart(int layer, int firstWeight)
        {
            _layerStart[layer] = firstWeight;
            if (layer + 1 > Layers)
            {
                Layers = layer + 1;
            }
        }

        /// <summary>Loads one weight's address and state.</summary>
        public void Load(int index, int tile, int row, int column, float w, float acc, int writes)
        {
            if ((_address[index] & LoadedBit) == 0)
            {
                LoadedCount++;
            }
            _address[index] = LoadedBit | (tile << 24) | (row << 12) | column;
            _w[index] = w;
            _acc[index] = acc;
            _writes[index] = (ushort)(writes > 0xFFFF ? 0xFFFF : writes);
        }

        /// <summary>W_FP of weight <paramref name="index"/>, nS.</summary>
        public float WeightOf(int index) { return _w[index]; }

        /// <summary>dW_FP of weight <paramref name="index"/>, nS.</summary>
        public float AccumulatorOf(int index) { return _acc[index]; }

        /// <summary>Writes of weight <paramref name="index"/> so far.</summary>
        public int WritesOf(int index) { return _writes[index]; }

        /// <summary>Writes of layer <paramref name="layer"/> so far.</summary>
        public uint LayerWrites(int layer) { return _layerWrites[layer]; }

        /// <summary>Marks the epoch of the next updates; a new epoch restarts <see cref="WritesThisEpoch"/>.</summary>
        public void EnterEpoch(int epoch)
        {
            if (epoch != Epoch)
            {
                Epoch = epoch;
                WritesThisEpoch = 0;
            }
        }

        /// <summary>
        /// Applies <paramref name="count"/> f32 updates read from <paramref name="source"/> at <paramref name="sourceOffset"/> to
        /// weights <paramref name="first"/>.. of epoch <paramref name="epoch"/>, all or nothing, and writes one
        /// <see cref="TrainLayout.WriteEntryBytes"/>-byte entry per pair written into <paramref name="entries"/> at
        /// <paramref name="entriesOffset"/>. Returns the number of pairs written; adds failed writes and pulses to
        /// <paramref name="counts"/> [0] and [1].
        /// <para>Two passes: the first programs every pair whose update crosses the threshold and changes no state; the
        /// second, reached only when every pair write returned, stores W_FP, dW_FP, the epoch and the counters. A pair write
        /// that throws (a refused pulse, a board fault, a lost host link) therefore leaves the whole state as it was, so a
        /// retry of the same chunk is its first application; pairs the first pass had already programmed are programmed
        /// again to the same targets (write-verify finds them in band).</para>
        /// </summary>
        public int Apply(byte[] source, int sourceOffset, int first, int count, int epoch, byte[] entries, int entriesOffset, int[] counts)
        {
            int written = 0;
            _entries.Reset(entries, entriesOffset, entries.Length - entriesOffset);
            int failed = 0;
            int pulses = 0;
            for (int k = 0; k < count; k++)
            {
                int i = first + k;
                float d = System.BitConverter.ToSingle(source, sourceOffset + 4 * k);
                float acc;
                float target;
                if (!Decide(i, d, out target, out acc))
                {
                    continue;
                }
                float plus = target > 0 ? Gmin + target : Gmin;
                float minus = target < 0 ? Gmin - target : Gmin;
                int address = _address[i];
                _writer.WritePair((address >> 24) & 0x7F, (address >> 12) & 0xFFF, address & 0xFFF,
                    (uint)(plus + 0.5f), (uint)(minus + 0.5f), MaxTrials, ToleranceNanosiemens, Averages, _result);
                pulses += _result.Pulses;
                if (_result.Status != WriteVerifyStatus.InBand)
                {
                    failed++;
                }
                TrainWriteEntry e = _entry;
                e.Index = i;
                e.Status = _result.Status;
                e.Trials = _result.Trials > 255 ? 255 : _result.Trials;
                e.Pulses = _result.Pulses > 0xFFFF ? 0xFFFF : _result.Pulses;
                e.PlusNanosiemens = _result.PlusNanosiemens;
                e.MinusNanosiemens = _result.MinusNanosiemens;
                e.Write(_entries);
                written++;
            }

            // Every pair write returned: commit the chunk.
            EnterEpoch(epoch);
            int layer = LayerOf(first);
            int nextLayerStart = layer + 1 < Layers ? _layerStart[layer + 1] : int.MaxValue;
            for (int k = 0; k < count; k++)
            {
                int i = first + k;
                while (i >= nextLayerStart)
                {
                    layer++;
                    nextLayerStart = layer + 1 < Layers ? _layerStart[layer + 1] : int.MaxValue;
                }
                float d = System.BitConverter.ToSingle(source, sourceOffset + 4 * k);
                float acc;
                float target;
                bool write = Decide(i, d, out target, out acc);
                _acc[i] = acc;
                if (!write)
                {
                    continue;
                }
                _w[i] = target;
                if (_writes[i] != 0xFFFF)
                {
                    _writes[i]++;
                }
                _layerWrites[layer]++;
                WritesTotal++;
                WritesThisEpoch++;
            }
            Pulses += (uint)pulses;
            FailedWrites += (uint)failed;
            counts[0] += failed;
            counts[1] += pulses;
            return written;
        }

        /// <summary>
        /// The rule for one pushed update <paramref name="d"/> of weight <paramref name="i"/>, without changing state: true
        /// when the pair is to be written to <paramref name="target"/> (clamped to +-(Gmax - Gmin)); <paramref name="acc"/>
        /// is the weight's dW_FP afterwards. Both passes of <see cref="Apply"/> use it, so they take the same decisions.
        /// </summary>
        private bool Decide(int i, float d, out float target, out float acc)
        {
            float threshold = Threshold;
            acc = _acc[i];
            if (Mode == TrainMode.Naive)
            {
                float steps = d / threshold;
                int n = steps >= 0 ? (int)(steps + 0.5f) : -(int)(0.5f - steps);
                if (n == 0)
                {
                    target = _w[i];
                    return false;
                }
                target = _w[i] + n * threshold;
            }
            else
            {
                float a = acc + d;
                if (a < threshold && a > -threshold)
                {
                    acc = a;
                    target = _w[i];
                    return false;
                }
                target = _w[i] + a;
                acc = 0f;
            }
            float range = Gmax - Gmin;
            if (target > range)
            {
                target = range;
            }
            else if (target < -range)
            {
                target = -range;
            }
            return true;
        }

        private int LayerOf(int index)
        {
            int layer = 0;
            for (int l = 1; l < Layers; l++)
            {
                if (index >= _layerStart[l])
                {
                    layer = l;
                }
            }
            return layer;
        }
    }
}
