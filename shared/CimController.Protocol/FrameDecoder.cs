namespace CimController.Protocol
{
    /// <summary>
    /// Incremental frame parser over a byte stream. Feed it whatever arrives with <see cref="Push"/>;
    /// it stops after each complete frame or error so the caller can act on it. Bytes outside a frame
    /// are skipped until the next start marker. All buffers are allocated once, in the constructor.
    /// </summary>
    public sealed class FrameDecoder
    {
        private const int HuntMarker0 = 0;
        private const int HuntMarker1 = 1;
        private const int ReadHeader = 2;
        private const int ReadBody = 3;

        private readonly byte[] _frame;
        private readonly int _maxPayload;
        private int _state;
        private int _filled;
        private int _needed;

        /// <summary>Creates a decoder that accepts payloads up to <paramref name="maxPayload"/> bytes.</summary>
        public FrameDecoder(int maxPayload)
        {
            if (maxPayload < 16 || maxPayload > FrameFormat.MaxPayloadLimit)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "maxPayload " + maxPayload.ToString() + " is outside 16.." + FrameFormat.MaxPayloadLimit.ToString());
            }
            _maxPayload = maxPayload;
            _frame = new byte[FrameFormat.Overhead + maxPayload];
            Reset();
        }

        /// <summary>The frame being assembled; when <see cref="Status"/> is <see cref="DecodeStatus.Frame"/> the payload starts at <see cref="FrameFormat.PayloadOffset"/>.</summary>
        public byte[] Frame { get { return _frame; } }

        /// <summary>Largest accepted payload.</summary>
        public int MaxPayload { get { return _maxPayload; } }

        /// <summary>Result of the last <see cref="Push"/>.</summary>
        public int Status { get; private set; }

        /// <summary>With <see cref="DecodeStatus.Error"/>: the <see cref="ErrorCode"/>.</summary>
        public int Error { get; private set; }

        /// <summary>Payload length of the current frame (valid once its header has arrived).</summary>
        public int PayloadLength { get; private set; }

        /// <summary>Sequence number of the current frame, or -1 before its header has arrived.</summary>
        public int Sequence { get; private set; }

        /// <summary>Message type of the current frame (valid once its header has arrived).</summary>
        public byte MessageType { get { return _frame[FrameFormat.TypeOffset]; } }

        /// <summary>Flags of the current frame (valid once its header has arrived).</summary>
        public byte Flags { get { return _frame[FrameFormat.FlagsOffset]; } }

        /// <summary>True while part of a frame has arrived: a caller that sees no more bytes for too long reports it truncated.</summary>
        public bool InFrame { get { return _state != HuntMarker0; } }

        /// <summary>Bytes skipped outside frames since construction.</summary>
        public int SkippedBytes { get; private set; }

        /// <summary>Drops any partial frame and waits for the next start marker.</summary>
        public void Reset()
        {
            _state = HuntMarker0;
            _filled = 0;
            _needed = 0;
            Sequence = -1;
            PayloadLength = 0;
            Status = DecodeStatus.NeedMore;
            Error = ErrorCode.None;
        }

        /// <summary>
        /// Consumes bytes until a frame completes, an error is found, or the input ends; returns the
        /// number consumed. Afterwards <see cref="Status"/> says which. A frame or error is cleared by
        /// the next call.
        /// </summary>
        public int Push(byte[] data, int offset, int count)
        {
            if (Status != DecodeStatus.NeedMore)
            {
                Reset();
            }
            int i = 0;
            while (i < count)
            {
                byte b = data[offset + i];
                if (_state == HuntMarker0)
                {
                    i++;
                    if (b == FrameFormat.Marker0)
                    {
                        _frame[0] = b;
                        _state = HuntMarker1;
                    }
                    else
                    {
                        SkippedBytes++;
                    }
                    continue;
                }
                if (_state == HuntMarker1)
                {
                    if (b == FrameFormat.Marker1)
                    {
                        i++;
                        _frame[1] = b;
                        _filled = 2;
                        _state = ReadHeader;
                    }
                    else
                    {
                        // Not a marker pair: the first byte was noise; look at this byte again as a possible marker.
                        SkippedBytes++;
                        _state = HuntMarker0;
                    }
                    continue;
                }
                if (_state == ReadHeader)
                {
                    int take = Min(FrameFormat.HeaderLength - _filled, count - i);
                    System.Array.Copy(data, offset + i, _frame, _filled, take);
                    _filled += take;
                    i += take;
                    if (_filled == FrameFormat.HeaderLength)
                    {
                        PayloadLength = ByteOrder.ReadUInt16(_frame, FrameFormat.LengthOffset);
                        Sequence = ByteOrder.ReadUInt16(_frame, FrameFormat.SequenceOffset);
                        if (PayloadLength > _maxPayload)
                        {
                            Fail(ErrorCode.FrameTooLarge);
                            return i;
                        }
                        _needed = FrameFormat.HeaderLength + PayloadLength + FrameFormat.CrcLength;
                        _state = ReadBody;
                    }
                    continue;
                }
                int want = Min(_needed - _filled, count - i);
                System.Array.Copy(data, offset + i, _frame, _filled, want);
                _filled += want;
                i += want;
                if (_filled == _needed)
                {
                    int crcAt = FrameFormat.HeaderLength + PayloadLength;
                    uint expected = ByteOrder.ReadUInt32(_frame, crcAt);
                    uint actual = Crc32.Compute(_frame, FrameFormat.LengthOffset, crcAt - FrameFormat.LengthOffset);
                    _state = HuntMarker0;
                    if (expected != actual)
                    {
                        Fail(ErrorCode.BadCrc);
                    }
                    else
                    {
                        Status = DecodeStatus.Frame;
                    }
                    return i;
                }
            }
            return i;
        }

        private void Fail(int code)
        {
            _state = HuntMarker0;
            _filled = 0;
            Status = DecodeStatus.Error;
            Error = code;
        }

        private static int Min(int a, int b)
        {
            return a < b ? a : b;
        }
    }
}
