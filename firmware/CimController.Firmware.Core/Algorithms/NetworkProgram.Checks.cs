using CimController.Protocol;

namespace CimController.Firmware
{
    /// <summary>The checks <see cref="NetworkProgram.Parse"/> applies while it reads a program: slot placement against the board and the layer, activation size against the memory limit, bytes left in the program, and the op-naming error they throw.</summary>
    public sealed partial class NetworkProgram
    {
        private void CheckSlot(int op, int s, int at, int fanIn, int outputs, ICimBoard board)
        {
            if (SlotTile[at] >= board.Tiles)
            {
                throw OpError(op, "slot " + s.ToString() + " tile " + SlotTile[at].ToString() + " is outside 0.." + (board.Tiles - 1).ToString());
            }
            if (SlotRows[at] < 1 || SlotRow0[at] + SlotCopies[at] * SlotRows[at] > board.Rows)
            {
                throw OpError(op, "slot " + s.ToString() + " tile rows " + SlotRow0[at].ToString() + "+" + SlotCopies[at].ToString() + "x" + SlotRows[at].ToString() + " do not fit the board's " + board.Rows.ToString() + " rows");
            }
            if (SlotOutputs[at] < 1 || SlotCol0[at] + 2 * SlotOutputs[at] > board.Columns)
            {
                throw OpError(op, "slot " + s.ToString() + " columns " + SlotCol0[at].ToString() + "+2x" + SlotOutputs[at].ToString() + " do not fit the board's " + board.Columns.ToString() + " columns");
            }
            if (SlotRowStart[at] + SlotRows[at] > fanIn || SlotOutStart[at] + SlotOutputs[at] > outputs)
            {
                throw OpError(op, "slot " + s.ToString() + " covers weight rows " + SlotRowStart[at].ToString() + "+" + SlotRows[at].ToString() + " and outputs " +
                    SlotOutStart[at].ToString() + "+" + SlotOutputs[at].ToString() + ", outside the layer's " + fanIn.ToString() + "x" + outputs.ToString() + " matrix");
            }
        }

        /// <summary>
        /// Refuses an activation of <paramref name="c"/> x <paramref name="h"/> x <paramref name="w"/> values (the input
        /// for <paramref name="op"/> -1, else op's output) whose two f32 buffers for one image alone exceed the memory limit.
        /// The product is taken in 64 bits, so the message carries the real figure; every activation that passes has at
        /// most limit / 8 values, which keeps the 32-bit size arithmetic after it exact.
        /// </summary>
        private static void CheckActivation(int op, int c, int h, int w, int memoryLimitBytes)
        {
            long values = (long)c * h * w;
            long bytes = 8L * values;
            if (bytes > memoryLimitBytes)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "NetworkLoad " + (op < 0 ? "input" : "op " + op.ToString() + " output") + " " + c.ToString() + "x" + h.ToString() + "x" + w.ToString() +
                    " = " + values.ToString() + " values needs " + bytes.ToString() + " bytes per image (two f32 activation buffers); this firmware allows " +
                    memoryLimitBytes.ToString() + " bytes of buffers in all");
            }
        }

        private void Need(int p, int bytes, int end, int op, string what)
        {
            if (p + bytes > end)
            {
                throw new ProtocolException(ErrorCode.Malformed, "NetworkLoad program ends inside op " + op.ToString() + " (" + what + "): " + bytes.ToString() + " more bytes needed");
            }
        }

        private ProtocolException OpError(int op, string text)
        {
            return new ProtocolException(ErrorCode.OutOfRange, "NetworkLoad op " + op.ToString() + ": " + text);
        }
    }
}
