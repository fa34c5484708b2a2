using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// The WriteVerify message: reads the request (<see cref="WriteVerifyRequest"/>) from the frame, checks it and its cell
    /// layout against the board, runs <see cref="WriteVerify"/> on every cell in request order and writes the
    /// WriteVerifyResult payload (<see cref="WriteVerifyReply"/>). Allocates nothing per request.
    /// </summary>
    public sealed class WriteVerifyCommand
    {
        private readonly WriteVerify _writeVerify;
        private readonly ICimBoard _board;
        private readonly WriteVerifyRequest _request = new WriteVerifyRequest();
        private readonly WriteVerifyOutcome _cell = new WriteVerifyOutcome();
        private readonly PayloadReader _reader = new PayloadReader();
        private readonly PayloadWriter _writer = new PayloadWriter();
        private readonly WriteVerifyReply _reply = new WriteVerifyReply();
        private readonly WriteVerifyCellReply _cellReply = new WriteVerifyCellReply();

        /// <summary>Creates the command over the write-verify algorithm and the board it programs.</summary>
        public WriteVerifyCommand(WriteVerify writeVerify, ICimBoard board)
        {
            _writeVerify = writeVerify;
            _board = board;
        }

        /// <summary>Executes a WriteVerify request; writes the WriteVerifyResult payload into <paramref name="reply"/> and returns its length.</summary>
        public int Execute(byte[] frame, int payloadLength, byte[] reply, int replyLimit)
        {
            RequestCheck.Length("WriteVerify", "the header and cell layout", payloadLength, WriteVerifyRequest.HeaderLength + 2);
            _reader.Reset(frame, FrameFormat.PayloadOffset, payloadLength);
            _request.Read(_reader);
            WriteVerifyRequest q = _request;
            _writeVerify.Check(q);
            if (q.Mode == WriteVerifyMode.Region)
            {
                RequestCheck.Window("WriteVerify", "row", q.Row0, q.Rows, _board.Rows);
                RequestCheck.Window("WriteVerify", "column", q.Col0, q.Cols, _board.Columns);
            }
            else
            {
                for (int i = 0; i < q.CellCount; i++)
                {
                    _writeVerify.CheckCell(q.CellRow(i), q.CellColumn(i));
                }
            }
            int replyLength = WriteVerifyReply.PayloadLength(q.CellCount);
            RequestCheck.ReplyFits("WriteVerify", "the requested cells", replyLength, replyLimit);

            _writeVerify.Begin(q);
            int p = FrameFormat.PayloadOffset;
            _writer.Reset(reply, p, replyLimit);
            _writer.Skip(WriteVerifyReply.HeaderLength);
            WriteVerifyOutcome cell = _cell;
            WriteVerifyCellReply entry = _cellReply;
            for (int i = 0; i < q.CellCount; i++)
            {
                _writeVerify.Program(q.CellRow(i), q.CellColumn(i), q.CellTargetNanosiemens(i), cell);
                entry.Status = cell.Status;
                entry.Trials = cell.Trials;
                entry.Pulses = cell.Pulses;
                entry.ConductanceNanosiemens = cell.ConductanceNanosiemens;
                entry.Write(_writer);
            }
            WriteVerifyReply m = _reply;
            m.Cells = q.CellCount;
            m.ElapsedMs = _writeVerify.End();
            m.Pulses = _writeVerify.RunPulses;
            m.Failures = _writeVerify.RunFailures;
            _writer.Reset(reply, p, replyLimit);
            m.Write(_writer);
            return replyLength;
        }
    }
}
