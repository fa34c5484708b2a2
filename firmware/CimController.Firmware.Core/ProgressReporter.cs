using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// Sends Progress frames (<see cref="ProgressMessage"/>, flags Reply | Progress, the request's sequence
    /// number and reply type) from long commands: every <c>every</c> units and at least every
    /// <see cref="FirmwareConfig.ProgressIntervalMs"/>. Without a link (direct frame handling) it only counts.
    /// Its frame buffer is allocated once; a link that fails on write is dropped for the rest of the command.
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

        /// <summary>Creates the reporter.</summary>
        public ProgressReporter(IClock clock, FirmwareConfig config)
        {
            _clock = clock;
            _config = config;
        }

        /// <summary>The host link progress frames go to; null: none are sent.</summary>
        public IHostLink? Link;

        /// <summary>Progress frames sent since start.</summary>
        public uint FramesSent;

        /// <summary>Frames sent in the current command.</summary>
        public int CommandFrames;

        /// <summary>Sets the request the next reports belong to (the dispatcher calls it per request).</summary>
        public void SetRequest(int sequence, byte replyType)
        {
            _sequence = sequence;
            _type = replyType;
        }

        /// <summary>Starts a command of <paramref name="total"/> units, reporting every <paramref name="every"/> units (0: by time only).</summary>
        public void Begin(uint total, int every)
        {
            _total = total;
            _every = every;
            _lastDone = 0;
            _lastMs = _clock.NowMs;
            CommandFrames = 0;
        }

        /// <summary>Sends a progress frame when <paramref name="done"/> advanced by the step or the interval elapsed.</summary>
        public void Report(uint done, uint pulses)
        {
            long now = _clock.NowMs;
            bool byCount = _every > 0 && done - _lastDone >= (uint)_every;
            bool byTime = now - _lastMs >= _config.ProgressIntervalMs;
            if (!byCount && !byTime)
            {
                return;
            }
            _lastDone = done;
            _lastMs = now;
            IHostLink? link = Link;
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
                Link = null;
            }
        }
    }
}
