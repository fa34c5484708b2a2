namespace CimController.Firmware
{
    /// <summary>The V/2 pulses of <see cref="DiscreteBoardDriver"/> and the pulse they really apply (amplitude rounded to DAC steps, width to whole microseconds plus the DAC words).</summary>
    public sealed partial class DiscreteBoardDriver
    {
        /// <summary>
        /// V/2 pulses: TIA feedback shunted (mode line high), then per pulse the row goes to bias + V/2 and the column to
        /// bias - V/2 (swapped for RESET) in one LDAC update, held for the width, and both return to bias in the next;
        /// finally the TIAs go back to measure mode. The applied pulse (<see cref="AppliedPulseWidthNs"/>: the width
        /// rounded up to whole microseconds plus two DAC words, 3.2 us at 10 MHz; <see cref="AppliedPulseMicrovolts"/>: the
        /// amplitude rounded down to the DAC's 2 LSB steps, 2.44 mV) is what the limits are checked against. Whatever
        /// fails, the lines are put back at rest.
        /// </summary>
        public void ApplyPulse(int tile, int row, int col, int millivolts, uint widthNs, int count)
        {
            CheckWindow(tile, row, 1, col, 1);
            ApplyPulseToSelected(row, col, millivolts, widthNs, count);
        }

        /// <summary>The discrete board has one tile: the same as <see cref="ApplyPulse"/> on tile 0.</summary>
        public void ApplyPulseToSelected(int row, int col, int millivolts, uint widthNs, int count)
        {
            CheckWindow(0, row, 1, col, 1);
            PulseLimits.Check("Pulse", _config, this, millivolts, widthNs, count);
            int half = HalfCodes(millivolts);
            int sign = millivolts > 0 ? 1 : -1;
            int rowOn = _biasCode + sign * half;
            int colOn = _biasCode - sign * half;
            int widthUs = WidthMicroseconds(widthNs);
            int rowChannel = _def.RowChannels[row];
            int colChannel = _def.ColumnChannels[col];
            bool done = false;
            try
            {
                SetLine(_def.ModeChannel, Ad5328.MaxCode);
                Commit(true);
                for (int i = 0; i < count; i++)
                {
                    SetLine(rowChannel, rowOn);
                    SetLine(colChannel, colOn);
                    Commit(false);
                    Wait(widthUs);
                    SetLine(rowChannel, _biasCode);
                    SetLine(colChannel, _biasCode);
                    Commit(false);
                    _pulses++;
                    if (i + 1 < count)
                    {
                        Wait(_def.PulseGapMicroseconds);
                    }
                }
                SetLine(_def.ModeChannel, 0);
                Commit(true);
                done = true;
            }
            finally
            {
                if (!done)
                {
                    RestAllLines();
                }
            }
        }

        /// <summary>
        /// Twice <see cref="HalfCodes"/> DAC steps (row up and column down by the same codes), rounded up to whole uV: the
        /// amplitude across the cell, never more than the request.
        /// </summary>
        public long AppliedPulseMicrovolts(int millivolts)
        {
            long span = 2L * HalfCodes(millivolts) * _def.DacFullScaleMicrovolts;
            long microvolts = (span + Ad5328.CodeSpan - 1) / Ad5328.CodeSpan;
            return millivolts < 0 ? -microvolts : microvolts;
        }

        /// <summary>
        /// The requested width rounded up to whole microseconds (the delay's unit) plus the two DAC words written between
        /// the LDAC update that starts the pulse and the one that ends it (3.2 us at 10 MHz).
        /// </summary>
        public ulong AppliedPulseWidthNs(uint widthNs)
        {
            return (ulong)WidthMicroseconds(widthNs) * 1000UL + 2UL * (ulong)_dacWordNs;
        }

        /// <summary>
        /// DAC codes each of the row and the column moves from the bias for |<paramref name="millivolts"/>| (V/2 each),
        /// rounded down: the cell never sees more than the request and half-selected cells never more than half of it
        /// (rounding up would put a 3 V pulse's V/2 = 1.5 V threshold 0.24 mV over it).
        /// </summary>
        private int HalfCodes(int millivolts)
        {
            long magnitude = millivolts < 0 ? -(long)millivolts : millivolts;
            return (int)(magnitude * 500 * Ad5328.CodeSpan / _def.DacFullScaleMicrovolts);
        }

        private static int WidthMicroseconds(uint widthNs)
        {
            return (int)(((ulong)widthNs + 999UL) / 1000UL);
        }
    }
}
