using System;

namespace CimController.Emulator
{
    /// <summary>
    /// One crossbar tile of 1T1R cells (Wu 2023: 64x64 b-RRAM per tile), holding each cell's conductance in
    /// microsiemens in a flat row-major array: cell (r, c) is <c>Conductances[r * Columns + c]</c>.
    /// </summary>
    internal sealed class Tile
    {
        public Tile(int rows, int columns)
        {
            Rows = rows;
            Columns = columns;
            Conductances = new float[rows * columns];
        }

        public int Rows { get; }
        public int Columns { get; }

        /// <summary>Row-major conductances, uS.</summary>
        public float[] Conductances { get; }

        public ref float At(int row, int column) => ref Conductances[row * Columns + column];

        public void CopyFrom(float[] rowMajorMicrosiemens)
        {
            if (rowMajorMicrosiemens.Length != Conductances.Length)
                throw new ArgumentException($"expected {Rows}x{Columns} = {Conductances.Length} conductances, got {rowMajorMicrosiemens.Length}", nameof(rowMajorMicrosiemens));
            for (int i = 0; i < rowMajorMicrosiemens.Length; i++)
                CheckConductance(rowMajorMicrosiemens[i], nameof(rowMajorMicrosiemens));
            Array.Copy(rowMajorMicrosiemens, Conductances, Conductances.Length);
        }

        public static void CheckConductance(float microsiemens, string parameter)
        {
            if (!float.IsFinite(microsiemens) || microsiemens < 0)
                throw new ArgumentOutOfRangeException(parameter, microsiemens, "a conductance must be finite and >= 0 uS");
        }
    }
}
