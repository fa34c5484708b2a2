using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// The ReadConductance command: reads every cell of a region at the read voltage, averages
    /// 1..16 sense codes per cell and reports the conductance in nanosiemens,
    /// <c>G = I / V_read = code x SENSE_LSB_PA / (READ_DAC x READ_LSB_UV) x 1000 nS</c>.
    /// </summary>
    public sealed class ConductanceCommand
    {
        /// <summary>Most reads averaged per cell.</summary>
        public const int MaxAverages = 16;
        /// <summary>Payload bytes of a ReadConductance request (<see cref="RegionRequest"/>).</summary>
        public const int RequestLength = 10;

        private readonly ICimBoard _board;
        private readonly FirmwareStats _stats;
        private readonly RegionRequest _request = new RegionRequest();
        private readonly PayloadReader _reader = new PayloadReader();
        private readonly PayloadWriter _writer = new PayloadWriter();
        private readonly ConductanceReply _reply = new ConductanceReply();

        /// <summary>Creates the handler over an initialised board driver.</summary>
        public ConductanceCommand(ICimBoard board, FirmwareStats stats)
        {
            _board = board;
            _stats = stats;
        }

        /// <summary>Executes the request in <paramref name="frame"/>; writes the Conductance payload into <paramref name="reply"/> and returns its length.</summary>
        public int Execute(byte[] frame, int payloadLength, byte[] reply, int replyLimit)
        {
            int p = FrameFormat.PayloadOffset;
            RequestCheck.Length("ReadConductance", "tile, row and column windows and averages", payloadLength, RequestLength);
            _reader.Reset(frame, p, payloadLength);
            _request.Read(_reader);
            RegionRequest q = _request;
            RequestCheck.Range("ReadConductance", "tile", q.Tile, 0, _board.Tiles - 1);
            RequestCheck.Window("ReadConductance", "row", q.Row0, q.Rows, _board.Rows);
            RequestCheck.Window("ReadConductance", "column", q.Col0, q.Cols, _board.Columns);
            RequestCheck.Range("ReadConductance", "averages", q.Averages, 1, MaxAverages);
            int replyLength = ConductanceReply.HeaderLength + ConductanceReply.BytesPerCell * q.Rows * q.Cols;
            if (replyLength > replyLimit)
            {
                int maxCells = (replyLimit - ConductanceReply.HeaderLength) / ConductanceReply.BytesPerCell;
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "ReadConductance region of " + q.Rows.ToString() + "x" + q.Cols.ToString() + " cells needs a reply of " +
                    replyLength.ToString() + " payload bytes, more than the limit of " + replyLimit.ToString() +
                    " (at most " + maxCells.ToString() + " cells per request)");
            }

            ulong numeratorScale = (ulong)_board.SenseLsbPicoamps * 1000UL;
            ulong denominator = (ulong)q.Averages * _board.ReadMicrovolts;
            _reply.Rows = q.Rows;
            _reply.Cols = q.Cols;
            _reply.ReadMillivolts = (int)((_board.ReadMicrovolts + 500) / 1000);
            _writer.Reset(reply, p, replyLimit);
            _reply.Write(_writer);
            _board.SelectTile(q.Tile);
            for (int r = 0; r < q.Rows; r++)
            {
                for (int c = 0; c < q.Cols; c++)
                {
                    ulong sum = 0;
                    for (int a = 0; a < q.Averages; a++)
                    {
                        sum += (ulong)_board.ReadSelectedCell(q.Row0 + r, q.Col0 + c);
                        _stats.CellReads++;
                    }
                    ulong nanosiemens = (sum * numeratorScale + denominator / 2) / denominator;
                    _writer.WriteUInt32(nanosiemens > 0xFFFFFFFFUL ? 0xFFFFFFFFu : (uint)nanosiemens);
                }
            }
            return replyLength;
        }
    }
}
