using System;
using CimController.Protocol.Board;

namespace CimController.Emulator
{
    /// <summary>
    /// Commands started by writing CONTROL (SPI-REGISTER-MAP.md, "Commands"). A write to CONTROL first clears
    /// STATUS.done of the previous command (a pending error stays until ERROR is written); the command then
    /// runs to completion inside the write and sets STATUS.done. A command with a parameter out of range (or
    /// an unknown command) sets the error code, leaves STATUS.done clear and changes nothing else.
    /// </summary>
    public sealed partial class BoardEmulator
    {
        private void Execute(uint command)
        {
            registers.Done = false;
            switch (command)
            {
                case BoardCommand.Mac: Mac(); break;
                case BoardCommand.ReadCell: ReadCell(); break;
                case BoardCommand.Pulse: Pulse(); break;
                case BoardCommand.ClearCounters:
                    counters.Clear();
                    registers.CyclesHighLatch = 0;
                    registers.EnergyHighLatch = 0;
                    registers.Done = true;
                    break;
                case BoardCommand.SoftReset:
                    // Windows, DAC and pulse registers, buffers and ERROR to power-on values; conductances
                    // (non-volatile) and counters are kept.
                    registers.PowerOn(Rows, Columns, powerOnReadDac);
                    Array.Clear(inputBuffer);
                    Array.Clear(outputBuffer);
                    registers.Done = true;
                    break;
                default:
                    Fail(BoardError.BadCommand);
                    break;
            }
        }

        /// <summary>
        /// MAC: VEC_COUNT vectors of INPUT through the row/column window of TILE_SEL into OUTPUT; with CONVERSIONS = N &gt; 1
        /// (map 1.2) every (vector, column) is converted N times and OUTPUT gets the u16 little-endian sums; with ROW_REPEAT = k
        /// &gt; 1 (map 1.3) each vector's rowCount / k codes drive the window's k copies of rowCount / k rows.
        /// </summary>
        private void Mac()
        {
            if (!CheckTile(out Tile? tile)) return;
            if (!Window(registers.RowWindow, Rows, out int rowStart, out int rowCount)
                || !Window(registers.ColumnWindow, Columns, out int colStart, out int colCount))
            {
                Fail(BoardError.WindowOutOfRange);
                return;
            }
            uint conversions = registers.Conversions;
            if (conversions < 1 || conversions > BoardRegister.MaxConversions)
            {
                Fail(BoardError.ConversionsOutOfRange);
                return;
            }
            uint repeat = registers.RowRepeat;
            if (repeat < 1 || repeat > BoardRegister.MaxRowRepeat || rowCount % (int)repeat != 0)
            {
                Fail(BoardError.RowRepeatOutOfRange);
                return;
            }
            int codesPerVector = rowCount / (int)repeat;
            int bytesPerCode = conversions > 1 ? 2 : 1;
            uint vectors = registers.VectorCount;
            if (vectors < 1 || vectors > inputBuffer.Length / codesPerVector || vectors > outputBuffer.Length / (colCount * bytesPerCode))
            {
                Fail(BoardError.VectorCountOutOfRange);
                return;
            }
            double readVolts = registers.ReadDac * (BoardConstants.ReadLsbMicrovolts / 1e6);
            bool noisy = adc.IsNoisy;
            if (model.HasDrift) model.RefreshTile((int)registers.TileSelect, tile.Conductances, counters.LifetimeCycles, force: false);
            if (repeat > 1)
            {
                // Every code drives `repeat` rows, so the column sums are those of the copies' conductances added row by row.
                tile = repeatedRows.Sum(tile, rowStart, codesPerVector, (int)repeat, colStart, colCount);
                rowStart = 0;
                colStart = 0;
            }
            var job = new MacJob(tile, rowStart, codesPerVector, colStart, colCount, inputBuffer, outputBuffer, (int)vectors,
                adc, adc.CodeScale(readVolts), noisy, noisy ? noise.NextCommandKey() : 0, macThreads, (int)conversions,
                Options.DrawEachConversion, (int)repeat);
            MacEngine.Run(job);
            // Every conversion is a full tile operation on the chip.
            counters.AddTileOps((ulong)vectors * conversions, (ulong)ColumnAdc.CyclesPerTileOp(colCount, ColumnsPerAdc), tileOpEnergyPicojoules);
            registers.Done = true;
        }

        /// <summary>
        /// READ_CELL: the cell at CELL_ADDR read at V_read. I = G * V_read plus one read-variation draw
        /// (sigma_read); sense code = round(I / SENSE_LSB) clamped to 16 bits; ADC code = the column ADC's
        /// conversion of the same current plus one ADC-noise draw (sigma_adc).
        /// </summary>
        private void ReadCell()
        {
            if (!CheckTile(out Tile? tile) || !CheckCell(out int row, out int col)) return;
            double readVolts = registers.ReadDac * (BoardConstants.ReadLsbMicrovolts / 1e6); // the sense path bypasses the RESET_PATH divider
            int cell = row * Columns + col;
            model.RefreshCell((int)registers.TileSelect, cell, tile.Conductances, counters.LifetimeCycles);
            double current = tile.Conductances[cell] * readVolts; // uS * V = uA
            double adcNoise = 0;
            if (adc.IsNoisy)
            {
                NormalStream stream = NoiseSource.Stream(noise.NextCommandKey(), 0);
                current += adc.ReadNoiseMicroamps * stream.Next();
                adcNoise = adc.AdcNoiseMicroamps * stream.Next();
            }
            double sense = Math.Floor(current * 1e6 / Profile.SenseLsbPicoamps + 0.5);
            uint senseCode = (uint)Math.Clamp(sense, 0, ushort.MaxValue);
            uint adcCode = (uint)adc.Convert(current + adcNoise);
            registers.CellResult = senseCode | adcCode << 16;
            counters.AddCellRead(BoardConstants.CyclesPerCellRead);
            registers.Done = true;
        }

        /// <summary>
        /// PULSE: PULSE_COUNT pulses of PULSE_AMP / PULSE_WIDTH on the cell at CELL_ADDR, back to back, through the
        /// profile's device model (and the RESET_PATH divider when RESET_PATH = 1). Error 9 (nothing applied) when the amplitude code uses bits 12-30, the width is 0 or beyond
        /// PULSE_LIMITS, or the count is outside 1..65535.
        /// </summary>
        private void Pulse()
        {
            if (!CheckTile(out Tile? tile) || !CheckCell(out int row, out int col)) return;
            uint amp = registers.PulseAmplitude;
            uint code = amp & BoardConstants.MaxPulseAmplitudeCode;
            bool reset = (amp & 0x8000_0000u) != 0;
            uint width = registers.PulseWidth;
            uint count = registers.PulseCount;
            if ((amp & 0x7FFF_F000u) != 0 || code > (pulseLimits & BoardConstants.MaxPulseAmplitudeCode)
                || width < 1 || width > maxPulseWidthUnits
                || count < 1 || count > BoardConstants.MaxPulseCount)
            {
                Fail(BoardError.PulseOutOfRange);
                return;
            }
            int tileIndex = (int)registers.TileSelect;
            var pulse = new ProgrammingPulse(code * (BoardConstants.PulseLsbMicrovolts / 1e6), reset,
                width * (double)BoardConstants.PulseWidthUnitNanoseconds, tileIndex, row, col);
            int cell = row * Columns + col;
            ref float g = ref tile.Conductances[cell];
            if (response != null)
            {
                for (uint i = 0; i < count; i++)
                    g = response.Apply(g, pulse);
            }
            else
            {
                ulong now = counters.LifetimeCycles;
                model.RefreshCell(tileIndex, cell, tile.Conductances, now);
                model.Pulse(tileIndex, cell, ref g, pulse, count, registers.ResetPath, now);
            }
            counters.AddPulses(count, width);
            registers.Done = true;
        }

        private bool CheckTile([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Tile? tile)
        {
            tile = registers.TileSelect < (uint)Tiles ? tiles[registers.TileSelect] : null;
            if (tile == null) Fail(BoardError.BadTile);
            return tile != null;
        }

        private bool CheckCell(out int row, out int col)
        {
            row = (int)(registers.CellAddress & 0xFFFF);
            col = (int)(registers.CellAddress >> 16);
            if (row < Rows && col < Columns) return true;
            Fail(BoardError.CellOutOfRange);
            return false;
        }

        /// <summary>Decodes a window register: bits 0-15 first, 16-31 count; valid when count &gt;= 1 and first + count &lt;= size.</summary>
        private static bool Window(uint value, int size, out int first, out int count)
        {
            first = (int)(value & 0xFFFF);
            count = (int)(value >> 16);
            return count >= 1 && first + count <= size;
        }
    }
}
