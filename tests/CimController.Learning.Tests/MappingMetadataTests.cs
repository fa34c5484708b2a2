using System;
using System.Collections.Generic;
using System.IO;
using CimController.Learning.ModelFiles;
using CimController.Learning.Models;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Learning.Tests;

[TestClass]
public sealed class MappingMetadataTests
{
    [TestMethod]
    public void WritesTheSixKeysTrainingHasAlwaysWrittenWithTheSameText()
    {
        var meta = new Dictionary<string, string> { ["trained.mode"] = "mixed" };
        new MappingMetadata { Profile = "brram", Levels = 4, MinMicrosiemens = 8200.0 / 1000, MaxMicrosiemens = 32900.0 / 1000, TileRows = 64, TileColumns = 64 }.WriteTo(meta);
        CollectionAssert.AreEqual(
            new[] { "trained.mode", "mapping.profile", "mapping.levels", "mapping.g_min_us", "mapping.g_max_us", "mapping.tile_rows", "mapping.tile_cols" },
            new List<string>(meta.Keys), "keys in MODEL-FILE.md order after the trained.* keys");
        Assert.AreEqual("brram", meta["mapping.profile"]);
        Assert.AreEqual("4", meta["mapping.levels"]);
        Assert.AreEqual("8.2", meta["mapping.g_min_us"]);
        Assert.AreEqual("32.9", meta["mapping.g_max_us"]);
        Assert.AreEqual("64", meta["mapping.tile_rows"]);
        Assert.AreEqual("64", meta["mapping.tile_cols"]);
    }

    [TestMethod]
    public void ReadsBackWhatItWroteThroughAModelFile()
    {
        const int seed = 5;
        Console.WriteLine($"seed {seed}");
        var written = new MappingMetadata { Profile = "tio2", Levels = 32, MinMicrosiemens = 1136.4, MaxMicrosiemens = 1351.4, TileRows = 128, TileColumns = 64 };
        var meta = new Dictionary<string, string>();
        written.WriteTo(meta);
        string path = Path.Combine(Path.GetTempPath(), "cim-mapping-" + Guid.NewGuid().ToString("N") + ".safetensors");
        try
        {
            ModelFile.Save(path, ModelArchitectures.Create("mlp", seed), meta);
            MappingMetadata read = MappingMetadata.Read(ModelFile.Load(path).Metadata);
            Assert.AreEqual(written, read);
            Assert.AreEqual((1136.4, 1351.4), read.WindowMicrosiemens);
            Assert.IsTrue(read.IsFor("TiO2"), "profile names compare ignoring case");
            Assert.IsFalse(read.IsFor("brram"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void MissingOrUnreadableKeysReadAsNullAndGiveNoWindow()
    {
        MappingMetadata none = MappingMetadata.Read(new Dictionary<string, string> { ["trained.mode"] = "software" });
        Assert.IsNull(none.Profile);
        Assert.IsNull(none.WindowMicrosiemens);
        Assert.IsFalse(none.IsFor("brram"), "a file without mapping.profile is for no profile");

        MappingMetadata partial = MappingMetadata.Read(new Dictionary<string, string> { ["mapping.profile"] = "brram", ["mapping.levels"] = "four", ["mapping.g_min_us"] = "10" });
        Assert.AreEqual("brram", partial.Profile);
        Assert.IsNull(partial.Levels, "a level count that is not a number");
        Assert.AreEqual(10.0, partial.MinMicrosiemens);
        Assert.IsNull(partial.WindowMicrosiemens, "only one end of the window");

        MappingMetadata inverted = MappingMetadata.Read(new Dictionary<string, string> { ["mapping.g_min_us"] = "70", ["mapping.g_max_us"] = "10" });
        Assert.IsNull(inverted.WindowMicrosiemens, "max below min is no window");
    }

    [TestMethod]
    public void SoftwareTrainingIsForNoDeviceProfile()
    {
        var meta = new Dictionary<string, string>();
        new MappingMetadata { Profile = MappingMetadata.SoftwareProfile }.WriteTo(meta);
        Assert.AreEqual("none", meta["mapping.profile"]);
        Assert.AreEqual(1, meta.Count, "keys without a value are not written");
    }
}
