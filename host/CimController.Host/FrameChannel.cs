using System;
using System.Diagnostics;
using CimController.Host.Transports;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Host
{
    /// <summary>
    /// One request, one reply over a transport, with the shared <see cref="FrameEncoder"/> and
    /// <see cref="FrameDecoder"/>: numbers each request, waits a bounded time for the reply with its
    /// sequence number, drops replies to other (earlier, timed-out) requests and frames with a bad CRC,
    /// and turns an Error reply into a <see cref="CimProtocolException"/>. Not thread-safe.
    /// </summary>
    internal sealed class FrameChannel
    {
        private readonly ITransport _transport;
        private readonly FrameDecoder _decoder;
        private readonly PayloadWriter _writer = new PayloadWriter();
        private readonly PayloadReader _reader = new PayloadReader();
        private readonly ErrorMessage _error = new ErrorMessage();
        private readonly byte[] _tx;
        private readonly byte[] _rx = new byte[16384];
        private int _rxStart;
        private int _rxEnd;
        private int _sequence;
        private int _payloadLength;

        public FrameChannel(ITransport transport, int maxPayload)
        {
            _transport = transport;
            _decoder = new FrameDecoder(maxPayload);
            _tx = new byte[FrameFormat.Overhead + maxPayload];
            SendLimit = maxPayload;
        }

        /// <summary>Called with the payload of each Progress frame of the awaited request (protocol 1.2); null: progress frames only restart the timeout.</summary>
        public Action<PayloadReader>? ProgressHandler { get; set; }

        /// <summary>Largest request payload; lowered to the firmware's limit after Hello.</summary>
        public int SendLimit { get; set; }

        /// <summary>Frame bytes written.</summary>
        public long BytesSent { get; private set; }

        /// <summary>Raw bytes read.</summary>
        public long BytesReceived { get; private set; }

        /// <summary>Well-formed replies dropped because their sequence number was not the awaited one.</summary>
        public long DiscardedReplies { get; private set; }

        /// <summary>Frames dropped by the decoder (bad CRC, too large).</summary>
        public long CorruptFrames { get; private set; }

        /// <summary>Starts a request payload; write its fields, then call <see cref="Exchange"/>.</summary>
        public PayloadWriter BeginRequest()
        {
            _writer.Reset(_tx, FrameFormat.PayloadOffset, SendLimit);
            return _writer;
        }

        /// <summary>Ends the payload started by <see cref="BeginRequest"/>; it stays in place so <see cref="Exchange"/> can send it again.</summary>
        public void EndRequest()
        {
            _payloadLength = _writer.Length;
        }

        /// <summary>Forgets bytes and partial frames received so far (after a reconnect).</summary>
        public void ClearReceived()
        {
            _rxStart = 0;
            _rxEnd = 0;
            _decoder.Reset();
        }

        /// <summary>
        /// Sends the request prepared with <see cref="BeginRequest"/> under a new sequence number and
        /// returns a reader over the payload of its <paramref name="replyType"/> reply (valid until the next call).
        /// </summary>
        public PayloadReader Exchange(byte requestType, byte replyType, int timeoutMs)
        {
            // 1..65535: the firmware answers framing errors of frames whose header it never saw with sequence 0.
            _sequence = _sequence == 0xFFFF ? 1 : _sequence + 1;
            int sequence = _sequence;
            int frameLength = FrameEncoder.Seal(_tx, 0, _payloadLength, sequence, requestType, 0);
            try
            {
                _transport.Write(_tx, 0, frameLength);
            }
            catch (TransportException e)
            {
                throw new CimLinkClosedException(e.Message, requestType, e);
            }
            BytesSent += frameLength;

            long deadline = Stopwatch.GetTimestamp() + MillisecondsToTicks(timeoutMs);
            while (true)
            {
                while (_rxStart < _rxEnd)
                {
                    _rxStart += _decoder.Push(_rx, _rxStart, _rxEnd - _rxStart);
                    if (_decoder.Status == DecodeStatus.Error)
                    {
                        CorruptFrames++;
                        continue;
                    }
                    if (_decoder.Status != DecodeStatus.Frame)
                    {
                        continue;
                    }
                    if (_decoder.Sequence != sequence)
                    {
                        DiscardedReplies++;
                        continue;
                    }
                    if ((_decoder.Flags & FrameFlags.Progress) != 0)
                    {
                        deadline = Stopwatch.GetTimestamp() + MillisecondsToTicks(timeoutMs);
                        if (ProgressHandler != null && _decoder.MessageType == replyType)
                        {
                            _reader.Reset(_decoder.Frame, FrameFormat.PayloadOffset, _decoder.PayloadLength);
                            ProgressHandler(_reader);
                        }
                        continue;
                    }
                    return Accept(requestType, replyType);
                }
                _rxStart = 0;
                _rxEnd = 0;
                long left = (deadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
                if (left <= 0)
                {
                    _decoder.Reset();
                    throw new CimTimeoutException("no reply to " + MessageType.Name(requestType) + " (sequence " + sequence + ") from "
                        + _transport.Description + " within " + timeoutMs + " ms", requestType);
                }
                int n = _transport.Read(_rx, 0, _rx.Length, (int)Math.Min(left, int.MaxValue));
                if (n < 0)
                {
                    throw new CimLinkClosedException("the link to " + _transport.Description + " closed while waiting for the reply to "
                        + MessageType.Name(requestType), requestType);
                }
                BytesReceived += n;
                _rxEnd = n;
            }
        }

        private PayloadReader Accept(byte requestType, byte replyType)
        {
            _reader.Reset(_decoder.Frame, FrameFormat.PayloadOffset, _decoder.PayloadLength);
            byte type = _decoder.MessageType;
            if (type == MessageType.Error)
            {
                _error.Read(_reader);
                throw CimProtocolException.FromErrorReply(_error.Code, _error.Message, requestType);
            }
            if (type != replyType)
            {
                throw new CimProtocolException(ErrorCode.UnexpectedReply, "expected " + MessageType.Name(replyType) + " in answer to "
                    + MessageType.Name(requestType) + " but " + _transport.Description + " sent " + MessageType.Name(type), requestType);
            }
            return _reader;
        }

        private static long MillisecondsToTicks(int ms)
        {
            return Math.Max(0, ms) * Stopwatch.Frequency / 1000;
        }
    }
}
