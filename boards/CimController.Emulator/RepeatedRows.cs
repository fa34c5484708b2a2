namespace CimController.Emulator
{
    /// <summary>
    /// The window a MAC with ROW_REPEAT = k &gt; 1 (map 1.3) sees: the k copies of the row window (rowCount / k rows each, one
    /// after another) are driven by the same codes, so their currents add on each column and the MAC is the one over the
    /// copies' conductances summed row by row (G'[r][c] = sum_j G[r + j rowCount / k][c], added in copy order). Kept between
    /// commands so that a MAC allocates nothing once the window size has been seen.
    /// </summary>
    internal sealed class RepeatedRows
    {
        private Tile _sum = new Tile(0, 0);

        /// <summary>A tile of <paramref name="rows"/> x <paramref name="cols"/> holding the summed conductances of the
        /// <paramref name="copies"/> copies from row <paramref name="rowStart"/> and column <paramref name="colStart"/> of
        /// <paramref name="tile"/> (valid until the next call).</summary>
        public Tile Sum(Tile tile, int rowStart, int rows, int copies, int colStart, int cols)
        {
            if (_sum.Rows != rows || _sum.Columns != cols)
            {
                _sum = new Tile(rows, cols);
            }

            float[] g = tile.Conductances, sum = _sum.Conductances;
            int stride = tile.Columns;
            for (int r = 0; r < rows; r++)
            {
                int to = r * cols;
                int from = ((rowStart + r) * stride) + colStart;
                System.Array.Copy(g, from, sum, to, cols);
                for (int j = 1; j < copies; j++)
                {
                    int at = from + (j * rows * stride);
                    for (int c = 0; c < cols; c++)
                    {
                        sum[to + c] += g[at + c];
                    }
                }
            }

            return _sum;
        }
    }
}
