using System;

namespace CimController.Host
{
    /// <summary>
    /// Result of a vector-matrix multiplication on the chip: ADC codes per vector and column
    /// (vector-major), their currents, the differential pairs' results and the chip's own counters.
    /// With <see cref="Conversions"/> &gt; 1 (protocol 1.4) the chip converted each vector that many times:
    /// <see cref="CodeSums"/> holds the sums of the codes and <see cref="DifferentialCodes"/> the differences of sums;
    /// <see cref="Codes"/> and the currents are then per-conversion means.
    /// The currents (<see cref="CurrentsMicroamps"/>, <see cref="DifferentialMicroamps"/>) and, when summed, <see cref="Codes"/>
    /// are computed on first use, so a caller that needs only what the firmware sent does not pay for them.
    /// </summary>
    public sealed class VmmResult
    {
        private byte[]? _codes;
        private float[]? _currents;
        private float[]? _differentialCurrents;

        internal VmmResult(int vectors, int columns, bool differential, double lsbMicroamps, int conversions = 1)
        {
            Vectors = vectors;
            Columns = columns;
            LsbMicroamps = lsbMicroamps;
            Conversions = conversions;
            if (conversions > 1)
            {
                CodeSums = new ushort[vectors * columns];
            }
            else
            {
                _codes = new byte[vectors * columns];
            }
            if (differential)
            {
                DifferentialCodes = new short[vectors * (columns / 2)];
            }
        }

        /// <summary>
        /// <paramref name="previous"/> emptied for a new call of the same shape (its arrays are overwritten; counters and derived
        /// values reset), or a new result when there is none or its shape differs: repeated calls then allocate nothing.
        /// </summary>
        internal static VmmResult Reuse(VmmResult? previous, int vectors, int columns, bool differential, double lsbMicroamps, int conversions)
        {
            if (previous == null || previous.Vectors != vectors || previous.Columns != columns || previous.Conversions != conversions
                || (previous.DifferentialCodes != null) != differential || previous.LsbMicroamps != lsbMicroamps)
            {
                return new VmmResult(vectors, columns, differential, lsbMicroamps, conversions);
            }
            if (conversions > 1)
            {
                previous._codes = null;
            }
            previous._currents = null;
            previous._differentialCurrents = null;
            previous.ChipCycles = 0;
            previous.TileOps = 0;
            previous.Requests = 0;
            return previous;
        }

        /// <summary>Input vectors multiplied.</summary>
        public int Vectors { get; }

        /// <summary>Columns per vector.</summary>
        public int Columns { get; }

        /// <summary>Column ADC LSB in µA: full scale / (2^AdcBits - 1).</summary>
        public double LsbMicroamps { get; }

        /// <summary>Conversions per vector done on the chip (1 = one ADC code per vector and column).</summary>
        public int Conversions { get; }

        /// <summary>
        /// ADC codes, <c>[v * Columns + c]</c>. With <see cref="Conversions"/> &gt; 1: the mean code of the conversions rounded
        /// to the nearest code (<see cref="CodeSums"/> / <see cref="Conversions"/>; computed on first use).
        /// </summary>
        public byte[] Codes
        {
            get
            {
                if (_codes == null)
                {
                    ushort[] sums = CodeSums!;
                    var codes = new byte[sums.Length];
                    int n = Conversions;
                    for (int i = 0; i < codes.Length; i++)
                    {
                        codes[i] = (byte)((sums[i] + n / 2) / n);
                    }
                    _codes = codes;
                }
                return _codes;
            }
        }

        /// <summary>Sums of the <see cref="Conversions"/> codes per vector and column, <c>[v * Columns + c]</c>; null with one conversion.</summary>
        public ushort[]? CodeSums { get; }

        /// <summary>Column currents in µA (code × LSB; the mean over the conversions when summed), <c>[v * Columns + c]</c>; computed on first use.</summary>
        public float[] CurrentsMicroamps
        {
            get
            {
                if (_currents == null)
                {
                    int n = Vectors * Columns;
                    var currents = new float[n];
                    if (CodeSums != null)
                    {
                        double scale = LsbMicroamps / Conversions;
                        for (int i = 0; i < n; i++)
                        {
                            currents[i] = (float)(CodeSums[i] * scale);
                        }
                    }
                    else
                    {
                        byte[] codes = Codes;
                        for (int i = 0; i < n; i++)
                        {
                            currents[i] = (float)(codes[i] * LsbMicroamps);
                        }
                    }
                    _currents = currents;
                }
                return _currents;
            }
        }

        /// <summary>
        /// code[2k] − code[2k+1] per adjacent column pair, <c>[v * Columns/2 + k]</c>; with <see cref="Conversions"/> &gt; 1 the
        /// difference of the code sums (sum over the conversions of code[2k] − code[2k+1]); null unless requested.
        /// </summary>
        public short[]? DifferentialCodes { get; }

        /// <summary>Differential codes × LSB in µA (divided by <see cref="Conversions"/>: the mean per conversion), computed on first use; null unless requested.</summary>
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
                    double scale = LsbMicroamps / Conversions;
                    for (int i = 0; i < currents.Length; i++)
                    {
                        currents[i] = (float)(DifferentialCodes[i] * scale);
                    }
                    _differentialCurrents = currents;
                }
                return _differentialCurrents;
            }
        }

        /// <summary>Chip clock cycles the firmware reported, summed over requests.</summary>
        public ulong ChipCycles { get; internal set; }

        /// <summary>Tile operations the firmware reported, summed over requests (one per conversion).</summary>
        public ulong TileOps { get; internal set; }

        /// <summary>Vmm frames the batch was split into.</summary>
        public int Requests { get; internal set; }

        /// <summary>Chip time in seconds for a chip clock of <paramref name="clockKilohertz"/>.</summary>
        public double ChipSeconds(uint clockKilohertz)
        {
            return clockKilohertz == 0 ? 0 : ChipCycles / (clockKilohertz * 1000.0);
        }

        /// <summary>The codes array the client fills (one conversion).</summary>
        internal byte[] RawCodes => _codes ?? throw new InvalidOperationException("a summed result has no raw codes");
    }
}
