using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// The training messages (TrainConfigure 0x10, TrainLoad 0x11, TrainUpdate 0x12, TrainStateGet 0x13, TrainStatus 0x14;
    /// layouts in <see cref="TrainLayout"/>) over one <see cref="UpdateAccumulator"/>. Exactly-once: the last applied
    /// (step, first weight) and its reply are kept, so a repeated update (a retry after a dropped link) returns the same
    /// reply without touching a device; a chunk is applied all or nothing (<see cref="UpdateAccumulator.Apply"/>), so an
    /// update answered with an Error changed no state and its retry is its first application. TrainLoad checks every entry
    /// (pair inside the board, finite W_FP and dW_FP) before it loads any; TrainUpdate refuses a chunk with a non-finite
    /// dW_new before it applies any. A firmware Reset since the session began, or a wrong token, is answered with
    /// NotReady so that the host notices the reset. TrainUpdate allocates nothing.
    /// <para>Memory: a session's state takes <see cref="UpdateAccumulator.BytesPerWeight"/> bytes per weight, bounded by
    /// <see cref="MemoryLimitBytes"/> (<see cref="FirmwareConfig.TrainMemoryLimitBytes"/>). TrainConfigure checks every field
    /// (the weights against the budget, in 64-bit arithmetic, the window, the layer starts, the resume point) before it
    /// touches the accumulator, so a refused TrainConfigure allocates nothing and leaves the previous session, if any,
    /// exactly as it was (same token, loaded state and step). TrainConfigured's capacity is the weights the budget holds.</para>
    /// </summary>
    public sealed partial class TrainingCommand
    {
        public const byte Configure = MessageType.TrainConfigure;
        public const byte Load = MessageType.TrainLoad;
        public const byte Update = MessageType.TrainUpdate;
        public const byte StateGet = MessageType.TrainStateGet;
        public const byte Status = MessageType.TrainStatus;

        private readonly UpdateAccumulator _acc;
        private readonly FirmwareStats _stats;
        private readonly PayloadWriter _writer = new PayloadWriter();
        private readonly PayloadReader _reader = new PayloadReader();
        private readonly TrainConfigureRequest _configure = new TrainConfigureRequest();
        private readonly TrainConfiguredReply _configured = new TrainConfiguredReply();
        private readonly TrainRangeRequest _load = new TrainRangeRequest();
        private readonly TrainLoadEntry _loadEntry = new TrainLoadEntry();
        private readonly TrainLoadedReply _loaded = new TrainLoadedReply();
        private readonly TrainUpdateRequest _update = new TrainUpdateRequest();
        private readonly TrainUpdatedReply _updated = new TrainUpdatedReply();
        private readonly TrainRangeRequest _stateGet = new TrainRangeRequest();
        private readonly TrainStateReply _state = new TrainStateReply();
        private readonly TrainStateEntry _stateEntry = new TrainStateEntry();
        private readonly TrainStatusReply _status = new TrainStatusReply();
        private readonly int[] _counts = new int[2];
        private readonly int _tiles;
        private readonly int _rows;
        private readonly int _columns;
        private byte[] _lastReply = new byte[0];
        private int _lastReplyLength;

        /// <summary>
        /// Creates the handler for a board of <paramref name="tiles"/> tiles of <paramref name="rows"/> x
        /// <paramref name="columns"/>; TrainLoad refuses pair addresses outside it (or outside the packed address: tile
        /// 0..127, row 0..4095, column 0..4095). Pair writes go through <paramref name="writer"/>.
        /// </summary>
        public TrainingCommand(IPairWriter writer, FirmwareStats stats, int tiles, int rows, int columns)
        {
            _acc = new UpdateAccumulator(writer);
            _stats = stats;
            // A pair address must also fit the accumulator's packing (a board of more than 128 tiles trains on the first 128).
            _tiles = tiles < MaxPackedTiles ? tiles : MaxPackedTiles;
            _rows = rows < MaxPackedRows ? rows : MaxPackedRows;
            _columns = columns < MaxPackedColumns ? columns : MaxPackedColumns;
        }

        /// <summary>
        /// Creates the handler over a pair writer that is not tied to one board (tests): pair addresses are checked against
        /// the accumulator's address packing only (tile 0..127, row 0..4095, column of G+ 0..4094).
        /// </summary>
        public TrainingCommand(IPairWriter writer, FirmwareStats stats)
            : this(writer, stats, MaxPackedTiles, MaxPackedRows, MaxPackedColumns)
        {
        }

        /// <summary>Tiles the packed pair address holds (7 bits).</summary>
        public const int MaxPackedTiles = 128;
        /// <summary>Rows the packed pair address holds (12 bits).</summary>
        public const int MaxPackedRows = 4096;
        /// <summary>Columns the packed pair address holds (12 bits; G+ at c, G- at c + 1).</summary>
        public const int MaxPackedColumns = 4096;

        /// <summary>
        /// Bytes of training state (<see cref="UpdateAccumulator.BytesPerWeight"/> per weight) a session may take; a TrainConfigure
        /// for more weights is refused with OutOfRange before anything is allocated. The dispatcher sets it from
        /// <see cref="FirmwareConfig.TrainMemoryLimitBytes"/>; default <see cref="FirmwareConfig.DefaultTrainMemoryLimitBytes"/>.
        /// </summary>
        public int MemoryLimitBytes = FirmwareConfig.DefaultTrainMemoryLimitBytes;

        /// <summary>The most weights a session may hold under <see cref="MemoryLimitBytes"/>.</summary>
        public int CapacityWeights { get { return UpdateAccumulator.WeightsWithin(MemoryLimitBytes); } }

        /// <summary>The accumulator (tests, status).</summary>
        public UpdateAccumulator Accumulator { get { return _acc; } }

        /// <summary>True for the message types this handler serves.</summary>
        public static bool Serves(int type)
        {
            return type >= Configure && type <= Status;
        }

        /// <summary>Handles one training request; writes the reply payload at <see cref="FrameFormat.PayloadOffset"/> of <paramref name="reply"/> and returns its length.</summary>
        public int Execute(byte type, byte[] frame, int payloadLength, byte[] reply, int replyLimit)
        {
            switch (type)
            {
                case Configure: return HandleConfigure(frame, payloadLength, reply, replyLimit);
                case Load: return HandleLoad(frame, payloadLength, reply, replyLimit);
                case Update: return HandleUpdate(frame, payloadLength, reply, replyLimit);
                case StateGet: return HandleStateGet(frame, payloadLength, reply, replyLimit);
                default: return HandleStatus(reply, replyLimit);
            }
        }

        private int HandleConfigure(byte[] frame, int payloadLength, byte[] reply, int replyLimit)
        {
            RequestCheck.Length("TrainConfigure", "the header (token, mode, trials, reads, layers, weights, threshold, window, tolerance)", payloadLength, TrainLayout.ConfigureHeaderLength);
            _reader.Reset(frame, FrameFormat.PayloadOffset, payloadLength);
            TrainConfigureRequest c = _configure;
            c.ReadHeader(_reader);
            if (c.Token == 0)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "TrainConfigure token 0 is reserved for 'no session'; send any other u32");
            }
            RequestCheck.Range("TrainConfigure", "mode", c.Mode, TrainMode.Mixed, TrainMode.Naive);
            RequestCheck.Range("TrainConfigure", "max set-reset trials", c.MaxTrials, 1, 255);
            RequestCheck.Range("TrainConfigure", "reads to average", c.Averages, 1, 16);
            RequestCheck.Range("TrainConfigure", "layers", c.Layers, 1, TrainLayout.MaxLayers);
            int capacity = CapacityWeights;
            CheckMemory((uint)c.Weights, capacity);
            int weights = c.Weights;
            if (c.ThresholdNanosiemens == 0 || c.GmaxNanosiemens <= c.GminNanosiemens)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "TrainConfigure needs threshold > 0 and Gmax > Gmin; got threshold " + c.ThresholdNanosiemens.ToString() + " nS, window " +
                    c.GminNanosiemens.ToString() + ".." + c.GmaxNanosiemens.ToString() + " nS");
            }
            RequestCheck.Length("TrainConfigure", "the layer starts", payloadLength, TrainLayout.ConfigureHeaderLength + 4 * c.Layers);
            c.ReadLayerStarts(_reader);
            int previous = -1;
            for (int l = 0; l < c.Layers; l++)
            {
                int start = c.LayerStarts[l];
                if (start <= previous || start >= weights || (l == 0 && start != 0))
                {
                    throw new ProtocolException(ErrorCode.OutOfRange,
                        "TrainConfigure layer " + l.ToString() + " starts at weight " + start.ToString() + "; layer starts must rise from 0 and stay below " + weights.ToString());
                }
                previous = start;
            }
            int resumeFirst = (int)c.ResumeFirst;
            if (resumeFirst != 0)
            {
                RequestCheck.Range("TrainConfigure", "resume-first weight", resumeFirst, 1, weights - 1);
            }

            // Every field checked: only now is the previous session replaced.
            _acc.Configure(c.Token, c.Mode, c.MaxTrials, weights, c.ThresholdNanosiemens, c.GminNanosiemens, c.GmaxNanosiemens);
            _acc.ToleranceNanosiemens = c.ToleranceNanosiemens;
            _acc.Averages = c.Averages;
            _acc.LastStep = c.LastStep;
            if (resumeFirst > 0)
            {
                _acc.LastFirst = 0;
                _acc.NextFirst = resumeFirst;
            }
            for (int l = 0; l < c.Layers; l++)
            {
                _acc.SetLayerStart(l, c.LayerStarts[l]);
            }
            _acc.ResetsAtStart = _stats.Resets;
            if (_lastReply.Length < replyLimit)
            {
                _lastReply = new byte[replyLimit];
            }
            _lastReplyLength = 0;
            _configured.Token = c.Token;
            _configured.Weights = weights;
            _configured.Capacity = capacity;
            _configured.BytesPerWeight = UpdateAccumulator.BytesPerWeight;
            _writer.Reset(reply, FrameFormat.PayloadOffset, replyLimit);
            _configured.Write(_writer);
            return _writer.Length;
        }

        private int HandleLoad(byte[] frame, int payloadLength, byte[] reply, int replyLimit)
        {
            RequestCheck.Length("TrainLoad", "token, first weight and count", payloadLength, TrainLayout.LoadHeaderLength);
            _reader.Reset(frame, FrameFormat.PayloadOffset, payloadLength);
            _load.Read(_reader);
            CheckSession("TrainLoad", _load.Token);
            int first = _load.First;
            int count = _load.Count;
            RequestCheck.Length("TrainLoad", "the weight entries", payloadLength, TrainLayout.LoadHeaderLength + count * TrainLayout.LoadEntryBytes);
            RequestCheck.Window("TrainLoad", "weight", first, count, _acc.Weights);
            int entries = _reader.Position;
            // Every entry is checked before any is loaded: a refused chunk loads nothing.
            for (int k = 0; k < count; k++)
            {
                int at = _reader.Position;
                _loadEntry.Read(_reader);
                CheckLoadEntry(_loadEntry, frame, at, first + k);
            }
            _reader.Reset(frame, entries, count * TrainLayout.LoadEntryBytes);
            for (int k = 0; k < count; k++)
            {
                TrainLoadEntry e = _loadEntry;
                e.Read(_reader);
                _acc.Load(first + k, e.Tile, e.Row, e.Column, e.Weight, e.Accumulator, e.Writes);
            }
            _loaded.Token = _load.Token;
            _loaded.Loaded = _acc.LoadedCount;
            _writer.Reset(reply, FrameFormat.PayloadOffset, replyLimit);
            _loaded.Write(_writer);
            return _writer.Length;
        }

        private int HandleUpdate(byte[] frame, int payloadLength, byte[] reply, int replyLimit)
        {
            int p = FrameFormat.PayloadOffset;
            RequestCheck.Length("TrainUpdate", "token, step, epoch, first weight and count", payloadLength, TrainLayout.UpdateHeaderLength);
            _reader.Reset(frame, p, payloadLength);
            TrainUpdateRequest u = _update;
            u.Read(_reader);
            CheckSession("TrainUpdate", u.Token);
            if (!_acc.Ready)
            {
                throw new ProtocolException(ErrorCode.NotReady, "TrainUpdate: only " + _acc.LoadedCount.ToString() + " of " + _acc.Weights.ToString() + " weights are loaded; send TrainLoad for the rest");
            }
            uint step = u.Step;
            int first = u.First;
            int count = u.Count;
            if (step == _acc.LastStep && first == _acc.LastFirst && _lastReplyLength > 0)
            {
                // The same chunk again (the host lost the reply): answer as before, apply nothing.
                System.Array.Copy(_lastReply, 0, reply, p, _lastReplyLength);
                return _lastReplyLength;
            }
            bool continues = step == _acc.LastStep && first == _acc.NextFirst && first < _acc.Weights;
            bool starts = step == _acc.LastStep + 1 && first == 0 && (_acc.LastFirst < 0 || _acc.NextFirst == _acc.Weights);
            if (!continues && !starts)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "TrainUpdate step " + step.ToString() + " from weight " + first.ToString() + " is out of order: the last applied was step " +
                    _acc.LastStep.ToString() + " up to weight " + _acc.NextFirst.ToString() + " of " + _acc.Weights.ToString() +
                    " (each update is applied exactly once, in order)");
            }
            RequestCheck.Length("TrainUpdate", "the f32 updates", payloadLength, TrainLayout.UpdateHeaderLength + 4 * count);
            RequestCheck.Window("TrainUpdate", "weight", first, count, _acc.Weights);
            RequestCheck.ReplyFits("TrainUpdate", "a write entry for every weight of the chunk", TrainLayout.UpdateReplyHeaderLength + count * TrainLayout.WriteEntryBytes, replyLimit);
            for (int k = 0; k < count; k++)
            {
                int at = u.UpdatesOffset + 4 * k;
                if (!RequestCheck.IsFiniteSingle(frame, at))
                {
                    throw RequestCheck.NonFiniteSingle("TrainUpdate", "dW_new of weight " + (first + k).ToString() + " (entry " + k.ToString() +
                        " of the chunk)", frame, at, "; nothing of this chunk was applied");
                }
            }
            _counts[0] = 0;
            _counts[1] = 0;
            int written = _acc.Apply(frame, u.UpdatesOffset, first, count, u.Epoch, reply, p + TrainLayout.UpdateReplyHeaderLength, _counts);
            _acc.LastStep = step;
            _acc.LastFirst = first;
            _acc.NextFirst = first + count;
            _acc.ChunksApplied++;
            TrainUpdatedReply r = _updated;
            r.Token = u.Token;
            r.Step = step;
            r.First = first;
            r.Count = count;
            r.Written = written;
            r.Failed = _counts[0];
            r.Pulses = (uint)_counts[1];
            _writer.Reset(reply, p, replyLimit);
            r.Write(_writer);
            int length = TrainLayout.UpdateReplyHeaderLength + written * TrainLayout.WriteEntryBytes;
            System.Array.Copy(reply, p, _lastReply, 0, length);
            _lastReplyLength = length;
            return length;
        }

        private int HandleStateGet(byte[] frame, int payloadLength, byte[] reply, int replyLimit)
        {
            RequestCheck.Length("TrainStateGet", "token, first weight and count", payloadLength, TrainLayout.StateGetLength);
            _reader.Reset(frame, FrameFormat.PayloadOffset, payloadLength);
            _stateGet.Read(_reader);
            CheckSession("TrainStateGet", _stateGet.Token);
            int first = _stateGet.First;
            int count = _stateGet.Count;
            RequestCheck.Window("TrainStateGet", "weight", first, count, _acc.Weights);
            RequestCheck.ReplyFits("TrainStateGet", "the state entries", TrainStateReply.HeaderLength + count * TrainLayout.StateEntryBytes, replyLimit);
            _writer.Reset(reply, FrameFormat.PayloadOffset, replyLimit);
            _state.First = first;
            _state.Count = count;
            _state.Write(_writer);
            for (int k = 0; k < count; k++)
            {
                // Off the hot path: each f32 written allocates 4 bytes (PayloadWriter.WriteSingle).
                _stateEntry.Weight = _acc.WeightOf(first + k);
                _stateEntry.Accumulator = _acc.AccumulatorOf(first + k);
                _stateEntry.Writes = _acc.WritesOf(first + k);
                _stateEntry.Write(_writer);
            }
            return _writer.Length;
        }

        private int HandleStatus(byte[] reply, int replyLimit)
        {
            UpdateAccumulator a = _acc;
            TrainStatusReply s = _status;
            s.Token = a.Token;
            s.Mode = a.Mode;
            s.Layers = a.Token == 0 ? 0 : a.Layers;
            s.Weights = a.Weights;
            s.Loaded = a.LoadedCount;
            s.LastStep = a.LastStep;
            s.LastFirst = a.LastFirst < 0 ? 0 : (uint)a.LastFirst;
            s.ChunksApplied = a.ChunksApplied;
            s.Epoch = a.Epoch;
            s.WritesTotal = a.WritesTotal;
            s.WritesThisEpoch = a.WritesThisEpoch;
            s.FailedWrites = a.FailedWrites;
            s.Pulses = a.Pulses;
            s.ResetsAtStart = a.ResetsAtStart;
            s.ResetsNow = _stats.Resets;
            for (int l = 0; l < s.Layers; l++)
            {
                s.LayerWrites[l] = a.LayerWrites(l);
            }
            _writer.Reset(reply, FrameFormat.PayloadOffset, replyLimit);
            s.Write(_writer);
            return _writer.Length;
        }
    }
}
