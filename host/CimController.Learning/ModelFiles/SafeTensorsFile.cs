using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CimController.Learning.ModelFiles;

/// <summary>One tensor of a safetensors file, converted to float32.</summary>
/// <param name="Name">Tensor name, e.g. "conv1.weight".</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Data">Values, row-major (C order).</param>
public sealed record SafeTensor(string Name, int[] Shape, float[] Data);

/// <summary>
/// Reader and writer of the safetensors format (the Hugging Face format PyTorch users save weights in):
/// an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// <c>{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..., "__metadata__": {"key": "value"}}</c>,
/// then the raw little-endian tensor bytes (offsets relative to the end of the header). Reads F32, F64, F16 and
/// BF16 (converted to float32); writes F32.
/// </summary>
public static class SafeTensorsFile
{
    /// <summary>Largest header accepted (the format's own reference implementation uses 100 MB).</summary>
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes tensors and string metadata.</summary>
    public static void Write(string path, IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var header = new JsonObject();
        var meta = new JsonObject();
        foreach (KeyValuePair<string, string> kv in metadata)
        {
            meta[kv.Key] = kv.Value;
        }
        header["__metadata__"] = meta;
        long offset = 0;
        foreach (SafeTensor t in tensors)
        {
            long bytes = 4L * t.Data.Length;
            header[t.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(Array.ConvertAll(t.Shape, d => (JsonNode)JsonValue.Create(d))),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int pad = (8 - (json.Length % 8)) % 8; // keep the data 8-byte aligned, padding with spaces as the format allows
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var w = new BinaryWriter(stream);
        w.Write((ulong)(json.Length + pad));
        w.Write(json);
        for (int i = 0; i < pad; i++) w.Write((byte)' ');
        foreach (SafeTensor t in tensors)
        {
            foreach (float v in t.Data) w.Write(v);
        }
    }

    /// <summary>Reads every tensor and the metadata; throws <see cref="ModelFileException"/> naming what is wrong.</summary>
    public static (List<SafeTensor> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        if (!File.Exists(path)) throw new ModelFileException($"{path}: no such file");
        byte[] all = File.ReadAllBytes(path);
        if (all.Length < 8) throw new ModelFileException($"{path}: {all.Length} bytes is too short for a safetensors file (8-byte header length first)");
        long n = BitConverter.ToInt64(all, 0);
        if (n <= 0 || n > MaxHeaderBytes || 8 + n > all.Length)
            throw new ModelFileException($"{path}: header length {n} does not fit the file of {all.Length} bytes; not a safetensors file?");
        JsonObject header;
        try
        {
            header = JsonNode.Parse(Encoding.UTF8.GetString(all, 8, (int)n))?.AsObject()
                ?? throw new ModelFileException($"{path}: header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new ModelFileException($"{path}: header is not valid JSON ({e.Message})");
        }
        long dataStart = 8 + n;
        var metadata = new Dictionary<string, string>();
        var tensors = new List<SafeTensor>();
        foreach (KeyValuePair<string, JsonNode?> kv in header)
        {
            if (kv.Key == "__metadata__")
            {
                foreach (KeyValuePair<string, JsonNode?> m in kv.Value?.AsObject() ?? new JsonObject())
                    metadata[m.Key] = m.Value?.ToString() ?? "";
                continue;
            }
            tensors.Add(ReadTensor(path, kv.Key, kv.Value as JsonObject, all, dataStart));
        }
        return (tensors, metadata);
    }

    private static SafeTensor ReadTensor(string path, string name, JsonObject? entry, byte[] all, long dataStart)
    {
        string where = $"{path}: tensor '{name}'";
        if (entry is null) throw new ModelFileException($"{where}: entry is not an object");
        string dtype = entry["dtype"]?.ToString() ?? throw new ModelFileException($"{where}: no dtype");
        int size = dtype switch { "F32" => 4, "F64" => 8, "F16" => 2, "BF16" => 2, _ => 0 };
        if (size == 0) throw new ModelFileException($"{where}: dtype {dtype} is not supported; F32, F64, F16 and BF16 are");
        int[] shape = entry["shape"] is JsonArray sa ? sa.Select(d => d!.GetValue<int>()).ToArray() : throw new ModelFileException($"{where}: no shape");
        if (entry["data_offsets"] is not JsonArray offsets || offsets.Count != 2) throw new ModelFileException($"{where}: data_offsets must be [begin, end]");
        long begin = offsets[0]!.GetValue<long>(), end = offsets[1]!.GetValue<long>();
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ModelFileException($"{where}: negative dimension in shape");
            count *= d;
        }
        if (end - begin != count * size || begin < 0 || dataStart + end > all.Length)
            throw new ModelFileException($"{where}: data_offsets [{begin}, {end}] do not hold {count} {dtype} values inside the file");
        var data = new float[count];
        int at = (int)(dataStart + begin);
        for (int i = 0; i < count; i++, at += size)
        {
            data[i] = dtype switch
            {
                "F32" => BitConverter.ToSingle(all, at),
                "F64" => (float)BitConverter.ToDouble(all, at),
                "F16" => (float)BitConverter.ToHalf(all, at),
                _ => BitConverter.Int32BitsToSingle(BitConverter.ToUInt16(all, at) << 16),
            };
        }
        return new SafeTensor(name, shape, data);
    }
}
