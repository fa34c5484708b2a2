using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Analysis.Tests;

[TestClass]
public sealed class ProgramErrorModelTests
{
    /// <summary>A 32-level model from a noisy straight plan and 6 noisy repeats.</summary>
    internal static ProgramErrorModel Model(int seed = 3)
    {
        FfpSweep plan = Synthetic.Eq(1e-4, 31 * 8, SweepDirection.Potentiation, noiseOhms: 0.02, seed: seed);
        SegmentationResult s = FfpSegmentation.Segment(plan, 32);
        var repeats = Enumerable.Range(0, 6).Select(k => Synthetic.Eq(1e-4, 31 * 8, SweepDirection.Potentiation, noiseOhms: 0.05, seed: 100 + k)).ToArray();
        return ProgramErrorModel.Fit(s, ProgramErrorModel.ErrorsFromSweeps(s, repeats), new JsonObject { ["test"] = true });
    }

    [TestMethod]
    public void FitCoversEveryLevelAndQuantisesToTheAchievedLevel()
    {
        ProgramErrorModel m = Model();
        Assert.AreEqual(32, m.LevelCount);
        Assert.IsTrue(m.Levels.All(l => l.Scale > 0 && l.Nu > 0));
        Assert.IsTrue(m.Levels.All(l => l.Samples == 6 || l.Method == FitMethod.Borrowed));
        Assert.AreEqual(m.Levels[0].Achieved, m.Quantize(0.999));
        Assert.AreEqual(m.Levels[31].Achieved, m.Quantize(-0.3), "clamped to the window");
        Assert.AreEqual(m.Levels[16].Achieved, m.Quantize(1 - 16.0 / 31 + 0.01));
    }

    [TestMethod]
    public void SamplerIsReproducibleForASeed()
    {
        ProgramErrorModel m = Model();
        double[] ideal = Enumerable.Range(0, 1000).Select(i => i / 999.0).ToArray();
        double[] a = new double[1000], b = new double[1000], c = new double[1000];
        new ProgramErrorSampler(m, 42).Sample(ideal, a);
        new ProgramErrorSampler(m, 42).Sample(ideal, b);
        new ProgramErrorSampler(m, 43).Sample(ideal, c);
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, c);
        // Means follow eq. 4: Q(y) + loc.
        var sampler = new ProgramErrorSampler(m, 9);
        ProgramErrorLevel l = m.Levels[10];
        double mean = Enumerable.Range(0, 20000).Select(_ => sampler.Sample(l.Target)).Average();
        double tolerance = 6 * l.Scale * Math.Sqrt(Math.Max(1, l.Nu / Math.Max(l.Nu - 2, 0.5))) / Math.Sqrt(20000) + 1e-9;
        Assert.AreEqual(l.Achieved + l.Loc, mean, Math.Max(tolerance, 0.2 * l.Scale));
    }

    [TestMethod]
    public void FileRoundTrips()
    {
        ProgramErrorModel m = Model();
        using var temp = new TempFolder();
        string path = temp.File("model.json");
        m.Save(path);
        ProgramErrorModel back = ProgramErrorModel.Load(path);
        Assert.AreEqual(m.LevelCount, back.LevelCount);
        Assert.AreEqual(m.MinOhms, back.MinOhms);
        Assert.AreEqual(m.Direction, back.Direction);
        for (int i = 0; i < m.LevelCount; i++)
        {
            Assert.AreEqual(m.Levels[i], back.Levels[i]);
        }
        Assert.AreEqual(true, back.Provenance["test"]!.GetValue<bool>());
        var s1 = new ProgramErrorSampler(m, 1);
        var s2 = new ProgramErrorSampler(back, 1);
        Assert.AreEqual(s1.Sample(0.37), s2.Sample(0.37));
    }

    [TestMethod]
    [DataRow("{ not json", "not valid JSON")]
    [DataRow("[1, 2]", "not a JSON object")]
    public void GarbageIsRejected(string text, string expected)
    {
        var e = Assert.ThrowsExactly<ProgramErrorModelException>(() => ProgramErrorModel.Parse(text, "x.json"));
        StringAssert.Contains(e.Message, "x.json");
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    [DataRow("format", "\"other\"", "expected \"cimcontroller.program-error-model\"")]
    [DataRow("version", "2", "version 2 is not supported; this build reads version 1 (the file is newer")]
    [DataRow("levelCount", "31", "\"levelCount\" is 31 but \"levels\" holds 32 entries")]
    [DataRow("direction", "\"up\"", "\"direction\" is \"up\"")]
    [DataRow("minOhms", "\"a\"", "\"minOhms\" must be a number")]
    public void CorruptHeaderFieldsAreRejectedClearly(string field, string value, string expected)
    {
        JsonObject doc = Model().ToJson();
        doc[field] = JsonNode.Parse(value);
        var e = Assert.ThrowsExactly<ProgramErrorModelException>(() => ProgramErrorModel.Parse(doc.ToJsonString(), "m.json"));
        StringAssert.Contains(e.Message, expected);
        StringAssert.StartsWith(e.Message, "program-error model m.json: ");
    }

    [TestMethod]
    [DataRow("scale", "-1", "levels[2].scale is -1; it must be a positive finite number")]
    [DataRow("nu", "0", "levels[2].nu is 0")]
    [DataRow("target", "0.5", "levels[2].target is 0.5")]
    [DataRow("level", "7", "levels[2].level is 7")]
    [DataRow("achieved", "3", "levels[2].achieved is 3")]
    [DataRow("fit", "\"guess\"", "levels[2].fit is \"guess\"")]
    [DataRow("loc", "null", "levels[2]: \"loc\" is missing")]
    public void CorruptLevelsAreRejectedClearly(string field, string value, string expected)
    {
        JsonObject doc = Model().ToJson();
        doc["levels"]![2]![field] = JsonNode.Parse(value);
        var e = Assert.ThrowsExactly<ProgramErrorModelException>(() => ProgramErrorModel.Parse(doc.ToJsonString(), "m.json"));
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void MissingFileIsReportedWithItsPath()
    {
        var e = Assert.ThrowsExactly<ProgramErrorModelException>(() => ProgramErrorModel.Load("/nonexistent/model.json"));
        StringAssert.Contains(e.Message, "/nonexistent/model.json cannot be read");
    }
}
