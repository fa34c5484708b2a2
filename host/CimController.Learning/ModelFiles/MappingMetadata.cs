using System;
using System.Collections.Generic;
using System.Globalization;

namespace CimController.Learning.ModelFiles;

/// <summary>
/// The training-to-deployment contract of a model file: the <c>mapping.*</c> metadata keys (MODEL-FILE.md) that say for
/// which device profile, conductance window, level count and tile size a network was trained. Training writes them with
/// <see cref="WriteTo"/>; deployment reads them with <see cref="Read"/>. A key that is missing or does not parse reads as
/// null, so files that carry only some of the keys (or none) still load.
/// </summary>
public sealed record MappingMetadata
{
    /// <summary>Key of <see cref="Profile"/>.</summary>
    public const string ProfileKey = "mapping.profile";

    /// <summary>Key of <see cref="Levels"/>.</summary>
    public const string LevelsKey = "mapping.levels";

    /// <summary>Key of <see cref="MinMicrosiemens"/>.</summary>
    public const string MinMicrosiemensKey = "mapping.g_min_us";

    /// <summary>Key of <see cref="MaxMicrosiemens"/>.</summary>
    public const string MaxMicrosiemensKey = "mapping.g_max_us";

    /// <summary>Key of <see cref="TileRows"/>.</summary>
    public const string TileRowsKey = "mapping.tile_rows";

    /// <summary>Key of <see cref="TileColumns"/>.</summary>
    public const string TileColumnsKey = "mapping.tile_cols";

    /// <summary>The <see cref="Profile"/> of a network trained in software, on no device.</summary>
    public const string SoftwareProfile = "none";

    /// <summary>The device profile the network was trained on (<see cref="SoftwareProfile"/> for software training).</summary>
    public string? Profile { get; init; }

    /// <summary>Conductance levels per device of the training run.</summary>
    public int? Levels { get; init; }

    /// <summary>Lowest conductance of the training window, µS.</summary>
    public double? MinMicrosiemens { get; init; }

    /// <summary>Highest conductance of the training window, µS.</summary>
    public double? MaxMicrosiemens { get; init; }

    /// <summary>Rows of the tiles the network was trained on.</summary>
    public int? TileRows { get; init; }

    /// <summary>Columns of the tiles the network was trained on.</summary>
    public int? TileColumns { get; init; }

    /// <summary>The training window (min, max) in µS when both ends are given and max > min, else null.</summary>
    public (double Min, double Max)? WindowMicrosiemens =>
        MinMicrosiemens is double lo && MaxMicrosiemens is double hi && hi > lo ? (lo, hi) : null;

    /// <summary>True when the network was trained for <paramref name="profile"/> (names compared ignoring case).</summary>
    public bool IsFor(string profile) => Profile != null && string.Equals(Profile, profile, StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>mapping.*</c> keys of <paramref name="metadata"/>.</summary>
    public static MappingMetadata Read(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new MappingMetadata
        {
            Profile = metadata.TryGetValue(ProfileKey, out string? p) ? p : null,
            Levels = Int(metadata, LevelsKey),
            MinMicrosiemens = Number(metadata, MinMicrosiemensKey),
            MaxMicrosiemens = Number(metadata, MaxMicrosiemensKey),
            TileRows = Int(metadata, TileRowsKey),
            TileColumns = Int(metadata, TileColumnsKey),
        };
    }

    /// <summary>Adds the keys that have a value to <paramref name="metadata"/>, in the order of MODEL-FILE.md, as invariant text.</summary>
    public void WriteTo(IDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var inv = CultureInfo.InvariantCulture;
        if (Profile != null) metadata[ProfileKey] = Profile;
        if (Levels is int n) metadata[LevelsKey] = n.ToString(inv);
        if (MinMicrosiemens is double lo) metadata[MinMicrosiemensKey] = lo.ToString(inv);
        if (MaxMicrosiemens is double hi) metadata[MaxMicrosiemensKey] = hi.ToString(inv);
        if (TileRows is int rows) metadata[TileRowsKey] = rows.ToString(inv);
        if (TileColumns is int cols) metadata[TileColumnsKey] = cols.ToString(inv);
    }

    private static double? Number(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out string? text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null;

    private static int? Int(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out string? text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;
}
