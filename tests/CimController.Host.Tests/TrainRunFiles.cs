using System;
using System.IO;
using System.Text.Json;
using CimController.Learning.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>What the cimctl train tests share: the data check, temporary folders and reading a run folder's JSON files.</summary>
internal static class TrainRunFiles
{
    /// <summary>Longest wait for one short cimctl train run.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(180);

    /// <summary>Fails under CI, is inconclusive elsewhere, when Fashion-MNIST is not installed.</summary>
    public static void RequireData()
    {
        if (FashionMnist.IsInstalled())
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail("Fashion-MNIST is required and not installed: " + FashionMnist.HowToGet);
        }

        Assert.Inconclusive("Fashion-MNIST is not installed: " + FashionMnist.HowToGet);
    }

    /// <summary>A new empty temporary folder.</summary>
    public static string TempDir()
    {
        string d = Path.Combine(Path.GetTempPath(), "cimctl-train-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>The arguments of a short FP32 run (4 batches of 16, 64 test images): seconds per run.</summary>
    public static string[] TinySoftware(string seed, params string[] more) =>
        Concat(new[] { "--seed", seed, "train", "--mode", "software", "--epochs", "1", "--batches-per-epoch", "4", "--batch", "16", "--test-images", "64" }, more);

    /// <summary><paramref name="args"/> with <paramref name="option"/>'s value set to <paramref name="value"/> (replaced when present, else appended).</summary>
    public static string[] With(string[] args, string option, string value)
    {
        int at = Array.IndexOf(args, option);
        if (at < 0)
        {
            return Concat(args, new[] { option, value });
        }

        string[] copy = (string[])args.Clone();
        copy[at + 1] = value;
        return copy;
    }

    public static string[] Concat(string[] a, string[] b)
    {
        var all = new string[a.Length + b.Length];
        a.CopyTo(all, 0);
        b.CopyTo(all, a.Length);
        return all;
    }

    /// <summary>A JSON file of a run folder.</summary>
    public static JsonDocument Json(string folder, string file) => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, file)));

    /// <summary>The checkpoint's state object (as text of each field, for bit-exact comparison).</summary>
    public static string StateField(string folder, string field)
    {
        using JsonDocument doc = Json(folder, "checkpoint.json");
        return doc.RootElement.GetProperty("state").GetProperty(field).GetRawText();
    }

    /// <summary>The SHA-256 of the tensors the model file stores in its metadata.</summary>
    public static string ModelChecksum(string folder)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(folder, "model.safetensors"));
        long n = BitConverter.ToInt64(bytes, 0);
        using JsonDocument header = JsonDocument.Parse(bytes.AsMemory(8, (int)n));
        return header.RootElement.GetProperty("__metadata__").GetProperty("tensors_sha256").GetString()!;
    }
}
