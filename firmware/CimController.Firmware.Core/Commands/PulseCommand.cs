using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// The Pulse command (characterisation): identical pulses on one cell through <see cref="PulseGuard"/>
    /// (refused with PulseLimit beyond the profile's limits, nothing applied), then a read of the cell:
    /// conductance in nS and resistance in milliohms. Bursts longer than <see cref="BurstLimitNs"/> in total go
    /// one pulse at a time with Progress frames (the paper's 2 s pulses), shorter ones as one board command. A burst whose
    /// pulses alone (count x the width the board applies) last longer than <see cref="CommandCaps.RequestMs"/> is refused;
    /// one applied pulse by pulse stops after the pulse in flight when its host has gone.
    /// </summary>
    public sealed class PulseCommand
    {
        /// <summary>Pulse bursts longer than this (width x count) are applied one pulse at a time with progress frames.</summary>
        public const ulong BurstLimitNs = 100000000UL;

        private readonly PulseGuard _guard;
        private readonly ProgressReporter _progress;
        private readonly PulseRequest _request = new PulseRequest();
        private readonly PulseReply _answer = new PulseReply();
        private readonly PayloadReader _reader = new PayloadReader();
        private readonly PayloadWriter _writer = new PayloadWriter();

        /// <summary>Creates the command.</summary>
        public PulseCommand(PulseGuard guard, ProgressReporter progress)
        {
            _guard = guard;
            _progress = progress;
        }

        /// <summary>
        /// Refuses (OutOfRange) <paramref name="count"/> pulses of <paramref name="appliedWidthNs"/> each that together last
        /// longer than the firmware's cap per request, <see cref="CommandCaps.RequestMs"/>.
        /// </summary>
        public static void CheckTrainTime(string message, int count, ulong appliedWidthNs)
        {
            ulong totalNs = (ulong)count * appliedWidthNs;
            if (totalNs > (ulong)CommandCaps.RequestMs * 1000000UL)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    message + " of " + count.ToString() + " pulses of " + appliedWidthNs.ToString() + " ns lasts " + (totalNs / 1000000UL).ToString() +
                    " ms, more than the firmware's cap of " + CommandCaps.RequestMs.ToString() + " ms per request; send fewer pulses per request");
            }
        }

        /// <summary>Executes a Pulse request; writes the PulseResult payload and returns its length.</summary>
        public int Execute(byte[] frame, int payloadLength, byte[] reply, int replyLimit)
        {
            ICimBoard board = _guard.Board;
            RequestCheck.Length("Pulse", "cell, amplitude, width, count and averages", payloadLength, PulseRequest.Length);
            _reader.Reset(frame, FrameFormat.PayloadOffset, payloadLength);
            _request.Read(_reader);
            PulseRequest q = _request;
            RequestCheck.Range("Pulse", "tile", q.Tile, 0, board.Tiles - 1);
            RequestCheck.Range("Pulse", "row", q.Row, 0, board.Rows - 1);
            RequestCheck.Range("Pulse", "column", q.Col, 0, board.Columns - 1);
            RequestCheck.Range("Pulse", "count", q.Count, 1, 65535);
            RequestCheck.Range("Pulse", "reads to average", q.Averages, 1, PulseGuard.MaxAverages);
            _guard.Check("Pulse", q.Millivolts, q.WidthNs);
            CheckTrainTime("Pulse", q.Count, _guard.CheckWidth("Pulse", q.WidthNs));
            board.SelectTile(q.Tile);
            if ((ulong)q.WidthNs * (ulong)q.Count <= BurstLimitNs)
            {
                _guard.Apply("Pulse", q.Row, q.Col, q.Millivolts, q.WidthNs, q.Count);
            }
            else
            {
                _progress.Begin((uint)q.Count, 0);
                for (int i = 0; i < q.Count; i++)
                {
                    _guard.Apply("Pulse", q.Row, q.Col, q.Millivolts, q.WidthNs, 1);
                    _progress.Report((uint)(i + 1), (uint)(i + 1));
                }
            }
            ulong sum = _guard.ReadSum(q.Row, q.Col, q.Averages);
            _answer.Count = q.Count;
            _answer.Nanosiemens = _guard.Nanosiemens(sum, q.Averages);
            _answer.Milliohms = _guard.Milliohms(sum, q.Averages);
            _writer.Reset(reply, FrameFormat.PayloadOffset, replyLimit);
            _answer.Write(_writer);
            return _writer.Length;
        }
    }
}
