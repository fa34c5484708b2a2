using CimController.Protocol;
using CimController.Protocol.Board;

namespace CimController.Firmware
{
    /// <summary>The analog MAC of <see cref="DiscreteBoardDriver"/>: rows driven to the inputs in one LDAC update, each column of the window converted once or N times summed.</summary>
    public sealed partial class DiscreteBoardDriver
    {
        /// <summary>
        /// Analog Vmm: per vector, the window's rows go to bias + V_read x x_r / 256 (rows outside the window stay at
        /// bias), one LDAC update, settle, then each column of the window is converted; output code =
        /// round(I_c / (full scale / 255)) clamped to 0..255.
        /// </summary>
        public void Mac(int tile, int row0, int rows, int col0, int cols, int vectors,
            byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            Multiply(tile, row0, rows, 1, col0, cols, vectors, 1, false, input, inputOffset, output, outputOffset);
        }

        /// <summary>
        /// <see cref="Mac"/> with the rows set once per vector and every column of the window converted
        /// <paramref name="conversions"/> (1..128) times in turn; writes the u16 little-endian sums of the output codes
        /// (2 bytes per code, vector-major). Each conversion counts as one tile operation.
        /// </summary>
        public void MacSummed(int tile, int row0, int rows, int col0, int cols, int vectors, int conversions,
            byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            MacArguments.CheckConversions(conversions, true);
            Multiply(tile, row0, rows, 1, col0, cols, vectors, conversions, true, input, inputOffset, output, outputOffset);
        }

        /// <summary>
        /// <see cref="Mac"/> or <see cref="MacSummed"/> with the window's rows in <paramref name="copies"/> copies of rows / copies
        /// rows, each row line set from the code of its place in its copy.
        /// </summary>
        public void MacRowCopies(int tile, int row0, int rows, int copies, int col0, int cols, int vectors, int conversions, bool summed,
            byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            MacArguments.CheckConversions(conversions, summed);
            MacArguments.CheckRowCopies(copies, rows);
            Multiply(tile, row0, rows, copies, col0, cols, vectors, conversions, summed, input, inputOffset, output, outputOffset);
        }

        private void Multiply(int tile, int row0, int rows, int copies, int col0, int cols, int vectors, int conversions, bool summed,
            byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            CheckWindow(tile, row0, rows, col0, cols);
            if (vectors < 1)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "MAC vector count " + vectors.ToString() + " is below 1");
            }
            int codeBytes = summed ? 2 : 1;
            int codes = rows / copies;
            if (input == null || output == null || inputOffset < 0 || inputOffset + vectors * codes > input.Length ||
                outputOffset < 0 || outputOffset + vectors * cols * codeBytes > output.Length)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "MAC input or output buffer too short for " + vectors.ToString() + " vectors");
            }
            long fullScalePa = (long)_def.MacFullScaleNanoamps * 1000;
            try
            {
                for (int v = 0; v < vectors; v++)
                {
                    int at = inputOffset + v * codes;
                    for (int r = 0; r < _def.Rows; r++)
                    {
                        int delta = 0;
                        if (r >= row0 && r < row0 + rows)
                        {
                            delta = (input[at + (r - row0) % codes] * _readCodes + 128) >> 8;
                        }
                        SetLine(_def.RowChannels[r], _biasCode + delta);
                    }
                    Commit(true);
                    for (int c = 0; c < cols; c++)
                    {
                        int sum = 0;
                        for (int k = 0; k < conversions; k++)
                        {
                            sum += OutputCode(col0 + c, fullScalePa);
                        }
                        int o = outputOffset + (v * cols + c) * codeBytes;
                        output[o] = (byte)sum;
                        if (summed)
                        {
                            output[o + 1] = (byte)(sum >> 8);
                        }
                    }
                    _tileOps += (uint)conversions;
                }
            }
            finally
            {
                RestRows();
            }
        }

        /// <summary>One conversion of a column as a u8 output code: round(I_c / (full scale / 255)) clamped to 0..255.</summary>
        private int OutputCode(int col, long fullScalePa)
        {
            long pa = (long)Sense(col) * SenseLsbPicoamps;
            long code = (pa * 255 + fullScalePa / 2) / fullScalePa;
            return code > 255 ? 255 : (int)code;
        }
    }
}
