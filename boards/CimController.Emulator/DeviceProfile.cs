using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace CimController.Emulator
{
    /// <summary>
    /// The physical figures of one memristor technology, loaded from a JSON file in boards/profiles
    /// (every number there carries a "source" string citing the paper or marking an assumption).
    /// Built-in names: <c>brram</c> (Wu 2023 b-RRAM as programmed on chip, Fig. 2 / Fig. S2), <c>brram-table1</c>
    /// (alias <c>brram-wu2023</c>: the Table 1 hardware-aware simulation settings), <c>tio2</c> (Diao 2025),
    /// <c>hfo2</c> (Park 2023) and <c>ideal</c> (Table 1 ranges, no noise, linear response). The <c>"model"</c>
    /// field picks the device physics (<see cref="Model"/>).
    /// The emulator uses these for its tiles, MAC noise, ADC and pulse response; the firmware should
    /// enforce <see cref="MaxSetVolts"/>, <see cref="MaxResetVolts"/>, <see cref="MinPulseWidthNanoseconds"/>
    /// and <see cref="MaxPulseWidthNanoseconds"/> (the board itself only refuses pulses beyond its much
    /// wider absolute limit, register PULSE_LIMITS).
    /// </summary>
    public sealed class DeviceProfile
    {
        /// <summary>Built-in profile names and their files in the profiles folder.</summary>
        private static readonly (string Name, string File)[] BuiltIns =
        {
            ("brram", "brram.json"),
            ("brram-table1", "brram-table1.json"),
            ("brram-wu2023", "brram-table1.json"),
            ("tio2", "tio2.json"),
            ("hfo2", "hfo2.json"),
            ("ideal", "ideal.json"),
        };

        /// <summary>Largest pulse amplitude the board's 12-bit pulse DAC can produce (4095 x 2 mV).</summary>
        private const double PulseDacSpanVolts = 4095 * BoardConstants.PulseLsbMicrovolts / 1e6;
        /// <summary>Largest read voltage the 8-bit read DAC can produce (255 x 2 mV).</summary>
        private const double ReadDacSpanVolts = 255 * BoardConstants.ReadLsbMicrovolts / 1e6;

        private readonly Dictionary<string, string> sources;
        /// <summary>Longest pulse a profile may allow, ns (4 s; Diao 2025 needs 2 s).</summary>
        private const double MaxWidthNanoseconds = 4e9;

        private readonly Dictionary<string, double> modelParameters = new Dictionary<string, double>(StringComparer.Ordinal);

        private DeviceProfile(string name, string model, string description, string origin, Dictionary<string, string> sources)
        {
            Name = name;
            Model = model;
            Description = description;
            Origin = origin;
            this.sources = sources;
        }

        /// <summary>The JSON text the profile was parsed from (kept so that an emulator state file can carry the profile it was made with).</summary>
        public string Json { get; private init; } = "";

        /// <summary>The names <see cref="Load"/> accepts without a path.</summary>
        public static IReadOnlyList<string> BuiltInNames => new[] { "brram", "brram-table1", "tio2", "hfo2", "ideal" };

        /// <summary>Profile name from the file ("brram-wu2023", "ideal").</summary>
        public string Name { get; }
        /// <summary>Device physics: <c>brram</c>, <c>tio2</c>, <c>hfo2</c> or <c>linear</c> (boards/README.md, "Device models").</summary>
        public string Model { get; }
        /// <summary>One-paragraph description from the file.</summary>
        public string Description { get; }
        /// <summary>File the profile was loaded from, or the origin passed to <see cref="Parse"/>.</summary>
        public string Origin { get; }

        /// <summary>Lowest programmable conductance, uS (Wu 2023 Table 1: 1 uA at 0.1 V = 10 uS).</summary>
        public double ConductanceMinMicrosiemens { get; private set; }
        /// <summary>Highest programmable conductance, uS (Wu 2023 Table 1: 7 uA at 0.1 V = 70 uS).</summary>
        public double ConductanceMaxMicrosiemens { get; private set; }
        /// <summary>Programming precision in bits (Wu 2023 Table 1: 4).</summary>
        public int ConductanceBits { get; private set; }
        /// <summary>Number of conductance levels, 2^<see cref="ConductanceBits"/>.</summary>
        public int ConductanceLevels => 1 << ConductanceBits;
        /// <summary>Separation of two adjacent levels, uS (Table 1's sigma: 60 uS / 15 = 4 uS).</summary>
        public double LevelSeparationMicrosiemens => (ConductanceMaxMicrosiemens - ConductanceMinMicrosiemens) / (ConductanceLevels - 1);
        /// <summary>Lower bound of the seeded uniform as-fabricated conductance, uS.</summary>
        public double InitialMinMicrosiemens { get; private set; }
        /// <summary>Upper bound of the seeded uniform as-fabricated conductance, uS.</summary>
        public double InitialMaxMicrosiemens { get; private set; }
        /// <summary>Read voltage the noise figures refer to, V (Wu 2023: 0.1 V); the board's power-on READ_DAC.</summary>
        public double ReadVoltageVolts { get; private set; }
        /// <summary>Per-cell read variation at full input, standard deviation in uA (Table 1: 0.3 x 0.4 uA = 0.12 uA).</summary>
        public double ReadNoiseMicroamps { get; private set; }
        /// <summary>Column ADC resolution in bits (Table 1: 8).</summary>
        public int AdcBits { get; private set; }
        /// <summary>Column ADC full-scale current, uA (Table 1: 70 uA).</summary>
        public double AdcFullScaleMicroamps { get; private set; }
        /// <summary>Column ADC LSB, uA: full scale / (2^bits - 1) (Table 1: 70 / 255 = 0.2745 uA).</summary>
        public double AdcLsbMicroamps => AdcFullScaleMicroamps / ((1 << AdcBits) - 1);
        /// <summary>ADC noise of one conversion, standard deviation in uA (Table 1: 2 LSB = 0.549 uA).</summary>
        public double AdcNoiseMicroamps { get; private set; }
        /// <summary>Single-cell sense ADC LSB, pA (register SENSE_LSB_PA; b-RRAM: 1000 = 1 nA).</summary>
        public int SenseLsbPicoamps { get; private set; }
        /// <summary>Smallest SET amplitude that moves a device, V (Wu 2023 Fig. S2: SET train starts at 1.5 V).</summary>
        public double SetThresholdVolts { get; private set; }
        /// <summary>Largest SET amplitude the firmware may apply, V (Wu 2023 Fig. S2: 3 V).</summary>
        public double MaxSetVolts { get; private set; }
        /// <summary>Smallest RESET amplitude that moves a device, V (Wu 2023 Fig. S2: 1.5 V).</summary>
        public double ResetThresholdVolts { get; private set; }
        /// <summary>Largest RESET amplitude the firmware may apply, V (Wu 2023 Fig. S2: 3 V).</summary>
        public double MaxResetVolts { get; private set; }
        /// <summary>Shortest pulse the firmware may apply, ns (assumption: one 100 MHz cycle, 10 ns).</summary>
        public double MinPulseWidthNanoseconds { get; private set; }
        /// <summary>Longest pulse the firmware may apply, ns (assumption: 10 us).</summary>
        public double MaxPulseWidthNanoseconds { get; private set; }
        /// <summary>Device-to-device variation: standard deviation of the log of a cell's step-size factor.</summary>
        public double DeviceVariation { get; private set; }
        /// <summary>Fraction of stuck cells (ignore pulses, keep their as-fabricated conductance, no drift).</summary>
        public double StuckFraction { get; private set; }
        /// <summary>Retention drift at the window's low edge, uS per decade of time since programming.</summary>
        public double DriftLowMicrosiemensPerDecade { get; private set; }
        /// <summary>Retention drift at the window's high edge, uS per decade of time since programming.</summary>
        public double DriftHighMicrosiemensPerDecade { get; private set; }
        /// <summary>Time constant tau of the drift law G0 + A log10(1 + t / tau), s.</summary>
        public double DriftTimeConstantSeconds { get; private set; }
        /// <summary>Device-to-device relative standard deviation of the drift amplitude.</summary>
        public double DriftVariation { get; private set; }

        /// <summary>A model-specific parameter (see the model's class, e.g. "brramSetStepMicrosiemens").</summary>
        /// <exception cref="KeyNotFoundException">The profile's model has no such parameter.</exception>
        public double ModelParameter(string name) =>
            modelParameters.TryGetValue(name, out double v) ? v : throw new KeyNotFoundException($"device profile {Name}: model '{Model}' has no parameter '{name}'");

        /// <summary>The "source" string of every parameter, by JSON name (e.g. "adcNoiseMicroamps").</summary>
        public IReadOnlyDictionary<string, string> Sources => sources;

        /// <summary>
        /// Loads a built-in profile by name (<see cref="BuiltInNames"/> or <c>brram-wu2023</c>, any case, from the
        /// <c>profiles</c> folder next to this assembly) or a profile file by path. A built-in name always means the
        /// built-in: a file of that name in the working directory is never read, so it cannot change a profile's limits.
        /// Anything else must look like a path (<see cref="LooksLikePath"/>: a directory separator, or a name ending in
        /// <c>.json</c>).
        /// </summary>
        /// <exception cref="DeviceProfileException">Not a built-in name and not a path, not found, not valid JSON, or a field out of range.</exception>
        public static DeviceProfile Load(string nameOrPath)
        {
            if (string.IsNullOrWhiteSpace(nameOrPath))
                throw new DeviceProfileException("device profile: empty name; accepted: " + string.Join(", ", BuiltInNames) + " or a path to a .json profile");
            string folder = ProfilesFolder();
            foreach (var (name, file) in BuiltIns)
            {
                if (string.Equals(name, nameOrPath, StringComparison.OrdinalIgnoreCase))
                {
                    string path = Path.Combine(folder, file);
                    if (!File.Exists(path))
                        throw new DeviceProfileException($"device profile '{nameOrPath}': built-in file {path} is missing (profiles/*.json should be copied next to the assembly)");
                    return LoadFile(path);
                }
            }
            if (!LooksLikePath(nameOrPath))
                throw new DeviceProfileException($"device profile '{nameOrPath}' is not a built-in name and not a path; accepted: {string.Join(", ", BuiltInNames)} or a path to a profile file (with a directory separator, e.g. ./{nameOrPath}, or ending in .json)");
            if (!File.Exists(nameOrPath))
                throw new DeviceProfileException($"device profile '{nameOrPath}': no such file; accepted: {string.Join(", ", BuiltInNames)} (in {folder}) or a path to a .json profile");
            return LoadFile(nameOrPath);
        }

        /// <summary>
        /// True when <paramref name="nameOrPath"/> names a file rather than a built-in profile: it contains a directory
        /// separator ('/' or the platform's own) or ends in <c>.json</c> (any case).
        /// </summary>
        public static bool LooksLikePath(string nameOrPath)
        {
            ArgumentNullException.ThrowIfNull(nameOrPath);
            return nameOrPath.IndexOf('/') >= 0 || nameOrPath.IndexOf(Path.DirectorySeparatorChar) >= 0 ||
                nameOrPath.IndexOf(Path.AltDirectorySeparatorChar) >= 0 ||
                nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Folder holding the built-in profiles: <c>profiles</c> next to this assembly.</summary>
        public static string ProfilesFolder()
        {
            string location = typeof(DeviceProfile).Assembly.Location;
            string baseDir = string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location) ?? AppContext.BaseDirectory;
            return Path.Combine(baseDir, "profiles");
        }

        private static DeviceProfile LoadFile(string path)
        {
            string json;
            try { json = File.ReadAllText(path); }
            catch (IOException e) { throw new DeviceProfileException($"device profile {path}: cannot read: {e.Message}", e); }
            catch (UnauthorizedAccessException e) { throw new DeviceProfileException($"device profile {path}: cannot read: {e.Message}", e); }
            return Parse(json, Path.GetFullPath(path));
        }

        /// <summary>Parses and validates profile JSON; <paramref name="origin"/> names it in error messages.</summary>
        /// <exception cref="DeviceProfileException">Not valid JSON, a missing or unknown field, or a value out of range.</exception>
        public static DeviceProfile Parse(string json, string origin)
        {
            ArgumentNullException.ThrowIfNull(json);
            JsonDocument doc;
            try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
            catch (JsonException e) { throw new DeviceProfileException($"device profile {origin}: not valid JSON: {e.Message}", e); }
            using (doc)
            {
                JsonElement root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw new DeviceProfileException($"device profile {origin}: the top level must be an object with \"name\", \"model\", \"description\" and \"parameters\"");
                string name = RequiredString(root, "name", origin);
                string model = RequiredString(root, "model", origin);
                if (!DeviceModel.ModelNames.Contains(model))
                    throw new DeviceProfileException($"device profile {origin}: model '{model}' is not known; accepted: {string.Join(", ", DeviceModel.ModelNames)}");
                string description = RequiredString(root, "description", origin);
                foreach (JsonProperty top in root.EnumerateObject())
                {
                    if (top.Name != "name" && top.Name != "model" && top.Name != "description" && top.Name != "parameters")
                        throw new DeviceProfileException($"device profile {origin}: unknown top-level field '{top.Name}'; accepted: name, model, description, parameters");
                }
                if (!root.TryGetProperty("parameters", out JsonElement parameters) || parameters.ValueKind != JsonValueKind.Object)
                    throw new DeviceProfileException($"device profile {origin}: field 'parameters' is missing or not an object");

                var reader = new ParameterReader(parameters, origin);
                var profile = new DeviceProfile(name, model, description, origin, reader.Sources) { Json = json };
                profile.ReadParameters(reader);
                reader.RejectUnknown();
                return profile;
            }
        }

        private void ReadParameters(ParameterReader r)
        {
            ConductanceMinMicrosiemens = r.Number("conductanceMinMicrosiemens", v => v > 0 && v < 1e6, "a conductance > 0 and < 1e6 uS");
            ConductanceMaxMicrosiemens = r.Number("conductanceMaxMicrosiemens", v => v > ConductanceMinMicrosiemens && v < 1e6, $"a conductance > conductanceMinMicrosiemens ({Format(ConductanceMinMicrosiemens)}) and < 1e6 uS");
            ConductanceBits = r.Integer("conductanceBits", 1, 16);
            InitialMinMicrosiemens = r.Number("initialMinMicrosiemens", v => v >= ConductanceMinMicrosiemens && v <= ConductanceMaxMicrosiemens, $"a conductance within [{Format(ConductanceMinMicrosiemens)}, {Format(ConductanceMaxMicrosiemens)}] uS");
            InitialMaxMicrosiemens = r.Number("initialMaxMicrosiemens", v => v >= InitialMinMicrosiemens && v <= ConductanceMaxMicrosiemens, $"a conductance within [initialMinMicrosiemens ({Format(InitialMinMicrosiemens)}), {Format(ConductanceMaxMicrosiemens)}] uS");
            ReadVoltageVolts = r.Number("readVoltageVolts", v => v >= BoardConstants.ReadLsbMicrovolts / 1e6 && v <= ReadDacSpanVolts, $"a voltage within [0.002, {Format(ReadDacSpanVolts)}] V (the 8-bit read DAC, 2 mV per code)");
            ReadNoiseMicroamps = r.Number("readNoiseMicroamps", v => v >= 0 && v < 1e6, "a standard deviation >= 0 uA");
            AdcBits = r.Integer("adcBits", 1, 8);
            AdcFullScaleMicroamps = r.Number("adcFullScaleMicroamps", v => v >= 0.001 && v <= 4e6, "a current within [0.001, 4e6] uA (register ADC_FS_NA is a u32 in nA)");
            AdcNoiseMicroamps = r.Number("adcNoiseMicroamps", v => v >= 0 && v < 1e6, "a standard deviation >= 0 uA");
            SenseLsbPicoamps = r.Integer("senseLsbPicoamps", 1, int.MaxValue);
            SetThresholdVolts = r.Number("setThresholdVolts", v => v > 0 && v <= PulseDacSpanVolts, $"a voltage within (0, {Format(PulseDacSpanVolts)}] V (the 12-bit pulse DAC)");
            MaxSetVolts = r.Number("maxSetVolts", v => v >= SetThresholdVolts && v <= PulseDacSpanVolts, $"a voltage within [setThresholdVolts ({Format(SetThresholdVolts)}), {Format(PulseDacSpanVolts)}] V");
            ResetThresholdVolts = r.Number("resetThresholdVolts", v => v > 0 && v <= PulseDacSpanVolts, $"a voltage within (0, {Format(PulseDacSpanVolts)}] V (the 12-bit pulse DAC)");
            MaxResetVolts = r.Number("maxResetVolts", v => v >= ResetThresholdVolts && v <= PulseDacSpanVolts, $"a voltage within [resetThresholdVolts ({Format(ResetThresholdVolts)}), {Format(PulseDacSpanVolts)}] V");
            MinPulseWidthNanoseconds = r.Number("minPulseWidthNanoseconds", v => v >= BoardConstants.PulseWidthUnitNanoseconds && v <= MaxWidthNanoseconds, $"a width within [10, {Format(MaxWidthNanoseconds)}] ns (PULSE_WIDTH counts 10 ns units)");
            MaxPulseWidthNanoseconds = r.Number("maxPulseWidthNanoseconds", v => v >= MinPulseWidthNanoseconds && v <= MaxWidthNanoseconds, $"a width within [minPulseWidthNanoseconds ({Format(MinPulseWidthNanoseconds)}), {Format(MaxWidthNanoseconds)}] ns (4 s: the firmware keeps widths in a u32 of ns)");
            DeviceVariation = r.Number("deviceVariation", v => v >= 0 && v <= 5, "a standard deviation within [0, 5] (log of the step factor)");
            StuckFraction = r.Number("stuckFraction", v => v >= 0 && v <= 1, "a fraction within [0, 1]");
            DriftLowMicrosiemensPerDecade = r.Number("driftLowMicrosiemensPerDecade", v => Math.Abs(v) < 1e6, "a drift rate in uS per decade, |v| < 1e6");
            DriftHighMicrosiemensPerDecade = r.Number("driftHighMicrosiemensPerDecade", v => Math.Abs(v) < 1e6, "a drift rate in uS per decade, |v| < 1e6");
            DriftTimeConstantSeconds = r.Number("driftTimeConstantSeconds", v => v >= 1e-9 && v <= 1e9, "a time within [1e-9, 1e9] s");
            DriftVariation = r.Number("driftVariation", v => v >= 0 && v <= 5, "a relative standard deviation within [0, 5]");
            foreach (ModelParameter p in DeviceModel.Parameters(Model))
                modelParameters[p.Name] = r.Number(p.Name, v => v >= p.Min && v <= p.Max, $"{p.Meaning}, within [{Format(p.Min)}, {Format(p.Max)}] (model {Model})");
        }

        private static string RequiredString(JsonElement root, string field, string origin)
        {
            if (!root.TryGetProperty(field, out JsonElement e) || e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString()))
                throw new DeviceProfileException($"device profile {origin}: field '{field}' is missing or empty; accepted: a non-empty string");
            return e.GetString()!;
        }

        private static string Format(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

        /// <inheritdoc/>
        public override string ToString() => $"{Name} ({Origin})";

        /// <summary>Reads { "value": number, "source": "..." } entries and remembers which were read.</summary>
        private sealed class ParameterReader
        {
            private readonly JsonElement parameters;
            private readonly string origin;
            private readonly HashSet<string> known = new HashSet<string>(StringComparer.Ordinal);

            public ParameterReader(JsonElement parameters, string origin)
            {
                this.parameters = parameters;
                this.origin = origin;
            }

            public Dictionary<string, string> Sources { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

            public double Number(string field, Func<double, bool> accept, string accepted)
            {
                double v = Raw(field);
                if (!double.IsFinite(v) || !accept(v))
                    throw Bad(field, Format(v), accepted);
                return v;
            }

            public int Integer(string field, int min, int max)
            {
                double v = Raw(field);
                if (!double.IsFinite(v) || v != Math.Floor(v) || v < min || v > max)
                    throw Bad(field, Format(v), $"an integer within [{min}, {max}]");
                return (int)v;
            }

            public void RejectUnknown()
            {
                foreach (JsonProperty p in parameters.EnumerateObject())
                {
                    if (!known.Contains(p.Name))
                        throw new DeviceProfileException($"device profile {origin}: unknown parameter '{p.Name}'; accepted: {string.Join(", ", known.OrderBy(k => k, StringComparer.Ordinal))}");
                }
            }

            private double Raw(string field)
            {
                known.Add(field);
                if (!parameters.TryGetProperty(field, out JsonElement entry))
                    throw new DeviceProfileException($"device profile {origin}: parameter '{field}' is missing; accepted: {{ \"value\": <number>, \"source\": \"<paper, table or 'assumption: ...'>\" }}");
                if (entry.ValueKind != JsonValueKind.Object
                    || !entry.TryGetProperty("value", out JsonElement value) || value.ValueKind != JsonValueKind.Number)
                    throw new DeviceProfileException($"device profile {origin}: parameter '{field}' has no numeric \"value\"; accepted: {{ \"value\": <number>, \"source\": \"...\" }}");
                if (!entry.TryGetProperty("source", out JsonElement source) || source.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(source.GetString()))
                    throw new DeviceProfileException($"device profile {origin}: parameter '{field}' has no \"source\"; accepted: a non-empty string citing the paper or marking an assumption");
                Sources[field] = source.GetString()!;
                return value.GetDouble();
            }

            private DeviceProfileException Bad(string field, string value, string accepted) =>
                new DeviceProfileException($"device profile {origin}: parameter '{field}' = {value} is out of range; accepted: {accepted}");
        }
    }
}
