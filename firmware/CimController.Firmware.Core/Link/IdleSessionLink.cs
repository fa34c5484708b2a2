using CimController.Protocol;

namespace CimController.Firmware
{
    /// <summary>
    /// A network host link that ends its session when the host has sent no complete frame for <see cref="IdleMs"/>, so a
    /// host that connects and says nothing, sends half a frame, or sends bytes that never form a frame cannot keep the
    /// board from other hosts. A complete frame is recognised by the firmware's own answer to it: every whole, intact
    /// frame gets a reply (final or progress), while the framing faults Truncated, FrameTooLarge and BadCrc answer bytes
    /// that were not one. Once the limit passes, <see cref="Read"/> returns -1 (the link counts as closed), so
    /// <see cref="Controller.Serve"/> returns and the transport closes the connection. A command that runs long does not
    /// expire: no read happens while it runs, and its reply counts. Reads are shortened so that the limit is seen on
    /// time. Allocates nothing.
    /// </summary>
    public sealed class IdleSessionLink : IHostLink
    {
        private readonly IHostLink _inner;
        private readonly IClock _clock;
        private readonly int _idleMs;
        private long _lastFrameMs;
        private bool _expired;

        /// <summary>Wraps <paramref name="inner"/> for one session starting now; <paramref name="idleMs"/> &gt;= 1.</summary>
        public IdleSessionLink(IHostLink inner, IClock clock, int idleMs)
        {
            if (inner == null)
            {
                throw new System.ArgumentNullException("inner");
            }
            if (clock == null)
            {
                throw new System.ArgumentNullException("clock");
            }
            if (idleMs < 1)
            {
                throw new System.ArgumentOutOfRangeException("idleMs", "the idle limit must be at least 1 ms");
            }
            _inner = inner;
            _clock = clock;
            _idleMs = idleMs;
            _lastFrameMs = clock.NowMs;
        }

        /// <summary>Milliseconds without a complete frame after which the session ends.</summary>
        public int IdleMs { get { return _idleMs; } }

        /// <summary>True once the session ended for idleness.</summary>
        public bool Expired { get { return _expired; } }

        /// <summary>Milliseconds since the last complete frame (or since the session started).</summary>
        public long IdleForMs { get { return _clock.NowMs - _lastFrameMs; } }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            long left = _idleMs - (_clock.NowMs - _lastFrameMs);
            if (left <= 0)
            {
                _expired = true;
                return -1;
            }
            if (timeoutMs > left)
            {
                timeoutMs = (int)left;
            }
            return _inner.Read(buffer, offset, count, timeoutMs);
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            _inner.Write(buffer, offset, count);
            if (AnswersWholeFrame(buffer, offset, count))
            {
                _lastFrameMs = _clock.NowMs;
            }
        }

        /// <summary>True when the frame written answers a whole, intact request frame (anything but a framing fault).</summary>
        private static bool AnswersWholeFrame(byte[] frame, int offset, int count)
        {
            if (count < FrameFormat.Overhead || frame[offset] != FrameFormat.Marker0)
            {
                return false;
            }
            if (frame[offset + FrameFormat.TypeOffset] != MessageType.Error)
            {
                return true;
            }
            if (count < FrameFormat.Overhead + 2)
            {
                return false;
            }
            int code = ByteOrder.ReadUInt16(frame, offset + FrameFormat.PayloadOffset);
            return code != ErrorCode.Truncated && code != ErrorCode.FrameTooLarge && code != ErrorCode.BadCrc;
        }
    }
}
