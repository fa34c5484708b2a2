using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace CimController.Emulator
{
    /// <summary>
    /// The emulated chip: its geometry (tiles, rows and columns per tile), its periphery (columns per ADC, SPI buffer
    /// sizes) and its cost figures (energy of one tile operation), loaded from a JSON file in boards/chips, every figure
    /// with its source. Built-in names: <c>wu2023</c> (the default: the Wu 2023 SoC, 4 x 64x64), <c>wu2023-256x64</c>
    /// (its 256x64 variant) and <c>neurram48</c> (48 x 256x256, NeuRRAM's geometry, costs scaled from Wu 2023 Table 2).
    /// The device physics of the cells come from the device profile (<see cref="DeviceProfile"/>), not from here.
    /// </summary>
    public sealed class ChipDefinition
    {
        /// <summary>Name of the default chip.</summary>
        public const string DefaultName = "wu2023";

        private static readonly string[] Fields =
            { "tiles", "rows", "columns", "columnsPerAdc", "tileOpEnergyPicojoules", "inputBufferBytes", "outputBufferBytes" };

        private readonly Dictionary<string, string> sources;

        private ChipDefinition(string name, string description, Dictionary<string, double> values, Dictionary<string, string> sources, string json)
        {
            Name = name;
            Description = description;
            this.sources = sources;
            Json = json;
            Tiles = (int)values["tiles"];
            Rows = (int)values["rows"];
            Columns = (int)values["columns"];
            ColumnsPerAdc = (int)values["columnsPerAdc"];
            TileOpEnergyPicojoules = values["tileOpEnergyPicojoules"];
            InputBufferBytes = (int)values["inputBufferBytes"];
            OutputBufferBytes = (int)values["outputBufferBytes"];
        }

        /// <summary>The names <see cref="Load"/> accepts without a path.</summary>
        public static IReadOnlyList<string> BuiltInNames => new[] { "wu2023", "wu2023-256x64", "neurram48" };

        /// <summary>The chip's name (the file's "name").</summary>
        public string Name { get; }
        /// <summary>What the chip is and where it comes from.</summary>
        public string Description { get; }
        /// <summary>The JSON text the chip was parsed from.</summary>
        public string Json { get; }
        /// <summary>Tiles (arrays), 1..255 (CAPS bits 0-7).</summary>
        public int Tiles { get; }
        /// <summary>Rows per tile, 1..65535 (GEOMETRY bits 0-15) and at most the INPUT buffer.</summary>
        public int Rows { get; }
        /// <summary>Columns per tile, 1..65535 (GEOMETRY bits 16-31) and at most the OUTPUT buffer.</summary>
        public int Columns { get; }
        /// <summary>Columns sharing one ADC, 1..255 (CAPS bits 20-27): a tile operation takes that many conversions.</summary>
        public int ColumnsPerAdc { get; }
        /// <summary>Energy of one tile operation (one input vector through one whole tile), pJ.</summary>
        public double TileOpEnergyPicojoules { get; }
        /// <summary>INPUT buffer bytes, 1..65535 (BUFCAPS bits 0-15).</summary>
        public int InputBufferBytes { get; }
        /// <summary>OUTPUT buffer bytes, 1..65535 (BUFCAPS bits 16-31).</summary>
        public int OutputBufferBytes { get; }
        /// <summary>The "source" of every figure, by JSON name.</summary>
        public IReadOnlyDictionary<string, string> Sources => sources;

        /// <summary>The default chip, <c>wu2023</c>.</summary>
        public static ChipDefinition Default() => Load(DefaultName);

        /// <summary>
        /// Loads a built-in chip by name (<see cref="BuiltInNames"/>, any case, from the <c>chips</c> folder next to this
        /// assembly) or a chip file by path (anything with a directory separator or ending in <c>.json</c>).
        /// </summary>
        /// <exception cref="ChipDefinitionException">Not a built-in name and not a path, not found, not valid JSON, or a field out of range.</exception>
        public static ChipDefinition Load(string nameOrPath)
        {
            string accepted = string.Join(", ", BuiltInNames) + " or a path to a chip file (.json)";
            if (string.IsNullOrWhiteSpace(nameOrPath))
                throw new ChipDefinitionException("chip: empty name; accepted: " + accepted);
            foreach (string name in BuiltInNames)
            {
                if (string.Equals(name, nameOrPath, StringComparison.OrdinalIgnoreCase))
                {
                    string path = Path.Combine(ChipsFolder(), name + ".json");
                    if (!File.Exists(path))
                        throw new ChipDefinitionException($"chip '{nameOrPath}': built-in file {path} is missing (chips/*.json should be copied next to the assembly)");
                    return LoadFile(path);
                }
            }
            if (!DeviceProfile.LooksLikePath(nameOrPath))
                throw new ChipDefinitionException($"chip '{nameOrPath}' is not a built-in name and not a path; accepted: {accepted}");
            if (!File.Exists(nameOrPath))
                throw new ChipDefinitionException($"chip '{nameOrPath}': no such file; accepted: {accepted}");
            return LoadFile(nameOrPath);
        }

        /// <summary>Parses a chip from its JSON text; <paramref name="origin"/> names it in error messages.</summary>
        public static ChipDefinition Parse(string json, string origin)
        {
            JsonDocument doc;
            try { doc = JsonDocument.Parse(json); }
            catch (JsonException e) { throw new ChipDefinitionException($"chip {origin}: not valid JSON: {e.Message}", e); }
            using (doc)
            {
                JsonElement root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw new ChipDefinitionException($"chip {origin}: expected an object with \"name\", \"description\" and \"parameters\"");
                string name = Text(root, "name", origin);
                string description = Text(root, "description", origin);
                foreach (JsonProperty p in root.EnumerateObject())
                {
                    if (p.Name != "name" && p.Name != "description" && p.Name != "parameters")
                        throw new ChipDefinitionException($"chip {origin}: unknown field \"{p.Name}\"; accepted: name, description, parameters");
                }
                if (!root.TryGetProperty("parameters", out JsonElement parameters) || parameters.ValueKind != JsonValueKind.Object)
                    throw new ChipDefinitionException($"chip {origin}: \"parameters\" is missing or not an object");
                var values = new Dictionary<string, double>(StringComparer.Ordinal);
                var sources = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (JsonProperty p in parameters.EnumerateObject())
                {
                    if (Array.IndexOf(Fields, p.Name) < 0)
                        throw new ChipDefinitionException($"chip {origin}: unknown parameter \"{p.Name}\"; accepted: {string.Join(", ", Fields)}");
                    if (p.Value.ValueKind != JsonValueKind.Object || !p.Value.TryGetProperty("value", out JsonElement v) || v.ValueKind != JsonValueKind.Number
                        || !p.Value.TryGetProperty("source", out JsonElement s) || s.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(s.GetString()))
                        throw new ChipDefinitionException($"chip {origin}: parameter \"{p.Name}\" must be {{ \"value\": <number>, \"source\": \"<citation or 'assumption: ...'>\" }}");
                    values[p.Name] = v.GetDouble();
                    sources[p.Name] = s.GetString()!;
                }
                foreach (string field in Fields)
                {
                    if (!values.ContainsKey(field))
                        throw new ChipDefinitionException($"chip {origin}: parameter \"{field}\" is missing");
                }
                Whole(values, "tiles", 1, 255, "CAPS bits 0-7", origin);
                Whole(values, "inputBufferBytes", 1, 65535, "BUFCAPS bits 0-15", origin);
                Whole(values, "outputBufferBytes", 1, 65535, "BUFCAPS bits 16-31", origin);
                Whole(values, "rows", 1, (int)values["inputBufferBytes"], "GEOMETRY bits 0-15, and one vector must fit the INPUT buffer", origin);
                Whole(values, "columns", 1, (int)values["outputBufferBytes"], "GEOMETRY bits 16-31, and one result must fit the OUTPUT buffer", origin);
                Whole(values, "columnsPerAdc", 1, 255, "CAPS bits 20-27", origin);
                double energy = values["tileOpEnergyPicojoules"];
                if (!(energy > 0) || double.IsInfinity(energy))
                    throw new ChipDefinitionException($"chip {origin}: tileOpEnergyPicojoules = {energy.ToString(CultureInfo.InvariantCulture)}; accepted: a positive number of pJ");
                return new ChipDefinition(name, description, values, sources, json);
            }
        }

        /// <summary>Folder holding the built-in chips: <c>chips</c> next to this assembly.</summary>
        public static string ChipsFolder() => Path.Combine(Path.GetDirectoryName(DeviceProfile.ProfilesFolder()) ?? AppContext.BaseDirectory, "chips");

        /// <summary>One line: name, geometry, energy per tile operation.</summary>
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Name}: {Tiles} tiles of {Rows}x{Columns}, {ColumnsPerAdc} columns per ADC, {TileOpEnergyPicojoules / 1000:0.###} nJ per tile operation");

        private static ChipDefinition LoadFile(string path)
        {
            string json;
            try { json = File.ReadAllText(path); }
            catch (IOException e) { throw new ChipDefinitionException($"chip {path}: cannot read: {e.Message}", e); }
            catch (UnauthorizedAccessException e) { throw new ChipDefinitionException($"chip {path}: cannot read: {e.Message}", e); }
            return Parse(json, path);
        }

        private static string Text(JsonElement root, string field, string origin)
        {
            if (!root.TryGetProperty(field, out JsonElement e) || e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString()))
                throw new ChipDefinitionException($"chip {origin}: \"{field}\" is missing or empty");
            return e.GetString()!;
        }

        private static void Whole(Dictionary<string, double> values, string field, int min, int max, string why, string origin)
        {
            double v = values[field];
            if (v != Math.Floor(v) || v < min || v > max)
                throw new ChipDefinitionException($"chip {origin}: {field} = {v.ToString(CultureInfo.InvariantCulture)}; accepted: a whole number {min}..{max} ({why})");
        }
    }
}
