using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CimController.Emulator
{
    /// <summary>
    /// The emulator state file's JSON (format <see cref="FormatName"/>, version <see cref="FormatVersion"/>): identity and
    /// counters as plain fields, per-tile arrays as base64 of little-endian float32 / uint64 (bit-exact), generator
    /// positions as hex, and a SHA-256 checksum of the document as written.
    /// <para>
    /// Checksum: SHA-256 of the UTF-8 document serialised without indentation with <c>"checksum": ""</c>, written as
    /// <c>sha256:</c> + 64 hex digits. A load re-serialises the parsed document the same way, so changing any value is
    /// detected while re-indenting is not.
    /// </para>
    /// </summary>
    public static class EmulatorStateJson
    {
        /// <summary>The <c>"format"</c> field of every state file.</summary>
        public const string FormatName = "cimcontroller-emulator-state";

        /// <summary>The format version this emulator writes and reads.</summary>
        public const int FormatVersion = 1;

        private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
        private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

        /// <summary>The file text of <paramref name="state"/> with its history (<paramref name="createdUtc"/>, <paramref name="savedUtc"/>, <paramref name="sessions"/>).</summary>
        public static string Write(EmulatorState state, DateTime createdUtc, DateTime savedUtc, long sessions)
        {
            ArgumentNullException.ThrowIfNull(state);
            var tiles = new JsonArray();
            foreach (EmulatorTileState t in state.TileStates)
            {
                var tile = new JsonObject
                {
                    ["stuckCells"] = new JsonArray(Array.ConvertAll(t.StuckCells, i => (JsonNode?)JsonValue.Create(i))),
                    ["conductancesMicrosiemens"] = Floats(t.ConductancesMicrosiemens),
                };
                if (t.ProgrammedMicrosiemens != null && t.ProgrammedAtCycles != null)
                {
                    tile["programmedMicrosiemens"] = Floats(t.ProgrammedMicrosiemens);
                    tile["programmedAtCycles"] = Ulongs(t.ProgrammedAtCycles);
                    tile["youngestProgramCycles"] = t.YoungestProgramCycles;
                    tile["lastRefreshCycles"] = t.LastRefreshCycles;
                }
                if (t.Heat != null && t.HeatAtCycles != null)
                {
                    tile["heat"] = Floats(t.Heat);
                    tile["heatAtCycles"] = Ulongs(t.HeatAtCycles);
                }
                tiles.Add(tile);
            }
            var doc = new JsonObject
            {
                ["format"] = FormatName,
                ["version"] = FormatVersion,
                ["checksum"] = "",
                ["createdUtc"] = createdUtc.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                ["savedUtc"] = savedUtc.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                ["sessions"] = sessions,
                ["profile"] = state.ProfileNameOrPath,
                ["seed"] = state.Seed,
                ["noise"] = state.Noise,
                ["geometry"] = new JsonObject
                {
                    ["tiles"] = state.Tiles,
                    ["rows"] = state.Rows,
                    ["columns"] = state.Columns,
                    ["inputBufferBytes"] = state.InputBufferBytes,
                    ["outputBufferBytes"] = state.OutputBufferBytes,
                },
                ["counters"] = new JsonObject
                {
                    ["cycles"] = state.Cycles,
                    ["tileOps"] = state.TileOps,
                    ["energyPicojoules"] = state.EnergyPicojoules,
                    ["pulses"] = state.Pulses,
                    ["cellReads"] = state.CellReads,
                    ["lifetimeCycles"] = state.LifetimeCycles,
                },
                ["random"] = new JsonObject
                {
                    ["noiseKeyState"] = Hex(state.NoiseKeyState),
                    ["cycleNoiseState"] = Hex(state.CycleNoiseState),
                },
                ["profileJson"] = state.ProfileJson,
                ["tiles"] = tiles,
            };
            if (state.ChipJson.Length > 0)
            {
                doc["chipJson"] = state.ChipJson;
            }
            doc["checksum"] = Checksum(doc);
            return doc.ToJsonString(Indented) + "\n";
        }

        /// <summary>Parses and checks a state file's text; the returned history holds createdUtc, savedUtc and sessions.</summary>
        /// <exception cref="EmulatorStateException">Not JSON, another format or version, a changed checksum, or a field missing or out of range (the message names it, after "<paramref name="path"/>: ").</exception>
        public static (EmulatorState State, DateTime CreatedUtc, DateTime SavedUtc, long Sessions) Read(string text, string path)
        {
            string where = "state file " + path;
            if (string.IsNullOrWhiteSpace(text))
                throw new EmulatorStateException(where + " is empty; it is refused and left as it is (move it away to start a fresh chip)");
            JsonObject doc;
            try
            {
                doc = JsonNode.Parse(text) as JsonObject ?? throw new EmulatorStateException(where + " is not a JSON object");
            }
            catch (JsonException e)
            {
                throw new EmulatorStateException(where + " is corrupt: not valid JSON (" + e.Message + "); it is refused and left as it is (move it away to start a fresh chip)", e);
            }
            var r = new FieldReader(doc, where);
            string format = r.String("format");
            if (format != FormatName)
                throw new EmulatorStateException($"{where} is not an emulator state file: format '{format}', expected '{FormatName}'");
            long version = r.Long("version", 0, long.MaxValue);
            if (version != FormatVersion)
                throw new EmulatorStateException($"{where} has format version {version}; this emulator reads version {FormatVersion}");
            string stored = r.String("checksum");
            doc["checksum"] = "";
            string actual = Checksum(doc);
            if (!string.Equals(stored, actual, StringComparison.Ordinal))
                throw new EmulatorStateException($"{where} was changed after it was written (checksum {Short(stored)}, its content gives {Short(actual)}); it is refused and left as it is (move it away to start a fresh chip)");
            var state = new EmulatorState
            {
                ProfileNameOrPath = r.String("profile"),
                Seed = (int)r.Long("seed", int.MinValue, int.MaxValue),
                Noise = r.Bool("noise"),
                ProfileJson = r.String("profileJson"),
                ChipJson = r.Has("chipJson") ? r.String("chipJson") : "",
            };
            var g = new FieldReader(r.Object("geometry"), where + " geometry");
            state.Tiles = (int)g.Long("tiles", 1, 255);
            state.Rows = (int)g.Long("rows", 1, 65535);
            state.Columns = (int)g.Long("columns", 1, 65535);
            state.InputBufferBytes = (int)g.Long("inputBufferBytes", 1, 65535);
            state.OutputBufferBytes = (int)g.Long("outputBufferBytes", 1, 65535);
            var c = new FieldReader(r.Object("counters"), where + " counters");
            state.Cycles = c.Ulong("cycles");
            state.TileOps = c.Ulong("tileOps");
            state.EnergyPicojoules = c.Double("energyPicojoules");
            state.Pulses = c.Ulong("pulses");
            state.CellReads = c.Ulong("cellReads");
            state.LifetimeCycles = c.Ulong("lifetimeCycles");
            var rnd = new FieldReader(r.Object("random"), where + " random");
            state.NoiseKeyState = rnd.HexUlong("noiseKeyState");
            state.CycleNoiseState = rnd.HexUlong("cycleNoiseState");
            JsonArray tiles = r.Array("tiles");
            state.TileStates = new EmulatorTileState[tiles.Count];
            for (int i = 0; i < tiles.Count; i++)
            {
                var t = new FieldReader(tiles[i] as JsonObject ?? throw new EmulatorStateException($"{where}: tiles[{i}] is not an object"), $"{where} tiles[{i}]");
                var tile = new EmulatorTileState
                {
                    StuckCells = t.Ints("stuckCells"),
                    ConductancesMicrosiemens = t.Floats("conductancesMicrosiemens"),
                };
                if (t.Has("programmedMicrosiemens"))
                {
                    tile.ProgrammedMicrosiemens = t.Floats("programmedMicrosiemens");
                    tile.ProgrammedAtCycles = t.Ulongs("programmedAtCycles");
                    tile.YoungestProgramCycles = t.Ulong("youngestProgramCycles");
                    tile.LastRefreshCycles = t.Ulong("lastRefreshCycles");
                }
                if (t.Has("heat"))
                {
                    tile.Heat = t.Floats("heat");
                    tile.HeatAtCycles = t.Ulongs("heatAtCycles");
                }
                state.TileStates[i] = tile;
            }
            DateTime created = r.Time("createdUtc");
            DateTime saved = r.Time("savedUtc");
            long sessions = r.Long("sessions", 0, long.MaxValue);
            return (state, created, saved, sessions);
        }

        private static string Checksum(JsonObject doc) =>
            "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(doc.ToJsonString(Compact)))).ToLowerInvariant();

        private static string Short(string checksum) => checksum.Length > 19 ? checksum.Substring(0, 19) + ".." : "'" + checksum + "'";

        private static string Hex(ulong value) => "0x" + value.ToString("x16", CultureInfo.InvariantCulture);

        private static string Floats(float[] values)
        {
            var bytes = new byte[values.Length * 4];
            for (int i = 0; i < values.Length; i++)
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
            return Convert.ToBase64String(bytes);
        }

        private static string Ulongs(ulong[] values)
        {
            var bytes = new byte[values.Length * 8];
            for (int i = 0; i < values.Length; i++)
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), values[i]);
            return Convert.ToBase64String(bytes);
        }

        /// <summary>Reads typed fields of one object; every failure names the field and what is accepted.</summary>
        private readonly struct FieldReader
        {
            private readonly JsonObject obj;
            private readonly string where;

            public FieldReader(JsonObject obj, string where)
            {
                this.obj = obj;
                this.where = where;
            }

            public bool Has(string field) => obj[field] != null;

            private JsonNode Node(string field) =>
                obj[field] ?? throw new EmulatorStateException($"{where}: field '{field}' is missing");

            private EmulatorStateException Bad(string field, string accepted) =>
                new EmulatorStateException($"{where}: field '{field}' is {Node(field).ToJsonString()}; accepted: {accepted}");

            public string String(string field) =>
                Node(field) is JsonValue v && v.TryGetValue(out string? s) ? s : throw Bad(field, "a string");

            public bool Bool(string field) =>
                Node(field) is JsonValue v && v.TryGetValue(out bool b) ? b : throw Bad(field, "true or false");

            public long Long(string field, long min, long max) =>
                Node(field) is JsonValue v && v.TryGetValue(out long n) && n >= min && n <= max ? n : throw Bad(field, $"an integer in {min}..{max}");

            public ulong Ulong(string field) =>
                Node(field) is JsonValue v && v.TryGetValue(out ulong n) ? n : throw Bad(field, "an integer in 0..18446744073709551615");

            public double Double(string field) =>
                Node(field) is JsonValue v && v.TryGetValue(out double d) && double.IsFinite(d) && d >= 0 ? d : throw Bad(field, "a finite number >= 0");

            public ulong HexUlong(string field)
            {
                string s = String(field);
                return s.StartsWith("0x", StringComparison.Ordinal) && s.Length == 18 && ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong n)
                    ? n : throw Bad(field, "0x and 16 hex digits");
            }

            public DateTime Time(string field) =>
                DateTime.TryParse(String(field), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime t) ? t.ToUniversalTime() : throw Bad(field, "an ISO 8601 time");

            public JsonObject Object(string field) => Node(field) as JsonObject ?? throw Bad(field, "an object");

            public JsonArray Array(string field) => Node(field) as JsonArray ?? throw Bad(field, "an array");

            public int[] Ints(string field)
            {
                JsonArray a = Array(field);
                var result = new int[a.Count];
                for (int i = 0; i < a.Count; i++)
                    result[i] = a[i] is JsonValue v && v.TryGetValue(out int n) && n >= 0 ? n : throw Bad(field, "an array of cell indices >= 0");
                return result;
            }

            private byte[] Bytes(string field, int width)
            {
                byte[] bytes;
                try
                {
                    bytes = Convert.FromBase64String(String(field));
                }
                catch (FormatException)
                {
                    throw Bad(field, "base64 text");
                }
                if (bytes.Length % width != 0)
                    throw new EmulatorStateException($"{where}: field '{field}' holds {bytes.Length} bytes, not a whole number of {width}-byte values");
                return bytes;
            }

            public float[] Floats(string field)
            {
                byte[] bytes = Bytes(field, 4);
                var values = new float[bytes.Length / 4];
                for (int i = 0; i < values.Length; i++)
                    values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
                return values;
            }

            public ulong[] Ulongs(string field)
            {
                byte[] bytes = Bytes(field, 8);
                var values = new ulong[bytes.Length / 8];
                for (int i = 0; i < values.Length; i++)
                    values[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * 8));
                return values;
            }
        }
    }
}
