using System.Globalization;

namespace CimController.Experiments.WriteVerify
{
    /// <summary>A rectangle of cells on one tile: rows FirstRow..FirstRow+RowCount-1, columns likewise.</summary>
    public sealed record CellRegion(int Tile, int FirstRow, int RowCount, int FirstColumn, int ColumnCount)
    {
        /// <summary>Cells in the region.</summary>
        public int Cells => RowCount * ColumnCount;

        /// <summary>The rows as FIRST:END (END exclusive).</summary>
        public string RowsText => RangeText(FirstRow, RowCount);

        /// <summary>The columns as FIRST:END (END exclusive).</summary>
        public string ColumnsText => RangeText(FirstColumn, ColumnCount);

        /// <summary>A run of <paramref name="count"/> indices from <paramref name="first"/> as FIRST:END (END exclusive), e.g. "0:64".</summary>
        public static string RangeText(int first, int count) => first.ToString(CultureInfo.InvariantCulture) + ":" + (first + count).ToString(CultureInfo.InvariantCulture);
    }
}
