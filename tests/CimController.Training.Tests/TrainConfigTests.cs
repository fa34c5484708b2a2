using System;
using System.IO;
using System.Text.Json.Nodes;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Training.Tests;

/// <summary>config.json (the whole effective config of a run, read back by --config) and what a resumed run may change.</summary>
[TestClass]
public sealed class TrainConfigTests
{
    private static string TempFile() => Path.Combine(Path.GetTempPath(), "cimconfig-" + Guid.NewGuid().ToString("N")[..8] + ".json");

    [TestMethod]
    public void AWrittenConfigReadsBackToTheSameSettings()
    {
        var config = new TrainConfig(new TrainRunOptions { Model = "mlp", Mode = TrainingMode.Naive, Epochs = 3, LearningRate = 0.01f, Repeats = new[] { 2, 4, 8 }, Copies = new[] { 1, 1, 1 }, GminNanosiemens = 9000 },
            new RunSetup { Board = "tcp://127.0.0.1:5025", Profile = "ideal", Noise = false, Data = "/data", DataSha256 = new string('A', 64), Baseline = false, MaxPayload = 4096 });
        string path = TempFile();
        config.Write(path);
        string text = File.ReadAllText(path);
        StringAssert.Contains(text, "\"mode\": \"naive\"");
        StringAssert.Contains(text, "\"learningRate\": 0.01");
        TrainConfig back = TrainConfig.Read(path);
        Assert.AreEqual(0, config.DifferencesTo(back).Count, string.Join("; ", config.DifferencesTo(back)));
        CollectionAssert.AreEqual(config.Options.Repeats, back.Options.Repeats);
        Assert.AreEqual(config.Setup, back.Setup);
        Assert.AreEqual(TrainConfig.Keys.Count, JsonNode.Parse(text)!.AsObject().Count, "every setting is written");
    }

    [TestMethod]
    public void KeysAConfigLacksKeepTheirDefaults()
    {
        TrainConfig c = TrainConfig.FromJson(new JsonObject { ["epochs"] = 2, ["profile"] = "ideal" }, "run.json");
        Assert.AreEqual(2, c.Options.Epochs);
        Assert.AreEqual("ideal", c.Setup.Profile);
        Assert.AreEqual(TrainConfig.Default.Options.LearningRate, c.Options.LearningRate);
        Assert.AreEqual(TrainConfig.Default.Setup.Board, c.Setup.Board);
    }

    [TestMethod]
    public void AnUnknownKeyAWrongTypeOrAWrongNumberOfPerLayerValuesIsRefusedNamingIt()
    {
        var e = Assert.ThrowsExactly<TrainConfigException>(() => TrainConfig.FromJson(new JsonObject { ["Epochs"] = 2, }, "run.json"));
        Console.WriteLine(e.Message);
        StringAssert.Contains(e.Message, "run.json: key 'Epochs' is not a training setting (did you mean 'epochs'?); accepted keys: model, mode, epochs");

        e = Assert.ThrowsExactly<TrainConfigException>(() => TrainConfig.FromJson(new JsonObject { ["epochs"] = "three" }, "run.json"));
        Console.WriteLine(e.Message);
        StringAssert.Contains(e.Message, "run.json: key 'epochs' has the value \"three\"");

        e = Assert.ThrowsExactly<TrainConfigException>(() => TrainConfig.FromJson(new JsonObject { ["epochs"] = null }, "run.json"));
        StringAssert.Contains(e.Message, "run.json: key 'epochs' has the value null");
        e = Assert.ThrowsExactly<TrainConfigException>(() => TrainConfig.FromJson(new JsonObject { ["repeats"] = new JsonArray(1, "x", 3) }, "run.json"));
        StringAssert.Contains(e.Message, "run.json: key 'repeats' has the value [1,\"x\",3]");

        e = Assert.ThrowsExactly<TrainConfigException>(() => TrainConfig.FromJson(new JsonObject { ["mode"] = "turbo" }, "run.json"));
        StringAssert.Contains(e.Message, "software, mixed, naive");

        e = Assert.ThrowsExactly<TrainConfigException>(() => TrainConfig.FromJson(new JsonObject { ["repeats"] = new JsonArray(4, 4) }, "", null, k => "--" + k));
        Console.WriteLine(e.Message);
        StringAssert.Contains(e.Message, "--repeats got 2 value(s) (4,4); lenet has 3 crossbar layers: give 3 comma-separated values, one per layer");

        string path = TempFile();
        File.WriteAllText(path, "[1, 2]");
        StringAssert.Contains(Assert.ThrowsExactly<TrainConfigException>(() => TrainConfig.Read(path)).Message, "a config file holds one JSON object of settings");
        StringAssert.Contains(Assert.ThrowsExactly<TrainConfigException>(() => TrainConfig.Read(path + ".missing")).Message, "no such file");
    }

    [TestMethod]
    public void OptionsOutOfRangeAreRefusedNamingTheOptionAndTheAcceptedValues()
    {
        foreach ((TrainRunOptions o, string expected) in new[]
        {
            (new TrainRunOptions { Epochs = 0 }, "--epochs 0 is out of range; accepted: 1..100000"),
            (new TrainRunOptions { LearningRate = 0 }, "--lr 0: give a learning rate in (0, 1]"),
            (new TrainRunOptions { LearningRate = float.NaN }, "--lr NaN"),
            (new TrainRunOptions { Repeats = new[] { 1, 2, 3, 4 } }, "--repeats got 4 value(s) (1,2,3,4); lenet has 3 crossbar layers"),
            (new TrainRunOptions { Copies = new[] { 0, 1, 1 } }, "--copies got 3 value(s) (0,1,1)"),
            (new TrainRunOptions { ClipQuantile = 0 }, "--clip-quantile 0"),
        })
        {
            var e = Assert.ThrowsExactly<ArgumentException>(o.Validate);
            Console.WriteLine(e.Message);
            StringAssert.Contains(e.Message, expected);
        }

        Assert.AreEqual(4, new TrainRunOptions { Model = "lenet5" }.WithRepeatsPerLayer().Repeats.Length, "lenet5's four layers: the fourth gets 1 conversion, as before");
    }

    [TestMethod]
    public void AResumeMayExtendTheEpochsButNotChangeWhatTheRunComputes()
    {
        var state = new RunState { Options = new TrainRunOptions { Epochs = 2 }, Epoch = 3, Step = 800 };
        state.History.AddRange(new[] { new EpochMetrics { Epoch = 1 }, new EpochMetrics { Epoch = 2 } });
        var recorded = new TrainConfig(state.Options, new RunSetup());
        static string Name(string key) => key switch { "learningRate" => "--lr", "profile" => "--profile", _ => "--" + key };

        var more = recorded with { Options = recorded.Options with { Epochs = 3 }, Setup = recorded.Setup with { Board = "tcp://10.0.0.2:5025" } };
        var changes = ResumePolicy.Changes(state, recorded, more, Name, DateTime.UtcNow);
        Assert.AreEqual(2, changes.Count);
        Assert.AreEqual("epochs", changes[0].Key);
        Assert.AreEqual("2", changes[0].From);
        Assert.AreEqual("3", changes[0].To);
        Assert.AreEqual(800, changes[0].Step);
        Assert.AreEqual("board", changes[1].Key);

        var e = Assert.ThrowsExactly<TrainConfigException>(() => ResumePolicy.Changes(state, recorded, recorded with { Options = recorded.Options with { LearningRate = 0.01f } }, Name, DateTime.UtcNow));
        Console.WriteLine(e.Message);
        StringAssert.Contains(e.Message, "--lr gives learningRate 0.01, which contradicts the run, trained with learningRate 0.004");

        e = Assert.ThrowsExactly<TrainConfigException>(() => ResumePolicy.Changes(state, recorded, recorded with { Setup = recorded.Setup with { Profile = "ideal" } }, Name, DateTime.UtcNow));
        StringAssert.Contains(e.Message, "--profile gives profile ideal, which contradicts the run, trained with profile brram");

        e = Assert.ThrowsExactly<TrainConfigException>(() => ResumePolicy.Changes(state, recorded, recorded with { Options = recorded.Options with { Epochs = 1 } }, Name, DateTime.UtcNow));
        StringAssert.Contains(e.Message, "--epochs 1 is fewer than the run has trained: it has finished 2 epochs; give 2 or more");
    }
}
