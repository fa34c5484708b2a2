using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// The update accumulator's pair writer over the firmware's one write-verify algorithm (<see cref="WriteVerify"/>, Wu 2023
    /// Fig. S2): each pair write is a two-cell WriteVerify request (G+ and G- as a cell list) built in a preallocated frame and
    /// executed in-process, so training uses exactly the ISPP of the WriteVerify command, with the training limit of set-reset
    /// trials (Wu 2023: two). Pulse trains, width and budgets are the WriteVerify defaults (<see cref="Settings"/>).
    /// Allocates nothing per write.
    /// </summary>
    public sealed class WriteVerifyPairWriter : IPairWriter
    {
        private const int Cells = 2;

        private readonly WriteVerify _writeVerify;
        private readonly PayloadWriter _writer = new PayloadWriter();
        private readonly byte[] _frame = new byte[FrameFormat.Overhead + WriteVerifyRequest.HeaderLength + 2 + Cells * WriteVerifyRequest.ListCellBytes];
        private readonly byte[] _reply = new byte[FrameFormat.Overhead + WriteVerifyReply.HeaderLength + Cells * WriteVerifyReply.CellBytes + 16];

        /// <summary>Creates the writer over <paramref name="writeVerify"/>.</summary>
        public WriteVerifyPairWriter(WriteVerify writeVerify)
        {
            _writeVerify = writeVerify;
            Settings.ProgressEveryCells = 0;
        }

        /// <summary>Pulse trains and budgets of every pair write (WriteVerify defaults; tile, mode, trials, tolerance and reads are set per write).</summary>
        public readonly WriteVerifyRequest Settings = new WriteVerifyRequest();

        /// <inheritdoc />
        public void WritePair(int tile, int row, int column, uint plusNs, uint minusNs, int maxTrials, uint toleranceNs, int averages, PairWriteResult result)
        {
            WriteVerifyRequest q = Settings;
            q.Tile = tile;
            q.Mode = WriteVerifyMode.CellList;
            q.MaxTrials = maxTrials;
            q.ToleranceNs = toleranceNs;
            q.Averages = averages;
            int p = FrameFormat.PayloadOffset;
            _writer.Reset(_frame, p, _frame.Length - p);
            q.WriteHeader(_writer);
            _writer.WriteUInt16(Cells);
            _writer.WriteUInt16(row);
            _writer.WriteUInt16(column);
            _writer.WriteUInt32(plusNs);
            _writer.WriteUInt16(row);
            _writer.WriteUInt16(column + 1);
            _writer.WriteUInt32(minusNs);
            _writeVerify.Execute(_frame, _writer.Length, _reply, _reply.Length - p);
            int plusAt = p + WriteVerifyReply.HeaderLength;
            int minusAt = plusAt + WriteVerifyReply.CellBytes;
            int s1 = _reply[plusAt];
            int s2 = _reply[minusAt];
            result.Status = s1 != WriteVerifyStatus.InBand ? s1 : s2;
            int t1 = _reply[plusAt + 1];
            int t2 = _reply[minusAt + 1];
            result.Trials = t1 > t2 ? t1 : t2;
            result.Pulses = ByteOrder.ReadUInt16(_reply, plusAt + 2) + ByteOrder.ReadUInt16(_reply, minusAt + 2);
            result.PlusNs = ByteOrder.ReadUInt32(_reply, plusAt + 4);
            result.MinusNs = ByteOrder.ReadUInt32(_reply, minusAt + 4);
        }
    }
}
