using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>The refusals of <see cref="TrainingCommand"/>: the memory budget, the session token, a weight entry's address and values.</summary>
    public sealed partial class TrainingCommand
    {
        /// <summary>
        /// Refuses (OutOfRange) a session of no weights, or one whose state needs more than <see cref="MemoryLimitBytes"/>:
        /// the message names the weights, the bytes they need, the bytes allowed and the most weights that fit, and says
        /// what became of the previous session (kept: nothing has been touched yet).
        /// </summary>
        private void CheckMemory(uint weights, int capacity)
        {
            if (weights == 0)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "TrainConfigure weights 0 is outside 1.." + capacity.ToString() +
                    " (" + MemoryLimitBytes.ToString() + " bytes of training state at " + UpdateAccumulator.BytesPerWeight.ToString() + " bytes per weight)");
            }
            if (weights <= (uint)capacity)
            {
                return;
            }
            long need = UpdateAccumulator.BytesFor(weights);
            throw new ProtocolException(ErrorCode.OutOfRange, "TrainConfigure " + weights.ToString() + " weights need " + need.ToString() +
                " bytes of training state; this firmware allows " + MemoryLimitBytes.ToString() + " bytes (" + capacity.ToString() + " weights, " +
                UpdateAccumulator.BytesPerWeight.ToString() + " bytes each); nothing allocated, " +
                (_acc.Token == 0 ? "no session was active" : "session " + _acc.Token.ToString("X8") + " kept"));
        }

        private void CheckSession(string message, uint token)
        {
            if (_acc.Token == 0)
            {
                throw new ProtocolException(ErrorCode.NotReady, message + ": no training session (the firmware restarted or was never configured); send TrainConfigure and TrainLoad again");
            }
            if (_stats.Resets != _acc.ResetsAtStart)
            {
                throw new ProtocolException(ErrorCode.NotReady, message + ": the firmware was reset since session " + _acc.Token.ToString("X8") +
                    " began (resets " + _acc.ResetsAtStart.ToString() + " -> " + _stats.Resets.ToString() + "); configure and load the session again");
            }
            if (token != _acc.Token)
            {
                throw new ProtocolException(ErrorCode.NotReady, message + ": token " + token.ToString("X8") + " is not the active session " + _acc.Token.ToString("X8"));
            }
        }

        /// <summary>
        /// Refuses (OutOfRange) a TrainLoad entry whose pair lies outside the board (tile &lt; tiles, row &lt; rows, G+ column c
        /// and G- column c + 1 both &lt; columns) or whose W_FP or dW_FP is not a finite f32.
        /// </summary>
        private void CheckLoadEntry(TrainLoadEntry e, byte[] frame, int at, int index)
        {
            int tile = e.Tile;
            int row = e.Row;
            int col = e.Column;
            if (tile >= _tiles || row >= _rows || col + 1 >= _columns)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "TrainLoad weight " + index.ToString() + " pair at tile " + tile.ToString() +
                    " row " + row.ToString() + " columns " + col.ToString() + "," + (col + 1).ToString() + " is outside the board: tile 0.." +
                    (_tiles - 1).ToString() + ", row 0.." + (_rows - 1).ToString() + ", G+ column 0.." + (_columns - 2).ToString() +
                    " (G- is the next column); nothing of this chunk was loaded");
            }
            if (!RequestCheck.IsFiniteSingle(frame, at + TrainLoadEntry.WeightOffset))
            {
                throw RequestCheck.NonFiniteSingle("TrainLoad", "weight " + index.ToString() + " W_FP", frame, at + TrainLoadEntry.WeightOffset, "; nothing of this chunk was loaded");
            }
            if (!RequestCheck.IsFiniteSingle(frame, at + TrainLoadEntry.AccumulatorOffset))
            {
                throw RequestCheck.NonFiniteSingle("TrainLoad", "weight " + index.ToString() + " dW_FP", frame, at + TrainLoadEntry.AccumulatorOffset, "; nothing of this chunk was loaded");
            }
        }
    }
}
