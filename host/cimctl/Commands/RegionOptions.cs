using System.CommandLine;
using CimController.Host;
using CimController.Protocol.Messages;

namespace CimController.Cli.Commands
{
    /// <summary>The <c>--tile --rows --cols</c> options shared by <c>read</c> and <c>vmm</c>.</summary>
    public sealed class RegionOptions
    {
        /// <summary><c>--tile</c>.</summary>
        public Option<int> Tile { get; } = new Option<int>("--tile") { Description = "Tile index (0..tiles-1, see cimctl info)", DefaultValueFactory = _ => 0 };

        /// <summary><c>--rows</c>.</summary>
        public Option<string> Rows { get; } = new Option<string>("--rows") { Description = "Rows FIRST:END, END exclusive (e.g. 0:64), or one row", Required = true };

        /// <summary><c>--cols</c>.</summary>
        public Option<string> Cols { get; } = new Option<string>("--cols") { Description = "Columns FIRST:END, END exclusive (e.g. 0:64), or one column", Required = true };

        /// <summary>Adds the options to <paramref name="command"/>.</summary>
        public void AddTo(Command command)
        {
            command.Options.Add(Tile);
            command.Options.Add(Rows);
            command.Options.Add(Cols);
        }

        /// <summary>The parsed values; throws <see cref="UsageException"/> for a bad tile or range.</summary>
        public (int Tile, IndexRange Rows, IndexRange Cols) Read(ParseResult parse)
        {
            int tile = parse.GetValue(Tile);
            if (tile < 0 || tile > 255)
            {
                throw new UsageException("--tile " + tile + " is not valid; give a tile index 0..255 (the board's count is in cimctl info)");
            }
            return (tile, IndexRange.Parse("--rows", parse.GetValue(Rows)), IndexRange.Parse("--cols", parse.GetValue(Cols)));
        }

        /// <summary>Throws <see cref="UsageException"/> when the tile or the region is not on the connected board.</summary>
        public static void Check(CimClient client, int tile, IndexRange rows, IndexRange cols)
        {
            InfoMessage info = client.Info;
            if (tile >= info.Tiles)
            {
                throw new UsageException("--tile " + tile + " is not on the board; it has tiles 0.." + (info.Tiles - 1));
            }
            if (rows.End > info.Rows)
            {
                throw new UsageException("--rows " + rows + " is outside the tile's rows; give FIRST:END within 0:" + info.Rows);
            }
            if (cols.End > info.Columns)
            {
                throw new UsageException("--cols " + cols + " is outside the tile's columns; give FIRST:END within 0:" + info.Columns);
            }
        }
    }
}
