using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// Sends Progress frames (<see cref="ProgressMessage"/>, flags Reply | Progress, the request's sequence
    /// number and reply type) from long commands: every <c>every</c> units and at least every
    /// <see cref="FirmwareConfig.ProgressIntervalMs"/>. Without a link (direct frame handling) it only counts.
    /// Its frame buffer is allocated once.
    /// <para>It is also how a command learns that its host has gone: the core cannot read the link while a command runs
    /// (that would eat the next request's bytes), but it writes a progress frame at least every ProgressIntervalMs, and a
    /// write that fails marks the link lost and throws <see cref="HostLinkLostException"/> out of the command (every
    /// caller reports right after a pulse has ended, so the board is at rest). A host that closed its end is seen within
    /// two progress intervals plus one pulse-and-read step: over TCP the first write after the peer's close can still be
    /// accepted by the local stack, the next one fails.</para>
    /// </summary>
    public sealed class ProgressReporter
    {
        private readonly IClock _clock;
        private readonly FirmwareConfig _config;
        private readonly byte[] _frame = new byte[FrameFormat.Overhead + ProgressMessage.PayloadLength];
        private readonly ProgressMessage _message = new ProgressMessage();
        private readonly PayloadWriter _writer = new PayloadWriter();
        private int _sequence;
        private byte _type;
        private uint _total;
        private int _every;
        private uint _lastDone;
        private long _lastMs;

        private IHostLink? _link;
        private bool _linkLost;

        /// <summary>Creates the reporter.</summary>
        public ProgressReporter(IClock clock, FirmwareConfig config)
        {
            _clock = clock;
            _config = config;
        }

        /// <summary>The host link progress frames go to; null: none are sent. Setting it clears <see cref="LinkLost"/>.</summary>
        public IHostLink? Link
        {
            get { return _link; }
            set
            {
                _link = value;
                _linkLost = false;
            }
        }

        /// <summary>True once a progress frame could not be written to <see cref="Link"/>: the host has gone.</summary>
        public bool LinkLost { get { return _linkLost; } }

        /// <summary>Progress frames sent since start.</summary>
        public uint FramesSent;

        /// <summary>Frames sent for the current request.</summary>
        public int CommandFrames;

        /// <summary>
        /// Sets the request the next reports belong to (the dispatcher calls it per request, with the time it arrived):
        /// the first frame by time comes one interval after <paramref name="nowMs"/>.
        /// </summary>
        public void SetRequest(int sequence, byte replyType, long nowMs)
        {
            _sequence = sequence;
            _type = replyType;
            _lastMs = nowMs;
            CommandFrames = 0;
        }

        /// <summary>
        /// Starts a command of <paramref name="total"/> units, reporting every <paramref name="every"/> units (0: by time only).
        /// The interval keeps running from the request's start, so the pair writes of one TrainUpdate, each a write-verify
        /// that begins anew, still send a frame every interval.
        /// </summary>
        public void Begin(uint total, int every)
        {
            _total = total;
            _every = every;
            _lastDone = 0;
        }

        /// <summary>
        /// Sends a progress frame when <paramref name="done"/> advanced by the step or the interval elapsed. Throws
        /// <see cref="HostLinkLostException"/> when the link fails on that write, or failed before.
        /// </summary>
        public void Report(uint done, uint pulses)
        {
            if (_linkLost)
            {
                throw Lost(done, pulses);
            }
            long now = _clock.NowMs;
            bool byCount = _every > 0 && done - _lastDone >= (uint)_every;
            bool byTime = now - _lastMs >= _config.ProgressIntervalMs;
            if (!byCount && !byTime)
            {
                return;
            }
            _lastDone = done;
            _lastMs = now;
            IHostLink? link = _link;
            if (link == null)
            {
                return;
            }
            _message.Done = done;
            _message.Total = _total;
            _message.Pulses = pulses;
            _writer.Reset(_frame, FrameFormat.PayloadOffset, ProgressMessage.PayloadLength);
            _message.Write(_writer);
            int n = FrameEncoder.Seal(_frame, 0, ProgressMessage.PayloadLength, _sequence, _type, (byte)(FrameFlags.Reply | FrameFlags.Progress));
            try
            {
                link.Write(_frame, 0, n);
                FramesSent++;
                CommandFrames++;
            }
            catch (System.IO.IOException)
            {
                _linkLost = true;
                throw Lost(done, pulses);
            }
        }

        private HostLinkLostException Lost(uint done, uint pulses)
        {
            return new HostLinkLostException("host link lost during request " + _sequence.ToString() + " (" + MessageType.Name(_type) +
                "): stopped after " + done.ToString() + " of " + _total.ToString() + " units and " + pulses.ToString() + " pulses, board at rest");
        }
    }
}
