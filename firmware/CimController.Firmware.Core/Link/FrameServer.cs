using CimController.Protocol;

namespace CimController.Firmware
{
    /// <summary>
    /// The link loop: reads the host link with a bounded timeout, feeds a <see cref="FrameDecoder"/>,
    /// answers every complete frame through the <see cref="CommandDispatcher"/> and every framing fault
    /// (bad CRC, oversize length, a frame that stops arriving) with an Error reply, then resynchronises
    /// on the next start marker. All buffers are allocated in the constructor.
    /// </summary>
    public sealed class FrameServer
    {
        private const int ChunkBytes = 512;

        private readonly CommandDispatcher _dispatcher;
        private readonly FirmwareStats _stats;
        private readonly IClock _clock;
        private readonly FirmwareConfig _config;
        private readonly FrameDecoder _decoder;
        private readonly byte[] _chunk = new byte[ChunkBytes];
        private readonly byte[] _reply;
        private int _stopRequested;

        /// <summary>Creates the server; <paramref name="config"/> gives the payload limit and the timeouts.</summary>
        public FrameServer(CommandDispatcher dispatcher, FirmwareStats stats, IClock clock, FirmwareConfig config)
        {
            _dispatcher = dispatcher;
            _stats = stats;
            _clock = clock;
            _config = config;
            _decoder = new FrameDecoder(config.MaxPayload);
            _reply = new byte[dispatcher.ReplyBufferLength];
        }

        /// <summary>True once <see cref="Stop"/> was called.</summary>
        public bool StopRequested
        {
            get { return System.Threading.Interlocked.CompareExchange(ref _stopRequested, 0, 0) != 0; }
        }

        /// <summary>Makes the running <see cref="Serve"/> (and any later one) return within one link read timeout.</summary>
        public void Stop()
        {
            System.Threading.Interlocked.Exchange(ref _stopRequested, 1);
        }

        /// <summary>
        /// Serves <paramref name="link"/> until it closes (Read returns -1 or throws
        /// <see cref="System.IO.IOException"/>), a write fails with <see cref="System.IO.IOException"/> (a reply, or a
        /// progress frame of a long command, which then stops: <see cref="ProgressReporter"/>), or <see cref="Stop"/> is called.
        /// </summary>
        public void Serve(IHostLink link)
        {
            _decoder.Reset();
            _dispatcher.ResetSession();
            _dispatcher.ProgressLink = link;
            int readTimeout = _config.LinkReadTimeoutMs;
            if (readTimeout < 1)
            {
                readTimeout = 1;
            }
            if (readTimeout > _config.InterByteTimeoutMs && _config.InterByteTimeoutMs > 0)
            {
                readTimeout = _config.InterByteTimeoutMs;
            }
            long lastByteMs = _clock.NowMs;
            while (!StopRequested)
            {
                int n;
                try
                {
                    n = link.Read(_chunk, 0, _chunk.Length, readTimeout);
                }
                catch (System.IO.IOException)
                {
                    return;
                }
                if (n < 0)
                {
                    return;
                }
                long now = _clock.NowMs;
                if (n == 0)
                {
                    if (_decoder.InFrame && now - lastByteMs >= _config.InterByteTimeoutMs)
                    {
                        int sequence = _decoder.Sequence < 0 ? 0 : _decoder.Sequence;
                        int type = _decoder.Sequence < 0 ? 0 : _decoder.MessageType;
                        _decoder.Reset();
                        _stats.Truncations++;
                        int length = _dispatcher.WriteError(_reply, sequence, type, ErrorCode.Truncated,
                            "frame stopped arriving: no byte for " + (now - lastByteMs).ToString() + " ms (inter-byte timeout " +
                            _config.InterByteTimeoutMs.ToString() + " ms); dropped, waiting for the next frame");
                        if (!Send(link, length))
                        {
                            return;
                        }
                    }
                    continue;
                }
                lastByteMs = now;
                if (!Consume(link, n))
                {
                    return;
                }
            }
        }

        /// <summary>Pushes <paramref name="count"/> received bytes through the decoder; false when the link failed on write.</summary>
        private bool Consume(IHostLink link, int count)
        {
            int offset = 0;
            while (offset < count)
            {
                offset += _decoder.Push(_chunk, offset, count - offset);
                _stats.SkippedBytes = (uint)_decoder.SkippedBytes;
                int status = _decoder.Status;
                int length;
                if (status == DecodeStatus.Frame)
                {
                    length = _dispatcher.Dispatch(_decoder.Frame, _decoder.PayloadLength, _reply);
                    if (_dispatcher.ProgressLinkLost)
                    {
                        // The command stopped because its host has gone; the link is done.
                        return false;
                    }
                }
                else if (status == DecodeStatus.Error)
                {
                    length = FramingError();
                }
                else
                {
                    continue;
                }
                if (!Send(link, length))
                {
                    return false;
                }
            }
            return true;
        }

        private int FramingError()
        {
            int code = _decoder.Error;
            int sequence = _decoder.Sequence < 0 ? 0 : _decoder.Sequence;
            string message;
            if (code == ErrorCode.BadCrc)
            {
                _stats.CrcErrors++;
                message = "frame " + sequence.ToString() + " (" + MessageType.Name(_decoder.MessageType) + ", " +
                    _decoder.PayloadLength.ToString() + " payload bytes) failed its CRC-32 check; dropped";
            }
            else if (code == ErrorCode.FrameTooLarge)
            {
                message = "frame length field " + _decoder.PayloadLength.ToString() + " exceeds the firmware's max payload of " +
                    _decoder.MaxPayload.ToString() + " bytes; dropped, resynchronising";
            }
            else
            {
                message = "frame rejected by the decoder: " + ErrorCode.Name(code);
            }
            return _dispatcher.WriteError(_reply, sequence, _decoder.MessageType, code, message);
        }

        private bool Send(IHostLink link, int length)
        {
            try
            {
                link.Write(_reply, 0, length);
                return true;
            }
            catch (System.IO.IOException)
            {
                return false;
            }
        }
    }
}
