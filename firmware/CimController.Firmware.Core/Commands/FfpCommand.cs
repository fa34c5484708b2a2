using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// The FFP messages (Diao 2025): FfpCalibrate, FfpTableGet, FfpTableSet, FfpBuildTable, FfpSweep, FfpProgram and
    /// FfpApplyGroup. Reads each request from its frame into a typed request, hands it to <see cref="FfpCalibration"/>,
    /// <see cref="FfpTable"/> or <see cref="FfpProgrammer"/> and writes the reply payload. Allocates nothing per request.
    /// </summary>
    public sealed class FfpCommand
    {
        private readonly FfpCalibration _calibration;
        private readonly FfpTable _table;
        private readonly FfpProgrammer _programmer;
        private readonly FfpCalibrateRequest _calibrate = new FfpCalibrateRequest();
        private readonly FfpBuildTableRequest _build = new FfpBuildTableRequest();
        private readonly FfpSweepRequest _sweep = new FfpSweepRequest();
        private readonly FfpProgramRequest _program = new FfpProgramRequest();
        private readonly FfpProgramReply _programReply = new FfpProgramReply();
        private readonly FfpApplyGroupRequest _group = new FfpApplyGroupRequest();
        private readonly PayloadReader _reader = new PayloadReader();
        private readonly PayloadWriter _writer = new PayloadWriter();
        private readonly FfpTableAcceptedReply _accepted = new FfpTableAcceptedReply();

        /// <summary>Creates the command over the calibration store, the table and the programmer.</summary>
        public FfpCommand(FfpCalibration calibration, FfpTable table, FfpProgrammer programmer)
        {
            _calibration = calibration;
            _table = table;
            _programmer = programmer;
        }

        /// <summary>
        /// Executes the FFP request of message <paramref name="type"/> in <paramref name="frame"/>; writes the reply payload
        /// into <paramref name="reply"/> and returns its length.
        /// </summary>
        public int Execute(byte type, byte[] frame, int payloadLength, byte[] reply, int replyLimit)
        {
            int p = FrameFormat.PayloadOffset;
            switch (type)
            {
                case MessageType.FfpCalibrate:
                    RequestCheck.Length("FfpCalibrate", "cell, direction, voltages, widths and counts", payloadLength, FfpCalibrateRequest.Length);
                    _reader.Reset(frame, p, payloadLength);
                    _calibrate.Read(_reader);
                    return _calibration.Calibrate(_calibrate, reply, p, replyLimit);
                case MessageType.FfpTableGet:
                    _table.RequireLoaded("FfpTableGet");
                    return WriteTable(_table.Data, reply, replyLimit);
                case MessageType.FfpTableSet:
                    return SetTable(frame, payloadLength, reply, replyLimit);
                case MessageType.FfpBuildTable:
                    RequestCheck.Length("FfpBuildTable", "bins, band, width and version", payloadLength, FfpBuildTableRequest.Length);
                    _reader.Reset(frame, p, payloadLength);
                    _build.Read(_reader);
                    return WriteTable(_table.Build(_build), reply, replyLimit);
                case MessageType.FfpSweep:
                    RequestCheck.Length("FfpSweep", "cell, direction, limits", payloadLength, FfpSweepRequest.Length);
                    _reader.Reset(frame, p, payloadLength);
                    _sweep.Read(_reader);
                    return _programmer.Sweep(_sweep, reply, p, replyLimit);
                case MessageType.FfpProgram:
                    RequestCheck.Length("FfpProgram", "cell, target, tolerance and limits", payloadLength, FfpProgramRequest.Length);
                    _reader.Reset(frame, p, payloadLength);
                    _program.Read(_reader);
                    RequestCheck.ReplyFits("FfpProgram", "the result", FfpProgramReply.Length, replyLimit);
                    _programmer.Program(_program, _programReply);
                    _writer.Reset(reply, p, replyLimit);
                    _programReply.Write(_writer);
                    return _writer.Length;
                case MessageType.FfpApplyGroup:
                    RequestCheck.Length("FfpApplyGroup", "cell, direction, width, flags and count", payloadLength, FfpApplyGroupRequest.HeaderLength);
                    _reader.Reset(frame, p, payloadLength);
                    _group.Read(_reader);
                    return _programmer.ApplyGroup(_group, reply, p, replyLimit);
                default:
                    throw new ProtocolException(ErrorCode.UnknownMessage, "message type " + MessageType.Name(type) + " is not an FFP message");
            }
        }

        /// <summary>FfpTableSet: reads the uploaded table into the staging copy, loads it once checked, writes FfpTableAccepted.</summary>
        private int SetTable(byte[] frame, int payloadLength, byte[] reply, int replyLimit)
        {
            FfpTableData t = _table.Staging;
            _reader.Reset(frame, FrameFormat.PayloadOffset, payloadLength);
            t.Read(_reader, payloadLength);
            _table.Load(t, "FfpTableSet");
            _accepted.Version = t.Version;
            _accepted.Crc = t.Crc;
            _accepted.Bins = t.Bins;
            _writer.Reset(reply, FrameFormat.PayloadOffset, replyLimit);
            _accepted.Write(_writer);
            return _writer.Length;
        }

        private int WriteTable(FfpTableData t, byte[] reply, int replyLimit)
        {
            RequestCheck.ReplyFits("FfpTable", "the table", t.WireLength, replyLimit);
            _writer.Reset(reply, FrameFormat.PayloadOffset, replyLimit);
            t.Write(_writer);
            return _writer.Length;
        }
    }
}
