using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// Turns away a host that a network link will not serve (another host holds the board: Busy; a plain-TCP host on a
    /// TLS board: TlsRequired) with one Error frame the host's client reports as the answer to its request: it waits,
    /// bounded, for the host's first frame header and answers with that frame's sequence number and type (sequence 0 when
    /// no header arrived in time), then returns; the caller closes the connection. Not a hot path: each refusal allocates
    /// a small decoder and reply buffer.
    /// </summary>
    public static class LinkRefusal
    {
        /// <summary>Payload a refused frame may have and still be read whole; a longer one is answered from its header.</summary>
        private const int ReadPayloadLimit = 256;
        private const int ChunkBytes = 64;
        /// <summary>Room for an Error payload: u16 code, u8 request type, u8 length and a string of at most 255 bytes.</summary>
        private const int ErrorPayloadLimit = 4 + 255;

        /// <summary>
        /// Waits at most <paramref name="waitMs"/> for the host's first frame header, then writes an Error frame with
        /// <paramref name="code"/> and <paramref name="message"/>. Returns false when the host closed the link or the
        /// write failed (nothing more to do either way).
        /// </summary>
        public static bool Answer(IHostLink link, IClock clock, int waitMs, int code, string message)
        {
            if (link == null)
            {
                throw new System.ArgumentNullException("link");
            }
            if (clock == null)
            {
                throw new System.ArgumentNullException("clock");
            }
            FrameDecoder decoder = new FrameDecoder(ReadPayloadLimit);
            byte[] chunk = new byte[ChunkBytes];
            long deadline = clock.NowMs + waitMs;
            bool headerSeen = false;
            while (!headerSeen)
            {
                long left = deadline - clock.NowMs;
                if (left <= 0)
                {
                    break;
                }
                int n = link.Read(chunk, 0, chunk.Length, (int)left);
                if (n < 0)
                {
                    return false;
                }
                int offset = 0;
                while (offset < n && !headerSeen)
                {
                    offset += decoder.Push(chunk, offset, n - offset);
                    headerSeen = decoder.Sequence >= 0;
                }
            }
            int sequence = decoder.Sequence < 0 ? 0 : decoder.Sequence;
            int type = decoder.Sequence < 0 ? 0 : decoder.MessageType;
            byte[] reply = new byte[FrameFormat.Overhead + ErrorPayloadLimit];
            PayloadWriter writer = new PayloadWriter();
            writer.Reset(reply, FrameFormat.PayloadOffset, ErrorPayloadLimit);
            ErrorMessage error = new ErrorMessage();
            error.Code = code;
            error.RequestType = type;
            error.Message = message;
            error.Write(writer);
            int length = FrameEncoder.Seal(reply, 0, writer.Length, sequence, MessageType.Error, FrameFlags.Reply);
            try
            {
                link.Write(reply, 0, length);
                return true;
            }
            catch (System.IO.IOException)
            {
                return false;
            }
        }

        /// <summary>
        /// The Busy message: who holds the link, for how long, and when an idle session is dropped, e.g.
        /// <c>board busy: another host (10.0.0.7:50412) has held the link for 12.3 s; one host at a time, and a session
        /// without a complete frame for 20 s is dropped; try again later</c>.
        /// </summary>
        public static string BusyMessage(string holder, long heldMs, int idleLimitMs)
        {
            if (heldMs < 0)
            {
                heldMs = 0;
            }
            return "board busy: another host (" + holder + ") has held the link for " + (heldMs / 1000).ToString() + "." +
                (heldMs % 1000 / 100).ToString() + " s; one host at a time, and a session without a complete frame for " +
                Seconds(idleLimitMs) + " s is dropped; try again later";
        }

        /// <summary>Whole seconds, or seconds with one decimal below 10 s (a short test setting reads as 0.5 s, not 0 s).</summary>
        private static string Seconds(int ms)
        {
            if (ms >= 10000 || ms % 1000 == 0)
            {
                return (ms / 1000).ToString();
            }
            return (ms / 1000).ToString() + "." + (ms % 1000 / 100).ToString();
        }
    }
}
