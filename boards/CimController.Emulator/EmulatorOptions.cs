using System;

namespace CimController.Emulator
{
    /// <summary>
    /// Construction settings of a <see cref="BoardEmulator"/>. Defaults: the Wu 2023 SoC (4 tiles of 64x64,
    /// b-RRAM profile), noise on, seed 1, 16384-byte input and output buffers.
    /// </summary>
    public sealed class EmulatorOptions
    {
        /// <summary>
        /// The chip (boards/chips): when set, its tiles, rows, columns, buffer sizes, columns per ADC and energy per tile
        /// operation replace <see cref="Tiles"/>, <see cref="Rows"/>, <see cref="Columns"/>, the buffer sizes and the Wu
        /// 2023 cost rule. Null (default): those properties with the Wu 2023 SoC's periphery and costs.
        /// </summary>
        public ChipDefinition? Chip { get; init; }
        /// <summary>Number of tiles, 1..255 (CAPS bits 0-7). Wu 2023: 4.</summary>
        public int Tiles { get; init; } = 4;
        /// <summary>Rows per tile, 1..65535 and at most the input buffer size. Wu 2023: 64; Table 1 simulates 256.</summary>
        public int Rows { get; init; } = 64;
        /// <summary>Columns per tile, 1..65535 and at most the output buffer size. Wu 2023: 64.</summary>
        public int Columns { get; init; } = 64;
        /// <summary>Built-in profile name or file path, used when <see cref="Profile"/> is null. Default <c>brram</c>.</summary>
        public string ProfileName { get; init; } = "brram";
        /// <summary>An already loaded profile; overrides <see cref="ProfileName"/>.</summary>
        public DeviceProfile? Profile { get; init; }
        /// <summary>Seed of the initial conductances and of every noise draw. Same seed + same transactions = same codes.</summary>
        public int Seed { get; init; } = 1;
        /// <summary>Whether the MAC and cell reads add the profile's ADC noise and read variation.</summary>
        public bool Noise { get; init; } = true;
        /// <summary>INPUT buffer size in bytes, 1..65535 (BUFCAPS bits 0-15). Map: 16384.</summary>
        public int InputBufferBytes { get; init; } = 16384;
        /// <summary>OUTPUT buffer size in bytes, 1..65535 (BUFCAPS bits 16-31). Map: 16384.</summary>
        public int OutputBufferBytes { get; init; } = 16384;
        /// <summary>Test hook: replaces the profile's device model with a plain per-pulse function; null (default) = the
        /// physics the profile's "model" names (brram, tio2, hfo2, linear).</summary>
        public IDeviceResponse? DeviceResponse { get; init; }

        /// <summary>
        /// Threads a MAC command may use: 1 = the calling thread only; 2 (default) or more = the calling thread and the
        /// process's MAC helper thread (<see cref="MacHelper"/>; at most two threads, so values above 2 act as 2); 0 = 2 on a
        /// machine with two or more cores, else 1. The helper takes chunks of a command's vectors beside the caller and never
        /// makes the caller wait for a chunk it has not started, so a busy machine costs it no more than one chunk; on a machine
        /// with one core the caller runs alone whatever the value.
        /// Results are identical for any value.
        /// </summary>
        public int MacThreads { get; init; } = 2;

        /// <summary>
        /// With CONVERSIONS = N &gt; 1: draw and quantise every one of the N conversions (true), instead of drawing each column's
        /// sum of N conversions from its distribution (false, default: the same mean and variance, one noise draw per column
        /// instead of N; columns near the ends of the ADC range are still converted N times; <see cref="SummedConversions"/>).
        /// True makes the sums equal, code for code, to those of a MAC that gets every vector N times.
        /// </summary>
        public bool DrawEachConversion { get; init; }

        /// <summary>Tiles of the board: the chip's, else <see cref="Tiles"/>.</summary>
        public int BoardTiles => Chip?.Tiles ?? Tiles;
        /// <summary>Rows per tile: the chip's, else <see cref="Rows"/>.</summary>
        public int BoardRows => Chip?.Rows ?? Rows;
        /// <summary>Columns per tile: the chip's, else <see cref="Columns"/>.</summary>
        public int BoardColumns => Chip?.Columns ?? Columns;
        /// <summary>INPUT buffer bytes: the chip's, else <see cref="InputBufferBytes"/>.</summary>
        public int BoardInputBufferBytes => Chip?.InputBufferBytes ?? InputBufferBytes;
        /// <summary>OUTPUT buffer bytes: the chip's, else <see cref="OutputBufferBytes"/>.</summary>
        public int BoardOutputBufferBytes => Chip?.OutputBufferBytes ?? OutputBufferBytes;
        /// <summary>Columns sharing one ADC: the chip's, else Wu 2023's 8.</summary>
        public int BoardColumnsPerAdc => Chip?.ColumnsPerAdc ?? BoardConstants.ColumnsPerAdc;
        /// <summary>Energy of one tile operation, pJ: the chip's, else Wu 2023 Table 2's 2.66 nJ at 64 rows to 2.93 nJ at 256 rows, linear in the rows.</summary>
        public double TileOpEnergyPicojoules => Chip?.TileOpEnergyPicojoules
            ?? BoardConstants.TileOpEnergyPicojoules64Rows
               + (BoardRows - 64) * (BoardConstants.TileOpEnergyPicojoules256Rows - BoardConstants.TileOpEnergyPicojoules64Rows) / (256 - 64);
        /// <summary>The chip's name; without a chip, "wu2023" for the default geometry and "custom" for any other.</summary>
        public string ChipName => Chip?.Name ?? (Tiles == 4 && Rows == 64 && Columns == 64 ? ChipDefinition.DefaultName : "custom");

        /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
        public void Validate()
        {
            Check(Tiles >= 1 && Tiles <= 255, nameof(Tiles), Tiles, "1..255 (CAPS bits 0-7)");
            Check(InputBufferBytes >= 1 && InputBufferBytes <= 65535, nameof(InputBufferBytes), InputBufferBytes, "1..65535 (BUFCAPS bits 0-15)");
            Check(OutputBufferBytes >= 1 && OutputBufferBytes <= 65535, nameof(OutputBufferBytes), OutputBufferBytes, "1..65535 (BUFCAPS bits 16-31)");
            Check(MacThreads >= 0 && MacThreads <= 256, nameof(MacThreads), MacThreads, "0 (2 on two or more cores), 1 (the caller only) or 2..256 (with the helper thread)");
            Check(Rows >= 1 && Rows <= InputBufferBytes, nameof(Rows), Rows, $"1..InputBufferBytes ({InputBufferBytes}), so that one vector fits");
            Check(Columns >= 1 && Columns <= OutputBufferBytes, nameof(Columns), Columns, $"1..OutputBufferBytes ({OutputBufferBytes}), so that one result fits");
        }

        private static void Check(bool ok, string name, int value, string accepted)
        {
            if (!ok)
                throw new ArgumentOutOfRangeException(name, value, $"EmulatorOptions.{name} = {value}; accepted: {accepted}");
        }
    }
}
