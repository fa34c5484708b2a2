using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// The update accumulator's pair writer over the firmware's one write-verify algorithm (<see cref="WriteVerify"/>, Wu 2023
    /// Fig. S2): each pair write is one write-verify run over two cells (G+ at the column, G- at the next), so training uses
    /// exactly the ISPP of the WriteVerify command, with the training limit of set-reset trials (Wu 2023: two). Pulse
    /// trains, width and budgets are the WriteVerify defaults (<see cref="Settings"/>). Allocates nothing per write.
    /// </summary>
    public sealed class WriteVerifyPairWriter : IPairWriter
    {
        private readonly WriteVerify _writeVerify;
        private readonly WriteVerifyOutcome _plus = new WriteVerifyOutcome();
        private readonly WriteVerifyOutcome _minus = new WriteVerifyOutcome();

        /// <summary>Creates the writer over <paramref name="writeVerify"/>.</summary>
        public WriteVerifyPairWriter(WriteVerify writeVerify)
        {
            _writeVerify = writeVerify;
            Settings.ProgressEveryCells = 0;
            Settings.Mode = WriteVerifyMode.CellList;
            Settings.CellCount = 2;
        }

        /// <summary>Pulse trains and budgets of every pair write (WriteVerify defaults; tile, trials, tolerance and reads are set per write).</summary>
        public readonly WriteVerifyRequest Settings = new WriteVerifyRequest();

        /// <inheritdoc />
        public void WritePair(int tile, int row, int column, uint plusNanosiemens, uint minusNanosiemens, int maxTrials, uint toleranceNanosiemens, int averages, PairWriteResult result)
        {
            WriteVerifyRequest q = Settings;
            q.Tile = tile;
            q.MaxTrials = maxTrials;
            q.ToleranceNanosiemens = toleranceNanosiemens;
            q.Averages = averages;
            _writeVerify.Check(q);
            _writeVerify.CheckCell(row, column);
            _writeVerify.CheckCell(row, column + 1);
            _writeVerify.Begin(q);
            WriteVerifyOutcome plus = _plus;
            WriteVerifyOutcome minus = _minus;
            _writeVerify.Program(row, column, plusNanosiemens, plus);
            _writeVerify.Program(row, column + 1, minusNanosiemens, minus);
            _writeVerify.End();
            result.Status = plus.Status != WriteVerifyStatus.InBand ? plus.Status : minus.Status;
            result.Trials = plus.Trials > minus.Trials ? plus.Trials : minus.Trials;
            result.Pulses = plus.Pulses + minus.Pulses;
            result.PlusNanosiemens = plus.ConductanceNanosiemens;
            result.MinusNanosiemens = minus.ConductanceNanosiemens;
        }
    }
}
