using CimController.Protocol;
using CimController.Protocol.Board;

namespace CimController.Firmware
{
    /// <summary>The MAC commands of <see cref="BoardDriver"/>: single conversions and N conversions summed (map 1.2 CONVERSIONS, or N MACs summed here on a map-1.1 board), with row copies driven by the same codes (map 1.3 ROW_REPEAT, or the codes written once per copy on an older map).</summary>
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
            MacRowCopies(tile, row0, rows, 1, col0, cols, vectors, 1, false, input, inputOffset, output, outputOffset);
        }

        /// <summary>True when the board has the CONVERSIONS register (map 1.2 or newer).</summary>
        public bool HasConversionsRegister { get { return MapVersion >= BoardRegister.ConversionsVersion; } }

        /// <summary>True when the board has the ROW_REPEAT register (map 1.3 or newer).</summary>
        public bool HasRowRepeatRegister { get { return MapVersion >= BoardRegister.RowRepeatVersion; } }

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
            MacRowCopies(tile, row0, rows, 1, col0, cols, vectors, conversions, true, input, inputOffset, output, outputOffset);
        }

        /// <summary>
        /// <see cref="Mac"/> (<paramref name="summed"/> false, one conversion) or <see cref="MacSummed"/> (true) over a row
        /// window of <paramref name="copies"/> (1..16, dividing <paramref name="rows"/>) copies of rows / copies rows, each vector's
        /// rows / copies codes driving every copy. Map 1.3: ROW_REPEAT = copies for the command, back to 1 afterwards (the codes
        /// cross SPI once); an older map gets each vector's codes written once per copy into INPUT.
        /// </summary>
        public void MacRowCopies(int tile, int row0, int rows, int copies, int col0, int cols, int vectors, int conversions, bool summed,
            byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            CheckWindow(tile, row0, rows, col0, cols);
            MacArguments.CheckConversions(conversions, summed);
            MacArguments.CheckRowCopies(copies, rows);
            if (vectors < 1)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "MAC vector count " + vectors.ToString() + " is below 1");
            }
            int codes = rows / copies;
            int codeBytes = summed ? 2 : 1;
            if (inputOffset < 0 || inputOffset + vectors * codes > input.Length || outputOffset < 0 || outputOffset + vectors * cols * codeBytes > output.Length)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "MAC input or output buffer too short for " + vectors.ToString() + " vectors" +
                    (summed ? " of u16 sums" : ""));
            }
            bool convertOnBoard = summed && conversions > 1 && HasConversionsRegister;
            bool repeatOnBoard = copies > 1 && HasRowRepeatRegister;
            int perChunk = VectorsPerMac(repeatOnBoard ? codes : rows, convertOnBoard ? 2 * cols : cols);
            SetWindow(tile, row0, rows, col0, cols);
            if (convertOnBoard)
            {
                WriteRegister(BoardRegister.Conversions, (uint)conversions);
            }
            if (repeatOnBoard)
            {
                WriteRegister(BoardRegister.RowRepeat, (uint)copies);
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
                    if (copies == 1 || repeatOnBoard)
                    {
                        WriteBuffer(SpiBuffer.Input, 0, input, inputOffset + done * codes, count * codes);
                    }
                    else
                    {
                        WriteRowCopies(input, inputOffset + done * codes, count, codes, copies);
                    }
                    if (!summed)
                    {
                        RunCommand(BoardCommand.Mac, "MAC");
                        ReadBuffer(SpiBuffer.Output, 0, output, outputOffset + done * cols, count * cols);
                    }
                    else if (convertOnBoard)
                    {
                        RunCommand(BoardCommand.Mac, "MAC");
                        ReadBuffer(SpiBuffer.Output, 0, output, outputOffset + done * cols * 2, count * cols * 2);
                    }
                    else
                    {
                        int sumsAt = outputOffset + done * cols * 2;
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
                // Every other MAC of this driver expects one conversion (u8 codes) and one code per row.
                if (convertOnBoard)
                {
                    WriteRegister(BoardRegister.Conversions, 1);
                }
                if (repeatOnBoard)
                {
                    WriteRegister(BoardRegister.RowRepeat, 1);
                }
            }
        }

        /// <summary>
        /// Writes <paramref name="vectors"/> vectors of <paramref name="codes"/> codes from <paramref name="source"/> into INPUT
        /// from offset 0 with each vector's codes repeated <paramref name="copies"/> times (a board without ROW_REPEAT), in
        /// bursts of at most <see cref="SpiOpcode.MaxBurstData"/> bytes assembled in the transmit buffer.
        /// </summary>
        private void WriteRowCopies(byte[] source, int sourceOffset, int vectors, int codes, int copies)
        {
            byte[] tx = _tx;
            int boardOffset = 0;
            int filled = 0;
            for (int v = 0; v < vectors; v++)
            {
                for (int k = 0; k < copies; k++)
                {
                    int from = sourceOffset + v * codes;
                    int left = codes;
                    while (left > 0)
                    {
                        int n = SpiOpcode.MaxBurstData - filled;
                        if (n > left)
                        {
                            n = left;
                        }
                        System.Array.Copy(source, from, tx, SpiOpcode.BurstWriteHeaderLength + filled, n);
                        filled += n;
                        from += n;
                        left -= n;
                        if (filled == SpiOpcode.MaxBurstData)
                        {
                            SendInputBurst(boardOffset, filled);
                            boardOffset += filled;
                            filled = 0;
                        }
                    }
                }
            }
            if (filled > 0)
            {
                SendInputBurst(boardOffset, filled);
            }
        }

        /// <summary>Sends the <paramref name="count"/> INPUT bytes already in the transmit buffer's burst data as one WRITE_BURST at <paramref name="boardOffset"/>.</summary>
        private void SendInputBurst(int boardOffset, int count)
        {
            byte[] tx = _tx;
            tx[0] = SpiOpcode.WriteBurst;
            tx[1] = SpiBuffer.Input;
            ByteOrder.WriteUInt16(tx, 2, boardOffset);
            ByteOrder.WriteUInt16(tx, 4, count);
            _bus.Transfer(tx, _rx, SpiOpcode.BurstWriteHeaderLength + count);
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
