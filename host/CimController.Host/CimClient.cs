using System;
using CimController.Host.Transports;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Host
{
    /// <summary>
    /// The host side of the wire protocol over any <see cref="ITransport"/>: this part holds the connection
    /// (Hello/Info, reconnect), Reset, Stats and the request/reply plumbing. Every wait is bounded by
    /// <see cref="CimClientOptions.TimeoutMs"/>; an Error reply becomes a <see cref="CimProtocolException"/>; a
    /// dropped link is reconnected once for idempotent requests when the transport can. One client serves one
    /// caller at a time.
    /// </summary>
    public sealed partial class CimClient : IDisposable
    {
        private readonly ITransport _transport;
        private readonly CimClientOptions _options;
        private readonly FrameChannel _channel;
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

        private T WithProgress<T>(IProgress<CimProgress>? progress, string stage, Func<T> call)
        {
            if (progress == null) return call();
            var m = new ProgressMessage();
            _channel.ProgressHandler = r =>
            {
                m.Read(r);
                progress.Report(new CimProgress(stage, m.Done, m.Total));
            };
            try
            {
                return call();
            }
            finally
            {
                _channel.ProgressHandler = null;
            }
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
