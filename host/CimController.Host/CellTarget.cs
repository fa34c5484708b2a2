using System;

namespace CimController.Host
{
    /// <summary>One cell and its conductance target for write-verify.</summary>
    public readonly record struct CellTarget(int Row, int Col, uint TargetNanosiemens)
    {
        /// <summary>A target given in µS (rounded to nS).</summary>
        public static CellTarget FromMicrosiemens(int row, int col, double microsiemens) =>
            new(row, col, (uint)Math.Round(Math.Clamp(microsiemens, 0, uint.MaxValue / 1000.0) * 1000.0));
    }
}
