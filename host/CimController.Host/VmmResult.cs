namespace CimController.Host
{
    /// <summary>
    /// Result of a vector-matrix multiplication on the chip: ADC codes per vector and column
    /// (vector-major), their currents, the differential pairs' results and the chip's own counters.
    /// The currents (<see cref="CurrentsMicroamps"/>, <see cref="DifferentialMicroamps"/>) are computed from the
    /// codes on first use, so a caller that needs only codes does not pay for them.
    /// </summary>
    public sealed class VmmResult
    {
        private float[]? _currents;
        private float[]? _differentialCurrents;

        internal VmmResult(int vectors, int columns, bool differential, double lsbMicroamps)
        {
            Vectors = vectors;
            Columns = columns;
            LsbMicroamps = lsbMicroamps;
            Codes = new byte[vectors * columns];
            if (differential)
            {
                DifferentialCodes = new short[vectors * (columns / 2)];
            }
        }

        /// <summary>Input vectors multiplied.</summary>
        public int Vectors { get; }

        /// <summary>Columns per vector.</summary>
        public int Columns { get; }

        /// <summary>Column ADC LSB in µA: full scale / (2^AdcBits - 1).</summary>
        public double LsbMicroamps { get; }

        /// <summary>ADC codes, <c>[v * Columns + c]</c>.</summary>
        public byte[] Codes { get; }

        /// <summary>Column currents in µA (code × LSB), <c>[v * Columns + c]</c>; computed on first use.</summary>
        public float[] CurrentsMicroamps
        {
            get
            {
                if (_currents == null)
                {
                    var currents = new float[Codes.Length];
                    for (int i = 0; i < currents.Length; i++)
                    {
                        currents[i] = (float)(Codes[i] * LsbMicroamps);
                    }
                    _currents = currents;
                }
                return _currents;
            }
        }

        /// <summary>code[2k] − code[2k+1] per adjacent column pair, <c>[v * Columns/2 + k]</c>; null unless requested.</summary>
        public short[]? DifferentialCodes { get; }

        /// <summary>Differential codes × LSB in µA (computed on first use); null unless requested.</summary>
        public float[]? DifferentialMicroamps
        {
            get
            {
                if (DifferentialCodes == null)
                {
                    return null;
                }
                if (_differentialCurrents == null)
                {
                    var currents = new float[DifferentialCodes.Length];
                    for (int i = 0; i < currents.Length; i++)
                    {
                        currents[i] = (float)(DifferentialCodes[i] * LsbMicroamps);
                    }
                    _differentialCurrents = currents;
                }
                return _differentialCurrents;
            }
        }

        /// <summary>Chip clock cycles the firmware reported, summed over requests.</summary>
        public ulong ChipCycles { get; internal set; }

        /// <summary>Tile operations the firmware reported, summed over requests.</summary>
        public ulong TileOps { get; internal set; }

        /// <summary>Vmm frames the batch was split into.</summary>
        public int Requests { get; internal set; }

        /// <summary>Chip time in seconds for a chip clock of <paramref name="clockKilohertz"/>.</summary>
        public double ChipSeconds(uint clockKilohertz)
        {
            return clockKilohertz == 0 ? 0 : ChipCycles / (clockKilohertz * 1000.0);
        }
    }
}
