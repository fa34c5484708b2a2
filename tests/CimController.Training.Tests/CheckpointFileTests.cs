using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Training.Tests;

/// <summary>
/// The checkpoint file: one valid JSON document with its checksum inside, read back exactly; the first format still
/// read; and every field validated on load, so a checkpoint edited by hand and re-hashed is refused naming the field.
/// </summary>
[TestClass]
public sealed class CheckpointFileTests
{
    private static RunState? _chip;
    private static RunState? _software;

    private static string TempDir()
    {
        string d = Path.Combine(Path.GetTempPath(), "cimckpt-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>A mixed run on the ideal board stopped at batch 6 of 12 (devices, accumulators, history all present).</summary>
    private static RunState ChipState()
    {
        if (_chip is null)
        {
            string dir = TempDir();
            using var board = new IdealBoard(51);
            var t = new OnChipTrainer(ChipTrainingTests.IdealOptions(TrainingMode.Mixed) with { Epochs = 2 }, ChipTrainingTests.Data(), board.Connect, dir)
            {
                StopAfterBatch = (e, b) => e == 2 && b == 6,
            };
            t.Run();
            _chip = Checkpoint.Load(Path.Combine(dir, Checkpoint.FileName));
            _chip.Setup = new RunSetup { Profile = "ideal", Noise = false, DataSha256 = DataFingerprint.Of(ChipTrainingTests.Data()) };
        }

        return Clone(_chip);
    }

    private static RunState SoftwareState()
    {
        if (_software is null)
        {
            string dir = TempDir();
            var t = new OnChipTrainer(ChipTrainingTests.IdealOptions(TrainingMode.Software, 6), ChipTrainingTests.Data(), null, dir) { StopAfterBatch = (_, b) => b == 3 };
            t.Run();
            _software = Checkpoint.Load(Path.Combine(dir, Checkpoint.FileName));
        }

        return Clone(_software);
    }

    private static RunState Clone(RunState s) => JsonSerializer.Deserialize<RunState>(JsonSerializer.SerializeToUtf8Bytes(s, Checkpoint.Json), Checkpoint.Json)!;

    [TestMethod]
    public void TheCheckpointIsOneJsonDocumentWithTheStatesChecksumInsideAndReadsBackExactly()
    {
        RunState state = ChipState();
        string path = Path.Combine(TempDir(), Checkpoint.FileName);
        Checkpoint.Save(path, state);
        byte[] bytes = File.ReadAllBytes(path);
        using JsonDocument doc = JsonDocument.Parse(bytes);
        JsonElement root = doc.RootElement;
        Assert.AreEqual(Checkpoint.Format, root.GetProperty("format").GetString());
        Assert.AreEqual(Checkpoint.FileVersion, root.GetProperty("version").GetInt32());
        string stateText = root.GetProperty("state").GetRawText();
        Assert.AreEqual(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(stateText))), root.GetProperty("sha256").GetString());
        Assert.AreEqual("mixed", root.GetProperty("state").GetProperty("options").GetProperty("mode").GetString(), "enums by name, camelCase keys");

        RunState back = Checkpoint.Load(path);
        CollectionAssert.AreEqual(state.WeightNanosiemens, back.WeightNanosiemens);
        CollectionAssert.AreEqual(state.AccumulatorNanosiemens, back.AccumulatorNanosiemens);
        CollectionAssert.AreEqual(state.Parameters["conv1.weight"], back.Parameters["conv1.weight"]);
        Assert.AreEqual(state.Step, back.Step);
        Assert.AreEqual(state.Setup, back.Setup);
    }

    [TestMethod]
    public void ACheckpointOfTheFirstFormatIsStillRead()
    {
        RunState state = SoftwareState();
        state.Version = 1;
        state.Setup = null;
        // The first format: a line "CIMTRAIN 1 <sha256 of the rest>", then the state with .NET's default names (PascalCase, enums as numbers).
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(state, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
        string path = Path.Combine(TempDir(), Checkpoint.FileName);
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("CIMTRAIN 1 " + Convert.ToHexString(SHA256.HashData(body)) + "\n").Concat(body).ToArray());
        RunState back = Checkpoint.Load(path);
        Assert.AreEqual(1, back.Version);
        Assert.IsNull(back.Setup);
        Assert.AreEqual(TrainingMode.Software, back.Options.Mode);
        Assert.AreEqual(state.Step, back.Step);
        CollectionAssert.AreEqual(state.Parameters["fc.weight"], back.Parameters["fc.weight"]);
    }

    /// <summary>The nanosiemens members keep the keys checkpoints have always had ("weightNs", "targetPlusNs", ...).</summary>
    private static readonly string[] StateNanosiemensKeys = { "weightNs", "accumulatorNs", "targetPlusNs", "targetMinusNs", "thresholdNs", "programErrorsNs" };
    private static readonly string[] OptionsNanosiemensKeys = { "toleranceNs", "gminNs", "gmaxNs", "ginitMaxNs" };

    [TestMethod]
    public void NanosiemensMembersAreStoredUnderTheirNsKeysAndFilesWithThoseKeysLoad()
    {
        RunState state = ChipState();
        Assert.IsTrue(state.ProgramErrorsNanosiemens.Count > 0 && state.TargetPlusNanosiemens.Length > 0 && state.ThresholdNanosiemens > 0, "a state with every nanosiemens member set");
        JsonObject json = JsonSerializer.SerializeToNode(state, Checkpoint.Json)!.AsObject();
        JsonObject options = json["options"]!.AsObject();
        foreach (string key in StateNanosiemensKeys)
        {
            Assert.IsTrue(json.ContainsKey(key), $"state key {key}");
        }

        foreach (string key in OptionsNanosiemensKeys)
        {
            Assert.IsTrue(options.ContainsKey(key), $"options key {key}");
            CollectionAssert.Contains(TrainConfig.Keys.ToList(), key, "config.json key");
        }

        Assert.IsFalse(json.Concat(options).Concat(TrainConfig.Default.ToJson()).Any(kv => kv.Key.Contains("Nanosiemens", StringComparison.OrdinalIgnoreCase)), "no key spells out Nanosiemens");
        Assert.AreEqual(JsonSerializer.Serialize(state.WeightNanosiemens, Checkpoint.Json), json["weightNs"]!.ToJsonString());
        Assert.AreEqual(state.ThresholdNanosiemens, json["thresholdNs"]!.GetValue<uint>());
        Assert.AreEqual(state.Options.GminNanosiemens, options["gminNs"]!.GetValue<double>());

        // The first format's PascalCase keys ("WeightNs", "GminNs") still bind.
        JsonObject pascal = new();
        foreach ((string key, JsonNode? value) in json)
        {
            pascal[char.ToUpperInvariant(key[0]) + key[1..]] = value?.DeepClone();
        }

        JsonObject pascalOptions = new();
        foreach ((string key, JsonNode? value) in options)
        {
            pascalOptions[char.ToUpperInvariant(key[0]) + key[1..]] = value?.DeepClone();
        }

        pascal["Options"] = pascalOptions;
        byte[] body = Encoding.UTF8.GetBytes(pascal.ToJsonString(Checkpoint.Json));
        StringAssert.Contains(Encoding.UTF8.GetString(body), "\"TargetPlusNs\":");
        string path = Path.Combine(TempDir(), Checkpoint.FileName);
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("CIMTRAIN 1 " + Convert.ToHexString(SHA256.HashData(body)) + "\n").Concat(body).ToArray());
        RunState back = Checkpoint.Load(path);
        CollectionAssert.AreEqual(state.WeightNanosiemens, back.WeightNanosiemens);
        CollectionAssert.AreEqual(state.AccumulatorNanosiemens, back.AccumulatorNanosiemens);
        CollectionAssert.AreEqual(state.TargetPlusNanosiemens, back.TargetPlusNanosiemens);
        CollectionAssert.AreEqual(state.TargetMinusNanosiemens, back.TargetMinusNanosiemens);
        CollectionAssert.AreEqual(state.ProgramErrorsNanosiemens, back.ProgramErrorsNanosiemens);
        Assert.AreEqual(state.ThresholdNanosiemens, back.ThresholdNanosiemens);
        Assert.AreEqual(state.Options, back.Options with { Repeats = state.Options.Repeats, Copies = state.Options.Copies });
    }

    /// <summary>Hand edits that used to give silently wrong runs or an exception deep in the trainer (issue 11, defect 8).</summary>
    private static readonly Dictionary<string, (Action<RunState> Edit, string Expected)> Edits = new()
    {
        ["batchInEpoch"] = (s => s.BatchInEpoch = 1000, "batchInEpoch 1000 is outside 0..12"),
        ["epoch"] = (s => s.Epoch = 0, "epoch 0 is outside 1..3"),
        ["step"] = (s => s.Step = -5, "step -5 does not match the position: epoch 2, batch 6 of 12 is step 18"),
        ["shortWeightNs"] = (s => s.WeightNanosiemens = s.WeightNanosiemens[..^3], "weightNs has"),
        ["nanWeightNs"] = (s => s.WeightNanosiemens[100] = float.NaN, "weightNs[100] = NaN: W_FP must be a finite value"),
        ["nanParameter"] = (s => s.Parameters["conv2.weight"][7] = float.NaN, "parameters[conv2.weight][7] is NaN"),
        ["accumulator"] = (s => s.AccumulatorNanosiemens[3] = s.ThresholdNanosiemens * 2f, "accumulatorNs[3]"),
        ["writesTotal"] = (s => s.WritesTotal += 1, "writesTotal"),
        ["slotOffTheTile"] = (s => s.Slots[0].Column = s.TileColumns - 1, "slots[0]"),
        ["history"] = (s => s.History.Clear(), "history holds 0 epochs but the run is at epoch 2"),
        ["options"] = (s => s.Options = s.Options with { LearningRate = -1 }, "options: --lr -1"),
        ["momentLength"] = (s => s.MomentV["fc.bias"] = new float[3], "momentV[fc.bias] has 3 values"),
        ["trackedIndex"] = (s => s.TrackedIndices[0] = 1_000_000, "trackedIndices"),
        ["dataSha256"] = (s => s.Setup = s.Setup! with { DataSha256 = "abc" }, "setup.dataSha256 'abc'"),
    };

    [TestMethod]
    [DataRow("batchInEpoch")]
    [DataRow("epoch")]
    [DataRow("step")]
    [DataRow("shortWeightNs")]
    [DataRow("nanWeightNs")]
    [DataRow("nanParameter")]
    [DataRow("accumulator")]
    [DataRow("writesTotal")]
    [DataRow("slotOffTheTile")]
    [DataRow("history")]
    [DataRow("options")]
    [DataRow("momentLength")]
    [DataRow("trackedIndex")]
    [DataRow("dataSha256")]
    public void AHandEditedRehashedCheckpointIsRefusedNamingTheField(string edit)
    {
        RunState state = ChipState();
        (Action<RunState> change, string expected) = Edits[edit];
        change(state);
        string path = Path.Combine(TempDir(), Checkpoint.FileName);
        Checkpoint.Save(path, state); // re-hashed: the checksum matches the edited state
        var e = Assert.ThrowsExactly<CheckpointException>(() => Checkpoint.Load(path));
        Console.WriteLine(e.Message);
        StringAssert.StartsWith(e.Message, "checkpoint " + path + ": ");
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void ASoftwareCheckpointWithADeviceMapOrWrongCountsIsRefused()
    {
        RunState state = SoftwareState();
        state.EpochWrites += 1;
        string path = Path.Combine(TempDir(), Checkpoint.FileName);
        Checkpoint.Save(path, state);
        StringAssert.Contains(Assert.ThrowsExactly<CheckpointException>(() => Checkpoint.Load(path)).Message, "epochWrites");

        state = SoftwareState();
        state.WeightNanosiemens = new float[5];
        Checkpoint.Save(path, state);
        StringAssert.Contains(Assert.ThrowsExactly<CheckpointException>(() => Checkpoint.Load(path)).Message, "a software run has no device map");
    }

    [TestMethod]
    public void AFileThatIsNotACheckpointOrDamagedJsonIsNamed()
    {
        string path = Path.Combine(TempDir(), Checkpoint.FileName);
        File.WriteAllText(path, "{\"format\":\"something-else\",\"state\":{}}");
        StringAssert.Contains(Assert.ThrowsExactly<CheckpointException>(() => Checkpoint.Load(path)).Message, "is not a CimController training checkpoint");
        Checkpoint.Save(path, SoftwareState());
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        StringAssert.Contains(Assert.ThrowsExactly<CheckpointException>(() => Checkpoint.Load(path)).Message, "is corrupt");
    }
}
