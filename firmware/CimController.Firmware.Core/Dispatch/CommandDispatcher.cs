using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// Answers one decoded request frame: Hello, Reset, ReadConductance, Vmm, Stats and (protocol 1.2) Pulse,
    /// WriteVerify and the FFP messages; anything else
    /// is <see cref="ErrorCode.UnknownMessage"/>. Every failure becomes an Error reply with the request's
    /// sequence number and a message naming the field, the value and the accepted range. Replies carry
    /// <see cref="FrameFlags.Reply"/>. Not thread-safe: the frame server calls it from one thread.
    /// </summary>
    public sealed class CommandDispatcher
    {
        /// <summary>An Error reply always has room for this many message bytes, whatever the payload limit.</summary>
        public const int ErrorMessageRoom = 255;

        private readonly ICimBoard _board;
        private readonly FirmwareConfig _config;
        private readonly FirmwareStats _stats;
        private readonly IClock _clock;
        private readonly long _startMs;
        private readonly VmmCommand _vmm;
        private readonly ConductanceCommand _conductance;
        private readonly PulseGuard _guard;
        private readonly ProgressReporter _progress;
        private readonly RequestBudget _budget;
        private readonly PulseCommand _pulse;
        private readonly WriteVerify _writeVerify;
        private readonly FfpCalibration _ffpCalibration;
        private readonly FfpTable _ffpTable;
        private readonly WriteVerifyCommand _writeVerifyCommand;
        private readonly FfpCommand _ffp;
        private TrainingCommand? _training;
        private readonly ForwardCommand _forward;
        private readonly PayloadReader _reader = new PayloadReader();
        private readonly PayloadWriter _writer = new PayloadWriter();
        private readonly HelloMessage _hello = new HelloMessage();
        private readonly InfoMessage _info = new InfoMessage();
        private readonly StatsMessage _statsMessage = new StatsMessage();
        private readonly ResetReply _resetReply = new ResetReply();
        private readonly ErrorMessage _error = new ErrorMessage();
        private int _hostMaxPayload;

        /// <summary>Creates the dispatcher over an initialised board driver.</summary>
        public CommandDispatcher(ICimBoard board, FirmwareConfig config, FirmwareStats stats, IClock clock)
        {
            _board = board;
            _config = config;
            _stats = stats;
            _clock = clock;
            _startMs = clock.NowMs;
            _vmm = new VmmCommand(board, stats);
            _conductance = new ConductanceCommand(board, stats);
            _guard = new PulseGuard(board, config);
            _progress = new ProgressReporter(clock, config);
            _budget = new RequestBudget(clock);
            _pulse = new PulseCommand(_guard, _progress);
            _writeVerify = new WriteVerify(_guard, clock, _progress, _budget);
            _ffpCalibration = new FfpCalibration(_guard, config, clock, _progress, _budget);
            _ffpTable = new FfpTable(_guard, config, _ffpCalibration);
            _writeVerifyCommand = new WriteVerifyCommand(_writeVerify, board);
            _ffp = new FfpCommand(_ffpCalibration, _ffpTable, new FfpProgrammer(_guard, _ffpTable, clock, _progress, _budget));
            _hostMaxPayload = config.MaxPayload;
            _forward = new ForwardCommand(board, clock);
            _forward.MemoryLimitBytes = config.ForwardMemoryLimitBytes;
        }

        /// <summary>The edge-inference handler (NetworkLoad, Forward, NetworkStatus); its MemoryLimitBytes bounds a program's buffers.</summary>
        public ForwardCommand Inference { get { return _forward; } }

        /// <summary>
        /// The host link Progress frames of long commands (WriteVerify, FFP) are written to while a request
        /// runs; the frame server sets it for the link it serves. Null: no progress frames.
        /// </summary>
        public IHostLink? ProgressLink
        {
            get { return _progress.Link; }
            set { _progress.Link = value; }
        }

        /// <summary>
        /// True once a progress frame of a long command could not be written to <see cref="ProgressLink"/>: the host has
        /// gone and the frame server stops serving that link.
        /// </summary>
        public bool ProgressLinkLost { get { return _progress.LinkLost; } }

        /// <summary>The guard every programming pulse goes through (its pulse count).</summary>
        public PulseGuard PulseGuard { get { return _guard; } }

        /// <summary>The FFP table holder.</summary>
        public FfpTable FfpTable { get { return _ffpTable; } }

        /// <summary>The FFP calibration store.</summary>
        public FfpCalibration FfpCalibration { get { return _ffpCalibration; } }

        /// <summary>Reports the free managed heap in Stats; null: not reported.</summary>
        public IHeapGauge? HeapGauge { get; set; }

        /// <summary>Bytes a reply buffer passed to <see cref="Dispatch"/> must hold.</summary>
        public int ReplyBufferLength
        {
            get
            {
                int payload = _config.MaxPayload;
                if (payload < ErrorMessageRoom + 4)
                {
                    payload = ErrorMessageRoom + 4;
                }
                return FrameFormat.Overhead + payload;
            }
        }

        /// <summary>Largest reply payload: the firmware's own limit, lowered by the host's limit from Hello.</summary>
        public int ReplyLimit
        {
            get { return _hostMaxPayload < _config.MaxPayload ? _hostMaxPayload : _config.MaxPayload; }
        }

        /// <summary>
        /// Handles the CRC-checked frame in <paramref name="frame"/> (header at 0, payload of
        /// <paramref name="payloadLength"/> bytes at <see cref="FrameFormat.PayloadOffset"/>); writes the
        /// reply frame at the start of <paramref name="reply"/> and returns its length.
        /// </summary>
        public int Dispatch(byte[] frame, int payloadLength, byte[] reply)
        {
            int sequence = ByteOrder.ReadUInt16(frame, FrameFormat.SequenceOffset);
            byte type = frame[FrameFormat.TypeOffset];
            _stats.FramesReceived++;
            long now = _clock.NowMs;
            _progress.SetRequest(sequence, MessageType.ReplyOf(type), now);
            _budget.Start(now);
            try
            {
                int length;
                switch (type)
                {
                    case MessageType.Hello:
                        length = HandleHello(frame, payloadLength, reply);
                        break;
                    case MessageType.Reset:
                        length = HandleReset(reply);
                        break;
                    case MessageType.ReadConductance:
                        length = _conductance.Execute(frame, payloadLength, reply, ReplyLimit);
                        break;
                    case MessageType.Vmm:
                        length = _vmm.Execute(frame, payloadLength, reply, ReplyLimit);
                        break;
                    case MessageType.Stats:
                        length = HandleStats(reply);
                        break;
                    case MessageType.Pulse:
                        length = _pulse.Execute(frame, payloadLength, reply, ReplyLimit);
                        break;
                    case MessageType.WriteVerify:
                        length = _writeVerifyCommand.Execute(frame, payloadLength, reply, ReplyLimit);
                        break;
                    case MessageType.FfpCalibrate:
                    case MessageType.FfpTableGet:
                    case MessageType.FfpTableSet:
                    case MessageType.FfpBuildTable:
                    case MessageType.FfpSweep:
                    case MessageType.FfpProgram:
                    case MessageType.FfpApplyGroup:
                        length = _ffp.Execute(type, frame, payloadLength, reply, ReplyLimit);
                        break;
                    case MessageType.TrainConfigure:
                    case MessageType.TrainLoad:
                    case MessageType.TrainUpdate:
                    case MessageType.TrainStateGet:
                    case MessageType.TrainStatus:
                        if (_training == null)
                        {
                            _training = new TrainingCommand(new WriteVerifyPairWriter(_writeVerify), _stats, _board.Tiles, _board.Rows, _board.Columns);
                            _training.MemoryLimitBytes = _config.TrainMemoryLimitBytes;
                        }
                        length = _training.Execute(type, frame, payloadLength, reply, ReplyLimit);
                        break;
                    case MessageType.NetworkLoad:
                    case MessageType.Forward:
                    case MessageType.NetworkStatus:
                        length = _forward.Execute(type, frame, payloadLength, reply, ReplyLimit);
                        break;
                    default:
                        return WriteError(reply, sequence, type, ErrorCode.UnknownMessage,
                            "message type " + MessageType.Name(type) + " is not one this firmware serves (Hello 0x01, Reset 0x02, ReadConductance 0x03, Vmm 0x04, Stats 0x05, Pulse 0x06, WriteVerify 0x07, FfpCalibrate 0x08, FfpTableGet 0x09, FfpTableSet 0x0A, FfpBuildTable 0x0B, FfpSweep 0x0C, FfpProgram 0x0D, FfpApplyGroup 0x0E, Train* 0x10-0x14, NetworkLoad 0x20, Forward 0x21, NetworkStatus 0x22)");
                }
                _stats.FramesSent++;
                return FrameEncoder.Seal(reply, 0, length, sequence, MessageType.ReplyOf(type), FrameFlags.Reply);
            }
            catch (ProtocolException e)
            {
                return WriteError(reply, sequence, type, e.Code, e.Message);
            }
            catch (HostLinkLostException e)
            {
                // Nobody will read it (the frame server stops serving the link); HandleFrame callers see why the command stopped.
                return WriteError(reply, sequence, type, ErrorCode.Internal, e.Message);
            }
            catch (System.Exception e)
            {
                return WriteError(reply, sequence, type, ErrorCode.Internal,
                    "internal fault while handling " + MessageType.Name(type) + ": " + e.Message);
            }
        }

        /// <summary>
        /// Writes an Error reply frame (u16 code, u8 request type, message cut to fit) at the start of
        /// <paramref name="reply"/> and returns its length.
        /// </summary>
        public int WriteError(byte[] reply, int sequence, int requestType, int code, string message)
        {
            int room = ReplyLimit - 4;
            if (room > ErrorMessageRoom)
            {
                room = ErrorMessageRoom;
            }
            if (room < 0)
            {
                room = 0;
            }
            _error.Code = code;
            _error.RequestType = requestType & 0xFF;
            _error.Message = AsciiPrefix(message, room);
            _writer.Reset(reply, FrameFormat.PayloadOffset, ReplyBufferLength - FrameFormat.Overhead);
            _error.Write(_writer);
            _stats.FramesSent++;
            _stats.ErrorsSent++;
            return FrameEncoder.Seal(reply, 0, _writer.Length, sequence, MessageType.Error, FrameFlags.Reply);
        }

        /// <summary>
        /// At most <paramref name="max"/> characters of <paramref name="text"/> with every non-ASCII character
        /// replaced by '?', so that its UTF-8 length equals its character count and it always fits the reply.
        /// </summary>
        private static string AsciiPrefix(string text, int max)
        {
            if (text == null)
            {
                return "";
            }
            int n = text.Length < max ? text.Length : max;
            bool clean = n == text.Length;
            for (int i = 0; i < n && clean; i++)
            {
                if (text[i] > 0x7E || text[i] < 0x20)
                {
                    clean = false;
                }
            }
            if (clean)
            {
                return text;
            }
            char[] chars = new char[n];
            for (int i = 0; i < n; i++)
            {
                char c = text[i];
                chars[i] = c > 0x7E || c < 0x20 ? '?' : c;
            }
            return new string(chars);
        }

        /// <summary>Forgets what the last Hello negotiated (a new host connection starts).</summary>
        public void ResetSession()
        {
            _hostMaxPayload = _config.MaxPayload;
        }

        private int HandleHello(byte[] frame, int payloadLength, byte[] reply)
        {
            RequestCheck.Length("Hello", "protocol version, max payload and client name", payloadLength, 7);
            _reader.Reset(frame, FrameFormat.PayloadOffset, payloadLength);
            _hello.Read(_reader);
            if (_hello.ProtocolMajor != ProtocolVersion.Major)
            {
                throw new ProtocolException(ErrorCode.VersionMismatch,
                    "Hello protocol version " + _hello.ProtocolMajor.ToString() + "." + _hello.ProtocolMinor.ToString() +
                    " of host '" + _hello.ClientName + "' differs in major version from the firmware's " +
                    ProtocolVersion.Major.ToString() + "." + ProtocolVersion.Minor.ToString() + "; accepted: " +
                    ProtocolVersion.Major.ToString() + ".x");
            }
            if (_hello.MaxPayload < HelloMessage.MinHostMaxPayload)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "Hello max payload " + _hello.MaxPayload.ToString() + " of host '" + _hello.ClientName + "' is outside " +
                    HelloMessage.MinHostMaxPayload.ToString() + ".." + FrameFormat.MaxPayloadLimit.ToString() +
                    " (every fixed-size reply must fit); the reply limit stays " + ReplyLimit.ToString());
            }
            // The Info reply is built first and must fit the limit the host asks for; the connection's limit changes only after that.
            int limit = _hello.MaxPayload < _config.MaxPayload ? _hello.MaxPayload : _config.MaxPayload;
            InfoMessage info = _info;
            info.FirmwareVersion = _config.FirmwareVersion;
            info.BoardKind = _config.BoardKind;
            info.ProfileName = _config.ProfileName;
            info.Tiles = _board.Tiles;
            info.Rows = _board.Rows;
            info.Columns = _board.Columns;
            info.RowDacBits = _board.RowDacBits;
            info.AdcBits = _board.AdcBits;
            info.WordLineDacBits = _board.WordLineDacBits;
            info.ColumnsPerAdc = _board.ColumnsPerAdc;
            info.AdcFullScaleNanoamps = _board.AdcFullScaleNanoamps;
            info.ReadMillivolts = (int)((_board.ReadMicrovolts + 500) / 1000);
            info.MaxSetMillivolts = _config.MaxSetMillivolts;
            info.MaxResetMillivolts = _config.MaxResetMillivolts;
            info.MinPulseWidthNs = _config.MinPulseWidthNs;
            info.MaxPulseWidthNs = _config.MaxPulseWidthNs;
            info.MaxPayload = _config.MaxPayload;
            info.ClockKilohertz = _board.ClockKilohertz;
            info.SenseLsbPicoamps = _board.SenseLsbPicoamps;
            _writer.Reset(reply, FrameFormat.PayloadOffset, ReplyBufferLength - FrameFormat.Overhead);
            info.Write(_writer);
            if (_writer.Length > limit)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "Hello max payload " + _hello.MaxPayload.ToString() + " is smaller than this firmware's Info reply of " + _writer.Length.ToString() +
                    " bytes; accepted " + _writer.Length.ToString() + ".." + FrameFormat.MaxPayloadLimit.ToString() + "; the reply limit stays " + ReplyLimit.ToString());
            }
            _hostMaxPayload = _hello.MaxPayload;
            return _writer.Length;
        }

        private int HandleReset(byte[] reply)
        {
            _board.SoftReset();
            _board.Init(_config.ReadMillivolts);
            _stats.Resets++;
            _resetReply.Resets = _stats.Resets;
            _writer.Reset(reply, FrameFormat.PayloadOffset, ReplyLimit);
            _resetReply.Write(_writer);
            return _writer.Length;
        }

        private int HandleStats(byte[] reply)
        {
            StatsMessage m = _statsMessage;
            m.FramesReceived = _stats.FramesReceived;
            m.FramesSent = _stats.FramesSent;
            m.ErrorsSent = _stats.ErrorsSent;
            m.CrcErrors = _stats.CrcErrors;
            m.SkippedBytes = _stats.SkippedBytes;
            m.VmmCommands = _stats.VmmCommands;
            m.CellReads = _stats.CellReads;
            m.Resets = _stats.Resets;
            m.TileOps = _board.ReadTileOps();
            m.ChipCycles = _board.ReadCycles();
            m.EnergyPicojoules = _board.ReadEnergyPicojoules();
            m.PulsesApplied = _board.ReadPulses();
            m.UptimeMs = (uint)(_clock.NowMs - _startMs);
            m.Truncations = _stats.Truncations;
            IHeapGauge? heap = HeapGauge;
            m.HeapFreeBytes = heap != null ? heap.FreeBytes : StatsMessage.HeapNotReported;
            _writer.Reset(reply, FrameFormat.PayloadOffset, ReplyLimit);
            m.Write(_writer);
            return _writer.Length;
        }
    }
}
