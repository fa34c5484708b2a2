using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// The Vmm command: validates the window against the board's geometry, runs the MAC straight from
    /// the request frame into the reply frame (no copies of inputs or outputs), and adds the chip cycles
    /// and tile operations this command spent and, with <see cref="VmmFlags.Differential"/>, the
    /// differential codes <c>code[2k] - code[2k+1]</c>. With a conversions byte of 2..128 (protocol 1.4) the board
    /// converts each vector that many times (<see cref="ICimBoard.MacSummed"/>) and the reply carries u16 code sums
    /// (<see cref="VmmFlags.Summed"/>) and differences of sums. With row copies k &gt; 1 in the flags (protocol 1.7) each vector's
    /// rows / k codes drive the window's k copies (<see cref="ICimBoard.MacRowCopies"/>). Allocates nothing when the request is valid.
    /// </summary>
    public sealed class VmmCommand
    {
        private readonly ICimBoard _board;
        private readonly FirmwareStats _stats;
        private readonly VmmRequest _request = new VmmRequest();
        private readonly PayloadReader _reader = new PayloadReader();
        private readonly PayloadWriter _writer = new PayloadWriter();
        private readonly VmmReply _reply = new VmmReply();

        /// <summary>Creates the handler over an initialised board driver.</summary>
        public VmmCommand(ICimBoard board, FirmwareStats stats)
        {
            _board = board;
            _stats = stats;
        }

        /// <summary>
        /// Executes the Vmm request whose payload is at <see cref="FrameFormat.PayloadOffset"/> of
        /// <paramref name="frame"/>; writes the VmmResult payload at the same offset of
        /// <paramref name="reply"/> and returns its length. Throws <see cref="ProtocolException"/> on bad input.
        /// </summary>
        public int Execute(byte[] frame, int payloadLength, byte[] reply, int replyLimit)
        {
            int p = FrameFormat.PayloadOffset;
            RequestCheck.Length("Vmm", "the header (tile, windows, vector count, flags)", payloadLength, VmmRequest.HeaderLength);
            _reader.Reset(frame, p, payloadLength);
            VmmRequest q = _request;
            q.ReadHeader(_reader);
            int rows = q.Rows;
            int vectors = q.VectorCount;
            int copies = q.RowCopies;
            if (rows % copies != 0)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "Vmm row copies " + copies.ToString() + " (flags bits 4-7 + 1) do not divide the window's " + rows.ToString() +
                    " rows: each copy is rows / copies rows driven by the same codes");
            }
            int codesPerVector = rows / copies;
            int needed = VmmRequest.HeaderLength + vectors * codesPerVector;
            if (payloadLength < needed)
            {
                throw new ProtocolException(ErrorCode.Malformed,
                    "Vmm payload of " + payloadLength.ToString() + " bytes is too short: " + vectors.ToString() + " vectors x " +
                    (copies > 1 ? codesPerVector.ToString() + " codes (" + rows.ToString() + " rows in " + copies.ToString() + " copies)" : rows.ToString() + " rows") +
                    " of input codes after the " + VmmRequest.HeaderLength.ToString() + "-byte header need " + needed.ToString() + " bytes");
            }
            q.ReadInputs(_reader);

            RequestCheck.Range("Vmm", "tile", q.Tile, 0, _board.Tiles - 1);
            RequestCheck.Window("Vmm", "row", q.Row0, q.Rows, _board.Rows);
            RequestCheck.Window("Vmm", "column", q.Col0, q.Cols, _board.Columns);
            RequestCheck.Range("Vmm", "vector count", q.VectorCount, 1, 65535);
            bool differential = (q.Flags & VmmFlags.Differential) != 0;
            if (differential && (q.Cols & 1) != 0)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "Vmm column count " + q.Cols.ToString() + " is odd: the Differential flag pairs adjacent columns and needs an even count (2, 4, ..)");
            }
            if (q.Conversions > VmmRequest.MaxConversions)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "Vmm conversions per vector " + q.Conversions.ToString() + " is outside 2.." + VmmRequest.MaxConversions.ToString() +
                    " (0, 1 or no byte after the inputs = one conversion)");
            }
            int conversions = q.EffectiveConversions;
            bool summed = conversions > 1;
            int flags = (differential ? VmmFlags.Differential : 0) | (summed ? VmmFlags.Summed : 0);
            int replyLength = VmmReply.PayloadLength(q.VectorCount, q.Cols, flags);
            if (replyLength > replyLimit)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "Vmm reply for " + q.VectorCount.ToString() + " vectors x " + q.Cols.ToString() + " columns" +
                    (summed ? " of u16 sums of " + conversions.ToString() + " conversions" : "") +
                    (differential ? " with differential codes" : "") + " needs " + replyLength.ToString() +
                    " payload bytes, more than the limit of " + replyLimit.ToString() + "; send fewer vectors per command");
            }

            ulong cycles0 = _board.ReadCycles();
            uint ops0 = _board.ReadTileOps();
            int codesAt = p + VmmReply.HeaderLength;
            if (copies > 1)
            {
                _board.MacRowCopies(q.Tile, q.Row0, q.Rows, copies, q.Col0, q.Cols, q.VectorCount, conversions, summed, q.Inputs, q.InputOffset, reply, codesAt);
            }
            else if (summed)
            {
                _board.MacSummed(q.Tile, q.Row0, q.Rows, q.Col0, q.Cols, q.VectorCount, conversions, q.Inputs, q.InputOffset, reply, codesAt);
            }
            else
            {
                _board.Mac(q.Tile, q.Row0, q.Rows, q.Col0, q.Cols, q.VectorCount, q.Inputs, q.InputOffset, reply, codesAt);
            }
            ulong cycles = _board.ReadCycles() - cycles0;
            uint ops = _board.ReadTileOps() - ops0;

            VmmReply m = _reply;
            m.VectorCount = q.VectorCount;
            m.Cols = q.Cols;
            m.Flags = flags;
            m.ChipCycles = cycles > 0xFFFFFFFFUL ? 0xFFFFFFFFu : (uint)cycles;
            m.TileOps = ops;
            _writer.Reset(reply, p, replyLimit);
            m.Write(_writer);

            if (differential)
            {
                int codes = q.VectorCount * q.Cols;
                if (summed)
                {
                    int at = codesAt + 2 * codes;
                    for (int i = 0; i < 2 * codes; i += 4)
                    {
                        int plus = ByteOrder.ReadUInt16(reply, codesAt + i);
                        int minus = ByteOrder.ReadUInt16(reply, codesAt + i + 2);
                        ByteOrder.WriteUInt16(reply, at, (plus - minus) & 0xFFFF);
                        at += 2;
                    }
                }
                else
                {
                    int at = codesAt + codes;
                    for (int i = 0; i < codes; i += 2)
                    {
                        ByteOrder.WriteUInt16(reply, at, (reply[codesAt + i] - reply[codesAt + i + 1]) & 0xFFFF);
                        at += 2;
                    }
                }
            }
            _stats.VmmCommands++;
            return replyLength;
        }
    }
}
