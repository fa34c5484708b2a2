using CimController.Protocol;
using CimController.Protocol.Board;

namespace CimController.Firmware
{
    /// <summary>
    /// The firmware: a board (<see cref="ICimBoard"/>: the register-map board over SPI, or the discrete
    /// DAC/ADC board), the <see cref="CommandDispatcher"/> and
    /// the <see cref="FrameServer"/> link loop. The constructor identifies the board (and throws a
    /// <see cref="BoardException"/> when none answers); <see cref="Serve"/> then answers a host link.
    /// </summary>
    public sealed class Controller
    {
        private readonly FirmwareConfig _config;
        private readonly ICimBoard _board;
        private readonly FirmwareStats _stats = new FirmwareStats();
        private readonly CommandDispatcher _dispatcher;
        private readonly FrameServer _server;
        private FrameDecoder? _directDecoder;

        /// <summary>Creates the firmware over the register-map board of boards/SPI-REGISTER-MAP.md on <paramref name="bus"/> and initialises it.</summary>
        public Controller(ISpiBus bus, IClock clock, FirmwareConfig config)
            : this(RegisterMapBoardOn(bus, config), clock, config)
        {
        }

        private static ICimBoard RegisterMapBoardOn(ISpiBus bus, FirmwareConfig config)
        {
            if (bus == null)
            {
                throw new System.ArgumentNullException("bus");
            }
            if (config == null)
            {
                throw new System.ArgumentNullException("config");
            }
            return new RegisterMapBoard(new BoardDriver(bus, config.BoardPollLimit), config);
        }

        /// <summary>Creates the firmware over any board and initialises it.</summary>
        public Controller(ICimBoard board, IClock clock, FirmwareConfig config)
        {
            if (board == null)
            {
                throw new System.ArgumentNullException("board");
            }
            if (clock == null)
            {
                throw new System.ArgumentNullException("clock");
            }
            if (config == null)
            {
                throw new System.ArgumentNullException("config");
            }
            _config = config;
            _board = board;
            _board.Init(config.ReadMillivolts);
            _dispatcher = new CommandDispatcher(_board, config, _stats, clock);
            _server = new FrameServer(_dispatcher, _stats, clock, config);
        }

        /// <summary>The configuration the firmware runs with.</summary>
        public FirmwareConfig Config { get { return _config; } }

        /// <summary>The board (geometry and counters after initialisation).</summary>
        public ICimBoard Board { get { return _board; } }

        /// <summary>The firmware's own counters.</summary>
        public FirmwareStats Stats { get { return _stats; } }

        /// <summary>The platform's heap gauge, reported in Stats (null: not reported). Set it before serving.</summary>
        public IHeapGauge? HeapGauge
        {
            get { return _dispatcher.HeapGauge; }
            set { _dispatcher.HeapGauge = value; }
        }

        /// <summary>Bytes a reply buffer passed to <see cref="HandleFrame"/> must hold.</summary>
        public int ReplyBufferLength { get { return _dispatcher.ReplyBufferLength; } }

        /// <summary>Serves one host link until it closes, a write fails, or <see cref="Stop"/> is called.</summary>
        public void Serve(IHostLink link)
        {
            if (link == null)
            {
                throw new System.ArgumentNullException("link");
            }
            _server.Serve(link);
        }

        /// <summary>
        /// Makes <see cref="Serve"/> return within one link read timeout (FirmwareConfig.LinkReadTimeoutMs);
        /// final: any later <see cref="Serve"/> returns at once.
        /// </summary>
        public void Stop()
        {
            _server.Stop();
        }

        /// <summary>
        /// Handles one complete wire frame without a link (tests, other transports): the frame is checked
        /// like on the link (markers, length, CRC) and answered; the reply frame is written at the start of
        /// <paramref name="reply"/> (at least <see cref="ReplyBufferLength"/> bytes) and its length returned.
        /// Not to be called while <see cref="Serve"/> runs on another thread.
        /// </summary>
        public int HandleFrame(byte[] frame, int frameLength, byte[] reply)
        {
            if (_directDecoder == null)
            {
                _directDecoder = new FrameDecoder(_config.MaxPayload);
            }
            FrameDecoder d = _directDecoder;
            d.Reset();
            d.Push(frame, 0, frameLength);
            if (d.Status == DecodeStatus.Frame)
            {
                return _dispatcher.Dispatch(d.Frame, d.PayloadLength, reply);
            }
            int sequence = d.Sequence < 0 ? 0 : d.Sequence;
            int type = d.Sequence < 0 ? 0 : d.MessageType;
            if (d.Status == DecodeStatus.Error)
            {
                if (d.Error == ErrorCode.BadCrc)
                {
                    _stats.CrcErrors++;
                }
                return _dispatcher.WriteError(reply, sequence, type, d.Error,
                    "frame rejected: " + ErrorCode.Name(d.Error) + " (length field " + d.PayloadLength.ToString() +
                    ", max payload " + d.MaxPayload.ToString() + ")");
            }
            _stats.Truncations++;
            return _dispatcher.WriteError(reply, sequence, type, ErrorCode.Truncated,
                "frame of " + frameLength.ToString() + " bytes is incomplete");
        }
    }
}
