using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Learning.Layers;
using CimController.Learning.Models;

namespace CimController.Learning.ModelFiles;

/// <summary>A model read from a file: the network with its weights and the file's metadata.</summary>
/// <param name="Network">The network, weights loaded.</param>
/// <param name="Metadata">The file's string metadata (empty for a plain safetensors file).</param>
public sealed record LoadedModel(Network Network, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// The project's model file (documented in host/CimController.Learning/MODEL-FILE.md): a safetensors file whose
/// tensors are the network's parameters in crossbar form ([fan-in, outputs] for weights, [1, outputs] for biases) and
/// whose metadata names the format and version, the architecture, the mapping choices (profile, levels, tile size) and
/// the tensors' SHA-256, checked on load.
/// Plain safetensors files of a supported architecture (e.g. saved by PyTorch, weights [out, in, kh, kw] / [out, in],
/// biases [out]) are read too, with the architecture given by the caller.
/// </summary>
public static class ModelFile
{
    /// <summary>Metadata key and value naming the format.</summary>
    public const string FormatKey = "format";

    /// <summary>Value of <see cref="FormatKey"/>.</summary>
    public const string FormatName = "cimcontroller-model";

    /// <summary>Metadata key of the format version.</summary>
    public const string VersionKey = "format_version";

    /// <summary>The version written; readers accept this major version.</summary>
    public const string Version = "1";

    /// <summary>Metadata key of the architecture (see <see cref="ModelArchitectures"/>).</summary>
    public const string ArchitectureKey = "architecture";

    /// <summary>Metadata key of the tensor layout: "crossbar" (this project) or "pytorch".</summary>
    public const string LayoutKey = "layout";

    /// <summary>Metadata key of the tensors' SHA-256 (<see cref="TensorChecksum"/>), written by <see cref="Save"/> and checked by <see cref="Load"/>.</summary>
    public const string ChecksumKey = "tensors_sha256";

    /// <summary>
    /// Writes <paramref name="network"/> with <paramref name="metadata"/> (mapping choices, training facts) added to the
    /// format's own keys and the tensors' checksum. A network with a non-finite value is refused, naming the tensor.
    /// </summary>
    public static void Save(string path, Network network, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var tensors = network.Parameters.Select(p => new SafeTensor(p.Name, new[] { p.Rows, p.Columns }, p.Value)).ToList();
        CheckFinite(path, tensors);
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
        {
            [FormatKey] = FormatName,
            [VersionKey] = Version,
            [ArchitectureKey] = ModelArchitectures.Normalize(network.Name),
            [LayoutKey] = "crossbar",
            [ChecksumKey] = TensorChecksum.Of(tensors),
        };
        SafeTensorsFile.Write(path, tensors, meta);
    }

    /// <summary>
    /// Reads a model file, or a plain safetensors file when <paramref name="architecture"/> names its architecture.
    /// Throws <see cref="ModelFileException"/> naming the mismatch: unknown or different architecture, missing,
    /// unexpected or wrongly shaped tensors, a newer format version, tensors that do not match the stored checksum
    /// (a damaged file), a non-finite value (naming the tensor). Files written before the checksum existed carry none
    /// and are read without that check.
    /// </summary>
    public static LoadedModel Load(string path, string? architecture = null)
    {
        (List<SafeTensor> tensors, Dictionary<string, string> meta) = SafeTensorsFile.Read(path);
        bool ours = meta.TryGetValue(FormatKey, out string? format) && format == FormatName;
        if (ours && meta.TryGetValue(VersionKey, out string? version) && version != Version)
        {
            throw new ModelFileException($"{path}: model file version {version}; this build reads version {Version}");
        }
        if (meta.TryGetValue(ChecksumKey, out string? stored))
        {
            string actual = TensorChecksum.Of(tensors);
            if (!string.Equals(stored, actual, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModelFileException($"{path} is damaged: its tensors' SHA-256 is {actual[..12]}.. but the file says {(stored.Length > 12 ? stored[..12] + ".." : "'" + stored + "'")}; use an intact copy or write the model again");
            }
        }
        CheckFinite(path, tensors);
        string? fileArch = meta.TryGetValue(ArchitectureKey, out string? a) ? ModelArchitectures.Normalize(a) : null;
        string? asked = architecture is null ? null : ModelArchitectures.Normalize(architecture);
        if (fileArch is not null && asked is not null && fileArch != asked)
        {
            throw new ModelFileException($"{path}: the file holds a {ModelArchitectures.ShortName(fileArch) ?? fileArch} model, not {ModelArchitectures.ShortName(asked) ?? asked}");
        }
        string arch = fileArch ?? asked
            ?? throw new ModelFileException($"{path}: the file names no architecture (a plain safetensors file?); say which it is: {ModelArchitectures.Names}");
        bool crossbarLayout = meta.TryGetValue(LayoutKey, out string? layout) ? layout == "crossbar" : false;
        Network network = ModelArchitectures.Create(arch);
        var byName = tensors.ToDictionary(t => t.Name);
        var expected = new HashSet<string>(network.Parameters.Select(p => p.Name));
        string[] unexpected = byName.Keys.Where(k => !expected.Contains(k)).ToArray();
        if (unexpected.Length > 0)
        {
            throw new ModelFileException($"{path}: tensors {string.Join(", ", unexpected)} are not parameters of {arch} (it has {string.Join(", ", expected)})");
        }
        foreach (Parameter p in network.Parameters)
        {
            if (!byName.TryGetValue(p.Name, out SafeTensor? t))
            {
                throw new ModelFileException($"{path}: tensor {p.Name} is missing; {arch} needs {string.Join(", ", expected)}");
            }
            Fill(path, p, t, crossbarLayout);
        }
        return new LoadedModel(network, meta);
    }

    private static void CheckFinite(string path, IEnumerable<SafeTensor> tensors)
    {
        foreach (SafeTensor t in tensors)
        {
            int bad = Array.FindIndex(t.Data, v => !float.IsFinite(v));
            if (bad >= 0)
            {
                int count = t.Data.Count(v => !float.IsFinite(v));
                throw new ModelFileException($"{path}: tensor {t.Name} holds {count} non-finite value(s) (the first, at index {bad}, is {t.Data[bad].ToString(System.Globalization.CultureInfo.InvariantCulture)}); a model's weights must be finite numbers");
            }
        }
    }

    private static void Fill(string path, Parameter p, SafeTensor t, bool crossbarLayout)
    {
        string want = p.Kind == ParameterKind.Bias ? $"[{p.Columns}] or [1, {p.Columns}]" : crossbarLayout
            ? $"[{p.Rows}, {p.Columns}]" : $"[{p.Columns}, {p.Rows}] or [{p.Columns}, in, kh, kw] with in*kh*kw = {p.Rows}";
        string got = "[" + string.Join(", ", t.Shape) + "]";
        if (t.Data.Length != p.Length)
        {
            throw new ModelFileException($"{path}: tensor {p.Name} has shape {got}, {t.Data.Length} values; expected {want}");
        }
        if (p.Kind == ParameterKind.Bias || crossbarLayout)
        {
            if (crossbarLayout && p.Kind == ParameterKind.Weight && (t.Shape.Length != 2 || t.Shape[0] != p.Rows))
                throw new ModelFileException($"{path}: tensor {p.Name} has shape {got}; expected {want}");
            Array.Copy(t.Data, p.Value, p.Length);
            return;
        }
        // PyTorch layout: [out, fan-in...] row-major; the crossbar form is its transpose [fan-in, out].
        if (t.Shape.Length < 2 || t.Shape[0] != p.Columns)
        {
            throw new ModelFileException($"{path}: tensor {p.Name} has shape {got}; expected {want}");
        }
        for (int o = 0; o < p.Columns; o++)
        {
            for (int k = 0; k < p.Rows; k++)
            {
                p.Value[k * p.Columns + o] = t.Data[o * p.Rows + k];
            }
        }
    }
}
