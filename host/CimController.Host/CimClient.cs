using System;
using CimController.Host.Transports;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Host
{
    /// <summary>
    /// The host side of the wire protocol: Hello/Info, Reset, ReadConductance, Vmm and Stats over any
    /// <see cref="ITransport"/>. Every wait is bounded by <see cref="CimClientOptions.TimeoutMs"/>; an
    /// Error reply becomes a <see cref="CimProtocolException"/>; a dropped link is reconnected once for
    /// idempotent requests when the transport can. Large regions and batches are split to fit the
    /// firmware's payload limit. One client serves one caller at a time.
    /// </summary>
    public sealed partial class CimClient : IDisposable
    {
        private readonly ITransport _transport;
        private readonly CimClientOptions _options;
        private readonly FrameChannel _channel;
        private readonly RegionRequest _region = new RegionRequest();
        private readonly VmmRequest _vmm = new VmmRequest();
        private readonly VmmReply _vmmReply = new VmmReply();
        private readonly ConductanceReply _conductanceReply = new ConductanceReply();
        private InfoMessage? _info;

        /// <summary>A client over <paramref name="transport"/>, which it owns and disposes. Call <see cref="Connect"/> first.</summary>
        public CimClient(ITransport transport, CimClientOptions? options = null)
        {
            _transport = transport ?? throw new ArgumentNullException(nameof(transport));
            _options = options ?? new CimClientOptions();
            if (_options.MaxPayload < HelloMessage.MinHostMaxPayload || _options.MaxPayload > FrameFormat.MaxPayloadLimit)
            {
                throw new ArgumentOutOfRangeException(nameof(options), _options.MaxPayload, "MaxPayload must be " + HelloMessage.MinHostMaxPayload + ".." + FrameFormat.MaxPayloadLimit + " (the firmware's Hello accepts no less)");
            }
            if (_options.TimeoutMs <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(options), _options.TimeoutMs, "TimeoutMs must be positive");
            }
            _channel = new FrameChannel(transport, _options.MaxPayload);
        }

        /// <summary>The transport's description, e.g. tcp://127.0.0.1:5000.</summary>
        public string BoardDescription => _transport.Description;

        /// <summary>What the firmware said in its Info reply.</summary>
        public InfoMessage Info => _info ?? throw new InvalidOperationException("the client is not connected: call Connect first");

        /// <summary>Largest payload used in either direction: the smaller of the host's and the firmware's limit.</summary>
        public int MaxPayload => _channel.SendLimit;

        /// <summary>Column ADC LSB in µA: Info.AdcFullScaleNanoamps / (2^AdcBits − 1) / 1000.</summary>
        public double AdcLsbMicroamps => Info.AdcFullScaleNanoamps / (double)((1 << Info.AdcBits) - 1) / 1000.0;

        /// <summary>Frame bytes sent so far.</summary>
        public long BytesSent => _channel.BytesSent;

        /// <summary>Bytes received so far.</summary>
        public long BytesReceived => _channel.BytesReceived;

        /// <summary>Replies dropped because they answered another request.</summary>
        public long DiscardedReplies => _channel.DiscardedReplies;

        /// <summary>Received frames dropped as corrupt.</summary>
        public long CorruptFrames => _channel.CorruptFrames;

        /// <summary>Times the link was re-established after a drop.</summary>
        public int Reconnects { get; private set; }

        /// <summary>Opens the transport and exchanges Hello/Info; throws on a protocol major version mismatch.</summary>
        public InfoMessage Connect()
        {
            try
            {
                _transport.Open();
            }
            catch (TransportException e)
            {
                throw new CimLinkClosedException(e.Message, MessageType.Hello, e);
            }
            _channel.ClearReceived();
            return Handshake();
        }

        /// <summary>Soft-resets the board (windows, buffers and DAC registers; conductances are kept). Returns the firmware's reset count. Not repeated after a drop.</summary>
        public uint Reset()
        {
            return Request(MessageType.Reset, MessageType.ResetDone, idempotent: false, write: null, read: r => { var m = new ResetReply(); m.Read(r); return m.Resets; });
        }

        /// <summary>The firmware's and board's counters.</summary>
        public StatsMessage Stats()
        {
            return Request(MessageType.Stats, MessageType.StatsResult, idempotent: true, write: null, read: r =>
            {
                var stats = new StatsMessage();
                stats.Read(r);
                return stats;
            });
        }

        /// <summary>
        /// Reads the conductances of a region of a tile, each averaged over <paramref name="averages"/>
        /// reads, in µS, row-major (<c>[r * cols + c]</c>). Regions larger than one reply are read in parts.
        /// </summary>
        public float[] ReadConductance(int tile, int row0, int rows, int col0, int cols, int averages = 1, IProgress<CimProgress>? progress = null)
        {
            RequireCount(nameof(rows), rows);
            RequireCount(nameof(cols), cols);
            int cellsPerReply = (MaxPayload - ConductanceReply.HeaderLength) / ConductanceReply.BytesPerCell;
            int colsPerPart = Math.Min(cols, cellsPerReply);
            int rowsPerPart = Math.Max(1, Math.Min(rows, cellsPerReply / colsPerPart));
            var result = new float[rows * cols];
            long done = 0;
            for (int r = 0; r < rows; r += rowsPerPart)
            {
                int partRows = Math.Min(rowsPerPart, rows - r);
                for (int c = 0; c < cols; c += colsPerPart)
                {
                    int partCols = Math.Min(colsPerPart, cols - c);
                    ReadConductancePart(tile, row0 + r, partRows, col0 + c, partCols, averages, result, r, c, cols);
                    done += partRows * partCols;
                    progress?.Report(new CimProgress("read", done, result.Length));
                }
            }
            return result;
        }

        /// <summary>
        /// Multiplies <paramref name="vectors"/> input vectors (<paramref name="inputs"/>, vector-major,
        /// <c>[v * rows + r]</c>, 8-bit DAC codes) with a window of a tile. With
        /// <paramref name="differential"/> the firmware also returns code[2k] − code[2k+1] per column pair
        /// (columns must be even). Batches are split so that each request and reply fits the payload limit.
        /// With <paramref name="conversions"/> of 2..128 (protocol 1.4) each vector travels once and the chip converts it that
        /// many times, each conversion with its own ADC noise: the result carries the sums (<see cref="VmmResult.CodeSums"/>,
        /// and in <see cref="VmmResult.DifferentialCodes"/> the differences of sums). A firmware older than 1.4 is refused
        /// before anything is sent (<see cref="ErrorCode.VersionMismatch"/>).
        /// </summary>
        public VmmResult Vmm(int tile, int row0, int rows, int col0, int cols, byte[] inputs, int vectors, bool differential = false, IProgress<CimProgress>? progress = null,
            int conversions = 1)
        {
            ArgumentNullException.ThrowIfNull(inputs);
            RequireCount(nameof(rows), rows);
            RequireCount(nameof(cols), cols);
            RequireCount(nameof(vectors), vectors);
            if ((long)vectors * rows != inputs.Length)
            {
                throw new ArgumentException("inputs holds " + inputs.Length + " codes but " + vectors + " vectors of " + rows + " rows need " + ((long)vectors * rows), nameof(inputs));
            }
            if (differential && cols % 2 != 0)
            {
                throw new ArgumentException("a differential VMM needs an even number of columns (pairs G+, G-), not " + cols, nameof(cols));
            }
            if (conversions < 1 || conversions > VmmRequest.MaxConversions)
            {
                throw new ArgumentOutOfRangeException(nameof(conversions), conversions, "conversions per vector must be 1.." + VmmRequest.MaxConversions);
            }
            if (conversions > 1)
            {
                RequireConversionsSupport(conversions);
            }
            int batch = VectorsPerRequest(rows, cols, differential, conversions);
            var result = new VmmResult(vectors, cols, differential, AdcLsbMicroamps, conversions);
            for (int v = 0; v < vectors; v += batch)
            {
                int n = Math.Min(batch, vectors - v);
                VmmPart(tile, row0, rows, col0, cols, inputs, v, n, differential, conversions, result);
                result.Requests++;
                progress?.Report(new CimProgress("vmm", v + n, vectors));
            }
            return result;
        }

        /// <summary>
        /// Vectors one Vmm request carries for this window: limited by the request's and the reply's payload size (u16 sums
        /// with <paramref name="conversions"/> &gt; 1) and by <see cref="CimClientOptions.MaxVectorsPerRequest"/>.
        /// </summary>
        public int VectorsPerRequest(int rows, int cols, bool differential, int conversions = 1)
        {
            int flags = (differential && _options.DifferentialOnFirmware ? VmmFlags.Differential : 0) | (conversions > 1 ? VmmFlags.Summed : 0);
            int replyPerVector = VmmReply.PayloadLength(1, cols, flags) - VmmReply.HeaderLength;
            int byRequest = (MaxPayload - VmmRequest.HeaderLength - (conversions > 1 ? 1 : 0)) / rows;
            int byReply = (MaxPayload - VmmReply.HeaderLength) / replyPerVector;
            int batch = Math.Min(0xFFFF, Math.Min(byRequest, byReply));
            if (_options.MaxVectorsPerRequest > 0)
            {
                batch = Math.Min(batch, _options.MaxVectorsPerRequest);
            }
            if (batch < 1)
            {
                throw new ArgumentException("one vector of " + rows + " rows and " + cols + " columns does not fit the payload limit of " + MaxPayload + " bytes");
            }
            return batch;
        }

        /// <summary>True when the connected firmware takes a conversions count in Vmm (protocol 1.4 or newer).</summary>
        public bool SupportsConversions => Info.ProtocolMajor > ProtocolVersion.Major
            || (Info.ProtocolMajor == ProtocolVersion.Major && Info.ProtocolMinor >= VmmRequest.ConversionsMinorVersion);

        private void RequireConversionsSupport(int conversions)
        {
            if (!SupportsConversions)
            {
                throw new CimProtocolException(ErrorCode.VersionMismatch, "the firmware at " + _transport.Description + " speaks protocol " + Info.ProtocolMajor + "."
                    + Info.ProtocolMinor + ", which ignores Vmm's conversions count (" + conversions + " asked); repeated conversions on the chip need protocol "
                    + ProtocolVersion.Major + "." + VmmRequest.ConversionsMinorVersion + " or newer: update the firmware, or send each vector "
                    + conversions + " times with conversions 1", MessageType.Vmm);
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _transport.Dispose();
        }

        private InfoMessage Handshake()
        {
            _channel.SendLimit = _options.MaxPayload;
            var hello = new HelloMessage { MaxPayload = _options.MaxPayload, ClientName = _options.ClientName };
            PayloadWriter w = _channel.BeginRequest();
            hello.Write(w);
            _channel.EndRequest();
            var info = new InfoMessage();
            try
            {
                info.Read(_channel.Exchange(MessageType.Hello, MessageType.Info, _options.TimeoutMs));
            }
            catch (CimProtocolException e) when (e.Code == ErrorCode.VersionMismatch)
            {
                throw VersionMismatch(e.FirmwareMessage ?? e.Message);
            }
            if (info.ProtocolMajor != ProtocolVersion.Major)
            {
                throw VersionMismatch("it speaks protocol " + info.ProtocolMajor + "." + info.ProtocolMinor);
            }
            if (info.MaxPayload < 64)
            {
                throw new CimProtocolException(ErrorCode.Malformed, _transport.Description + " states a max payload of " + info.MaxPayload + " bytes; at least 64 are needed", MessageType.Hello);
            }
            _channel.SendLimit = Math.Min(info.MaxPayload, _options.MaxPayload);
            _info = info;
            return info;
        }

        private CimProtocolException VersionMismatch(string detail)
        {
            return new CimProtocolException(ErrorCode.VersionMismatch, "the firmware at " + _transport.Description + " does not speak this host's protocol "
                + ProtocolVersion.Major + "." + ProtocolVersion.Minor + " (" + detail + "); update the firmware or the host so their major versions match", MessageType.Hello);
        }

        private void ReadConductancePart(int tile, int row0, int rows, int col0, int cols, int averages, float[] into, int atRow, int atCol, int stride)
        {
            _region.Tile = tile;
            _region.Row0 = row0;
            _region.Rows = rows;
            _region.Col0 = col0;
            _region.Cols = cols;
            _region.Averages = averages;
            Request(MessageType.ReadConductance, MessageType.Conductance, idempotent: true, write: _region.Write, read: r =>
            {
                ConductanceReply header = _conductanceReply;
                header.Read(r);
                if (header.Rows != rows || header.Cols != cols)
                {
                    throw new CimProtocolException(ErrorCode.Malformed, "asked for " + rows + "x" + cols + " conductances, the firmware sent " + header.Rows + "x" + header.Cols, MessageType.ReadConductance);
                }
                for (int i = 0; i < rows; i++)
                {
                    for (int j = 0; j < cols; j++)
                    {
                        into[(atRow + i) * stride + atCol + j] = r.ReadUInt32() / 1000f;
                    }
                }
                return true;
            });
        }

        private void VmmPart(int tile, int row0, int rows, int col0, int cols, byte[] inputs, int firstVector, int vectors, bool differential, int conversions, VmmResult into)
        {
            bool onFirmware = differential && _options.DifferentialOnFirmware;
            bool summed = conversions > 1;
            _vmm.Tile = tile;
            _vmm.Row0 = row0;
            _vmm.Rows = rows;
            _vmm.Col0 = col0;
            _vmm.Cols = cols;
            _vmm.VectorCount = vectors;
            _vmm.Flags = onFirmware ? VmmFlags.Differential : 0;
            _vmm.Inputs = inputs;
            _vmm.InputOffset = firstVector * rows;
            _vmm.Conversions = summed ? conversions : 0;
            Request(MessageType.Vmm, MessageType.VmmResult, idempotent: true, write: _vmm.Write, read: r =>
            {
                VmmReply header = _vmmReply;
                header.Read(r);
                int flags = header.Flags;
                if (header.VectorCount != vectors || header.Cols != cols || ((flags & VmmFlags.Differential) != 0) != onFirmware || ((flags & VmmFlags.Summed) != 0) != summed)
                {
                    throw new CimProtocolException(ErrorCode.Malformed, "asked for " + vectors + " vectors x " + cols + " columns" + (onFirmware ? " (differential)" : "")
                        + (summed ? " summed over " + conversions + " conversions" : "")
                        + ", the firmware sent " + header.VectorCount + " x " + header.Cols + " with flags 0x" + flags.ToString("X2"), MessageType.Vmm);
                }
                int codes = vectors * cols;
                int at = firstVector * cols;
                byte[] frame = r.Buffer;
                int codesOffset;
                if (summed)
                {
                    codesOffset = r.Skip(2 * codes);
                    ushort[] sums = into.CodeSums!;
                    for (int i = 0; i < codes; i++)
                    {
                        sums[at + i] = (ushort)(frame[codesOffset + 2 * i] | (frame[codesOffset + 2 * i + 1] << 8));
                    }
                }
                else
                {
                    codesOffset = r.Skip(codes);
                    Array.Copy(frame, codesOffset, into.RawCodes, at, codes);
                }
                if (differential)
                {
                    int pairs = cols / 2;
                    short[] d = into.DifferentialCodes!;
                    int pairAt = firstVector * pairs;
                    if (onFirmware)
                    {
                        int diffOffset = r.Skip(2 * vectors * pairs);
                        for (int i = 0; i < vectors * pairs; i++)
                        {
                            d[pairAt + i] = (short)(frame[diffOffset + 2 * i] | (frame[diffOffset + 2 * i + 1] << 8));
                        }
                    }
                    else if (summed)
                    {
                        ushort[] sums = into.CodeSums!;
                        for (int i = 0; i < vectors * pairs; i++)
                        {
                            d[pairAt + i] = (short)(sums[at + 2 * i] - sums[at + 2 * i + 1]);
                        }
                    }
                    else
                    {
                        for (int i = 0; i < vectors * pairs; i++)
                        {
                            d[pairAt + i] = (short)(frame[codesOffset + 2 * i] - frame[codesOffset + 2 * i + 1]);
                        }
                    }
                }
                into.ChipCycles += header.ChipCycles;
                into.TileOps += header.TileOps;
                return true;
            });
        }

        private T Request<T>(byte requestType, byte replyType, bool idempotent, Action<PayloadWriter>? write, Func<PayloadReader, T> read)
        {
            if (_info == null)
            {
                throw new InvalidOperationException("the client is not connected: call Connect before " + MessageType.Name(requestType));
            }
            PayloadWriter w = _channel.BeginRequest();
            write?.Invoke(w);
            _channel.EndRequest();
            try
            {
                return read(_channel.Exchange(requestType, replyType, _options.TimeoutMs));
            }
            catch (CimLinkClosedException first) when (idempotent && _options.ReconnectOnDrop && _transport.CanReconnect)
            {
                Reconnect(requestType, first);
                // Handshake used the channel's buffer: write the request again.
                w = _channel.BeginRequest();
                write?.Invoke(w);
                _channel.EndRequest();
                return read(_channel.Exchange(requestType, replyType, _options.TimeoutMs));
            }
        }

        private void Reconnect(byte requestType, CimLinkClosedException first)
        {
            try
            {
                _transport.Open();
            }
            catch (TransportException e)
            {
                throw new CimLinkClosedException(first.Message + "; reconnecting failed: " + e.Message, requestType, e);
            }
            _channel.ClearReceived();
            Handshake();
            Reconnects++;
        }

        private static void RequireCount(string name, int value)
        {
            if (value < 1 || value > 0xFFFF)
            {
                throw new ArgumentOutOfRangeException(name, value, name + " must be 1..65535");
            }
        }
    }
}
