using CimController.Protocol;
using CimController.Protocol.Board;

namespace CimController.Firmware
{
    /// <summary>The MAC commands of <see cref="BoardDriver"/>: single conversions and N conversions summed (map 1.2 CONVERSIONS, or N MACs summed here on a map-1.1 board).</summary>
    public sealed partial class BoardDriver
    {
        /// <summary>
        /// Multiplies <paramref name="vectors"/> input vectors (u8 row DAC codes, vector-major, <paramref name="rows"/>
        /// bytes each, from <paramref name="input"/>[<paramref name="inputOffset"/>]) through the window of
        /// <paramref name="tile"/>, writing <paramref name="cols"/> u8 ADC codes per vector to
        /// <paramref name="output"/>[<paramref name="outputOffset"/>]. Batches larger than the board's buffers are
        /// split into as few MAC commands as fit.
        /// </summary>
        public void Mac(int tile, int row0, int rows, int col0, int cols, int vectors,
            byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            CheckWindow(tile, row0, rows, col0, cols);
            if (vectors < 1)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "MAC vector count " + vectors.ToString() + " is below 1");
            }
            if (inputOffset < 0 || inputOffset + vectors * rows > input.Length || outputOffset < 0 || outputOffset + vectors * cols > output.Length)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "MAC input or output buffer too short for " + vectors.ToString() + " vectors");
            }
            int perChunk = VectorsPerMac(rows, cols);
            SetWindow(tile, row0, rows, col0, cols);
            int lastCount = -1;
            int done = 0;
            while (done < vectors)
            {
                int count = vectors - done;
                if (count > perChunk)
                {
                    count = perChunk;
                }
                if (count != lastCount)
                {
                    WriteRegister(BoardRegister.VectorCount, (uint)count);
                    lastCount = count;
                }
                WriteBuffer(SpiBuffer.Input, 0, input, inputOffset + done * rows, count * rows);
                RunCommand(BoardCommand.Mac, "MAC");
                ReadBuffer(SpiBuffer.Output, 0, output, outputOffset + done * cols, count * cols);
                done += count;
            }
        }

        /// <summary>True when the board has the CONVERSIONS register (map 1.2 or newer).</summary>
        public bool HasConversionsRegister { get { return MapVersion >= BoardRegister.ConversionsVersion; } }

        /// <summary>
        /// <see cref="Mac"/> with <paramref name="conversions"/> (1..128) conversions of every (vector, column), writing the
        /// u16 little-endian sums of the codes (2 bytes per code, vector-major) to <paramref name="output"/>[<paramref name="outputOffset"/>].
        /// Each batch of vectors is written to INPUT once. Map 1.2 with more than one conversion: CONVERSIONS = N and one MAC
        /// per batch (the board sums), CONVERSIONS back to 1 afterwards; otherwise (map 1.1, or one conversion) N single MACs
        /// whose codes are added into <paramref name="output"/> straight from the SPI receive buffer (no other buffer).
        /// </summary>
        public void MacSummed(int tile, int row0, int rows, int col0, int cols, int vectors, int conversions,
            byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            CheckWindow(tile, row0, rows, col0, cols);
            if (conversions < 1 || conversions > BoardRegister.MaxConversions)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "MAC conversions per vector " + conversions.ToString() + " is outside 1.." + BoardRegister.MaxConversions.ToString());
            }
            if (vectors < 1)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "MAC vector count " + vectors.ToString() + " is below 1");
            }
            if (inputOffset < 0 || inputOffset + vectors * rows > input.Length || outputOffset < 0 || outputOffset + vectors * cols * 2 > output.Length)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "MAC input or output buffer too short for " + vectors.ToString() + " vectors of u16 sums");
            }
            bool onBoard = conversions > 1 && HasConversionsRegister;
            int perChunk = VectorsPerMac(rows, onBoard ? 2 * cols : cols);
            SetWindow(tile, row0, rows, col0, cols);
            if (onBoard)
            {
                WriteRegister(BoardRegister.Conversions, (uint)conversions);
            }
            try
            {
                int lastCount = -1;
                int done = 0;
                while (done < vectors)
                {
                    int count = vectors - done;
                    if (count > perChunk)
                    {
                        count = perChunk;
                    }
                    if (count != lastCount)
                    {
                        WriteRegister(BoardRegister.VectorCount, (uint)count);
                        lastCount = count;
                    }
                    WriteBuffer(SpiBuffer.Input, 0, input, inputOffset + done * rows, count * rows);
                    int sumsAt = outputOffset + done * cols * 2;
                    if (onBoard)
                    {
                        RunCommand(BoardCommand.Mac, "MAC");
                        ReadBuffer(SpiBuffer.Output, 0, output, sumsAt, count * cols * 2);
                    }
                    else
                    {
                        System.Array.Clear(output, sumsAt, count * cols * 2);
                        for (int k = 0; k < conversions; k++)
                        {
                            RunCommand(BoardCommand.Mac, "MAC");
                            AddBufferToSums(SpiBuffer.Output, count * cols, output, sumsAt);
                        }
                    }
                    done += count;
                }
            }
            finally
            {
                if (onBoard)
                {
                    // Every other MAC of this driver expects one conversion (u8 codes).
                    WriteRegister(BoardRegister.Conversions, 1);
                }
            }
        }

        /// <summary>Reads <paramref name="count"/> u8 codes of a board buffer from offset 0 and adds each to the u16 little-endian sum at <paramref name="sums"/>[<paramref name="sumsOffset"/> + 2 i].</summary>
        private void AddBufferToSums(byte buffer, int count, byte[] sums, int sumsOffset)
        {
            int boardOffset = 0;
            while (count > 0)
            {
                int n = count > SpiOpcode.MaxBurstData ? SpiOpcode.MaxBurstData : count;
                ReadBurst(buffer, boardOffset, n);
                int at = sumsOffset;
                for (int i = 0; i < n; i++)
                {
                    int sum = sums[at] + (sums[at + 1] << 8) + _rx[SpiOpcode.BurstReadHeaderLength + i];
                    sums[at] = (byte)sum;
                    sums[at + 1] = (byte)(sum >> 8);
                    at += 2;
                }
                boardOffset += n;
                sumsOffset += 2 * n;
                count -= n;
            }
        }

        /// <summary>Vectors one MAC command can take: the INPUT buffer by <paramref name="rows"/>, OUTPUT by <paramref name="outputBytesPerVector"/>.</summary>
        private int VectorsPerMac(int rows, int outputBytesPerVector)
        {
            int perChunk = InputBufferBytes / rows;
            int byOutput = OutputBufferBytes / outputBytesPerVector;
            if (byOutput < 1)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "one vector's " + outputBytesPerVector.ToString() + " output bytes do not fit the board's OUTPUT buffer of " + OutputBufferBytes.ToString() + " bytes");
            }
            return byOutput < perChunk ? byOutput : perChunk;
        }
    }
}
