namespace CimController.Firmware
{
    /// <summary>
    /// The analog build of the discrete DAC/ADC board (boards/discrete-dac-adc-board.md): which AD5328
    /// channel drives which line, which MCP3208 channel reads which column, references, TIA feedback and
    /// timing. <see cref="Standard"/> is the board the page documents: a 3 x 4 crossbar.
    /// </summary>
    public sealed class DiscreteBoardDefinition
    {
        /// <summary>AD5328 channel of each row line (row r is driven by DAC channel RowChannels[r]).</summary>
        public int[] RowChannels = new int[] { 0, 1, 2 };
        /// <summary>AD5328 channel of each column's bias (the TIA's non-inverting input holds the column there).</summary>
        public int[] ColumnChannels = new int[] { 3, 4, 5, 6 };
        /// <summary>MCP3208 channel reading each column's TIA output.</summary>
        public int[] AdcChannels = new int[] { 0, 1, 2, 3 };
        /// <summary>AD5328 channel wired to the TIA feedback shunt switches: 0 V = measure, full scale = pulse.</summary>
        public int ModeChannel = 7;
        /// <summary>AD5328 reference voltage (both quads), mV.</summary>
        public int DacReferenceMillivolts = 2500;
        /// <summary>AD5328 GAIN = 1: outputs span 0..2 x VREF.</summary>
        public bool DacGainTwo = true;
        /// <summary>Rest (bias) voltage of every row and column, mV: mid-scale, so pulses of either sign fit.</summary>
        public int BiasMillivolts = 2500;
        /// <summary>MCP3208 reference voltage, mV.</summary>
        public int AdcReferenceMillivolts = 4096;
        /// <summary>TIA feedback resistance, ohms: TIA output = column bias - I x Rf.</summary>
        public int FeedbackOhms = 33000;
        /// <summary>
        /// Column current of the largest Vmm output code (255), nA: 3 rows x 70 uS x 0.1 V = 21 uA fits in 25 uA.
        /// Must not exceed the TIA range, bias / Rf (2.5 V / 33 kohm = 75.7 uA).
        /// </summary>
        public int MacFullScaleNanoamps = 25000;
        /// <summary>Wait after a DAC update before converting, us (AD5328 settling plus TIA).</summary>
        public int SettleMicroseconds = 20;
        /// <summary>Shortest pulse the board makes, ns: the outputs slew at 0.7 V/us and the pulse edges are two SPI words.</summary>
        public uint MinPulseWidthNs = 20000;
        /// <summary>Longest pulse, ns.</summary>
        public uint MaxPulseWidthNs = 100000000;
        /// <summary>Gap between pulses of one train, us.</summary>
        public int PulseGapMicroseconds = 20;
        /// <summary>SPI clock of the AD5328, Hz (for the board-time counter).</summary>
        public int DacClockHz = 10000000;
        /// <summary>SPI clock of the MCP3208, Hz (for the board-time counter).</summary>
        public int AdcClockHz = 1000000;

        /// <summary>Rows of the crossbar.</summary>
        public int Rows { get { return RowChannels.Length; } }
        /// <summary>Columns of the crossbar.</summary>
        public int Columns { get { return ColumnChannels.Length; } }

        /// <summary>Full-scale DAC output, uV.</summary>
        public long DacFullScaleMicrovolts
        {
            get { return (long)DacReferenceMillivolts * 1000 * (DacGainTwo ? 2 : 1); }
        }

        /// <summary>The documented 3 x 4 board: rows on DAC A-C, column biases on D-G, mode on H, columns on ADC CH0-3.</summary>
        public static DiscreteBoardDefinition Standard()
        {
            return new DiscreteBoardDefinition();
        }

        /// <summary>
        /// Checks that every channel is used once and in range, the bias is inside the DAC span and the TIA has
        /// headroom; throws <see cref="System.ArgumentException"/> naming the field.
        /// </summary>
        public void Validate()
        {
            if (RowChannels == null || ColumnChannels == null || AdcChannels == null || Rows < 1 || Columns < 1)
            {
                throw new System.ArgumentException("the discrete board needs at least one row and one column channel");
            }
            if (AdcChannels.Length != Columns)
            {
                throw new System.ArgumentException("AdcChannels has " + AdcChannels.Length.ToString() + " entries; one per column (" + Columns.ToString() + ") is needed");
            }
            int used = 0;
            for (int i = 0; i < Rows + Columns + 1; i++)
            {
                int ch = i < Rows ? RowChannels[i] : (i < Rows + Columns ? ColumnChannels[i - Rows] : ModeChannel);
                if (ch < 0 || ch >= Ad5328.Channels)
                {
                    throw new System.ArgumentException("DAC channel " + ch.ToString() + " is outside 0..7");
                }
                if ((used & (1 << ch)) != 0)
                {
                    throw new System.ArgumentException("DAC channel " + ch.ToString() + " is assigned twice");
                }
                used |= 1 << ch;
            }
            for (int i = 0; i < Columns; i++)
            {
                if (AdcChannels[i] < 0 || AdcChannels[i] >= Mcp3208.Channels)
                {
                    throw new System.ArgumentException("ADC channel " + AdcChannels[i].ToString() + " is outside 0..7");
                }
            }
            if (BiasMillivolts * 1000L <= 0 || BiasMillivolts * 1000L >= DacFullScaleMicrovolts)
            {
                throw new System.ArgumentException("bias " + BiasMillivolts.ToString() + " mV is outside the DAC span 0.." + (DacFullScaleMicrovolts / 1000).ToString() + " mV");
            }
            if (BiasMillivolts >= AdcReferenceMillivolts)
            {
                throw new System.ArgumentException("bias " + BiasMillivolts.ToString() + " mV must be below the ADC reference " + AdcReferenceMillivolts.ToString() + " mV (TIA output = bias at zero current)");
            }
            if (FeedbackOhms > 0 && MacFullScaleNanoamps * (long)FeedbackOhms > BiasMillivolts * 1000000L)
            {
                throw new System.ArgumentException("Vmm full scale " + MacFullScaleNanoamps.ToString() + " nA exceeds the TIA range of bias / Rf = " +
                    (BiasMillivolts * 1000000L / FeedbackOhms).ToString() + " nA");
            }
            if (MacFullScaleNanoamps < 1 || FeedbackOhms < 1 || SettleMicroseconds < 0 || MinPulseWidthNs < 1000 || MaxPulseWidthNs < MinPulseWidthNs)
            {
                throw new System.ArgumentException("feedback resistance, settle time or pulse-width limits out of range");
            }
        }
    }
}
