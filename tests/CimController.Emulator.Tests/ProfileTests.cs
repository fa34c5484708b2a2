using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Emulator;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Emulator.Tests
{
    [TestClass]
    public sealed class ProfileTests
    {
        [TestMethod]
        public void BrramProfileHoldsTheWu2023TableOneFigures()
        {
            DeviceProfile p = DeviceProfile.Load("brram-table1");
            Assert.AreEqual("brram-table1", p.Name);
            Assert.AreEqual("brram", p.Model);
            Assert.AreEqual(10, p.ConductanceMinMicrosiemens);
            Assert.AreEqual(70, p.ConductanceMaxMicrosiemens);
            Assert.AreEqual(4, p.ConductanceBits);
            Assert.AreEqual(16, p.ConductanceLevels);
            Assert.AreEqual(4, p.LevelSeparationMicrosiemens, 1e-12);
            Assert.AreEqual(0.1, p.ReadVoltageVolts);
            Assert.AreEqual(0.12, p.ReadNoiseMicroamps);
            Assert.AreEqual(8, p.AdcBits);
            Assert.AreEqual(70, p.AdcFullScaleMicroamps);
            Assert.AreEqual(70.0 / 255, p.AdcLsbMicroamps, 1e-12);
            Assert.AreEqual(0.549, p.AdcNoiseMicroamps);
            Assert.AreEqual(1000, p.SenseLsbPicoamps);
            Assert.AreEqual(1.2, p.SetThresholdVolts);
            Assert.AreEqual(3.0, p.MaxSetVolts);
            Assert.AreEqual(1.2, p.ResetThresholdVolts);
            Assert.AreEqual(3.0, p.MaxResetVolts);
            Assert.AreEqual(10, p.MinPulseWidthNanoseconds);
            Assert.AreEqual(10_000, p.MaxPulseWidthNanoseconds);
            Assert.AreEqual(0, p.DriftLowMicrosiemensPerDecade);
            StringAssert.Contains(p.Sources["adcNoiseMicroamps"], "Table 1");
        }

        [TestMethod]
        public void IdealProfileHasNoNoise()
        {
            DeviceProfile p = DeviceProfile.Load("ideal");
            Assert.AreEqual("ideal", p.Name);
            Assert.AreEqual("linear", p.Model);
            Assert.AreEqual(1.0, p.ModelParameter("pulseStepMicrosiemens"));
            Assert.AreEqual(0, p.AdcNoiseMicroamps);
            Assert.AreEqual(0, p.ReadNoiseMicroamps);
        }

        [TestMethod]
        [DataRow("brram", 31)]
        [DataRow("brram-table1", 31)]
        [DataRow("tio2", 46)]
        [DataRow("hfo2", 40)]
        [DataRow("ideal", 24)]
        public void EveryNumberHasASource(string name, int parameters)
        {
            DeviceProfile p = DeviceProfile.Load(name);
            Console.WriteLine($"{name}: {p.Name}, model {p.Model}, {p.Sources.Count} parameters");
            Assert.AreEqual(parameters, p.Sources.Count);
            Assert.IsTrue(p.Sources.Values.All(s => s.Length > 5));
            Assert.AreEqual(name, p.Name, "built-in names are the profile names");
        }

        [TestMethod]
        public void PhysicalBrramIsTheWu2023Fig2Device()
        {
            DeviceProfile p = DeviceProfile.Load("brram");
            Assert.AreEqual("brram", p.Model);
            Assert.AreEqual(4, p.ConductanceMinMicrosiemens);
            Assert.AreEqual(40, p.ConductanceMaxMicrosiemens);
            Assert.IsTrue(p.InitialMinMicrosiemens >= 36, "born in the on state");
            Assert.AreEqual(1000, p.SenseLsbPicoamps);
            Assert.AreEqual("brram-table1", DeviceProfile.Load("brram-wu2023").Name, "old name still loads (Table 1 settings)");
        }

        [TestMethod]
        public void Tio2AndHfo2ProfilesHoldThePapersFigures()
        {
            DeviceProfile t = DeviceProfile.Load("tio2");
            Assert.AreEqual(880, 1e6 / t.ConductanceMinMicrosiemens, 0.01);
            Assert.AreEqual(740, 1e6 / t.ConductanceMaxMicrosiemens, 0.01);
            Assert.AreEqual(10_000, t.SenseLsbPicoamps);
            Assert.AreEqual(2e9, t.MaxPulseWidthNanoseconds);
            Assert.AreEqual(7.0, t.MaxSetVolts);
            DeviceProfile h = DeviceProfile.Load("hfo2");
            Assert.AreEqual(0.2, h.ReadVoltageVolts);
            Assert.AreEqual(3.6, h.MaxResetVolts);
            Assert.AreEqual(0.7, h.ModelParameter("hfo2SetReferenceVolts"));
        }

        [TestMethod]
        public void ProfilesLoadByPathAndByBuiltInName()
        {
            string path = Path.Combine(DeviceProfile.ProfilesFolder(), "brram-table1.json");
            Assert.IsTrue(File.Exists(path), path);
            Assert.AreEqual(Path.GetFullPath(path), DeviceProfile.Load(path).Origin);
            Assert.AreEqual("brram-table1", DeviceProfile.Load("BRRAM-WU2023").Name);
            Assert.AreEqual("tio2", DeviceProfile.Load("TiO2").Name);
        }

        [TestMethod]
        public void UnknownNameListsTheBuiltIns()
        {
            var e = Assert.ThrowsExactly<DeviceProfileException>(() => DeviceProfile.Load("pcm"));
            StringAssert.Contains(e.Message, "'pcm'");
            StringAssert.Contains(e.Message, "brram, brram-table1, tio2, hfo2, ideal");
            Assert.ThrowsExactly<DeviceProfileException>(() => DeviceProfile.Load(""));
        }

        [TestMethod]
        public void AFileNamedLikeABuiltInInTheWorkingDirectoryChangesNothing()
        {
            // A file "brram" with 8 V limits beside the process: "brram" must still be the built-in 3 V profile.
            string path = Path.Combine(Directory.GetCurrentDirectory(), "brram");
            string json = With(root =>
            {
                root["name"] = "brram";
                SetValue(root, "maxSetVolts", 8.0);
                SetValue(root, "maxResetVolts", 8.0);
            });
            using (var stream = new FileStream(path, FileMode.CreateNew))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(json);
            }
            try
            {
                Assert.AreEqual(8.0, DeviceProfile.Parse(json, path).MaxSetVolts, "the planted file itself is a valid 8 V profile");
                DeviceProfile p = DeviceProfile.Load("brram");
                Assert.AreEqual(Path.GetFullPath(Path.Combine(DeviceProfile.ProfilesFolder(), "brram.json")), p.Origin);
                Assert.AreEqual(3.0, p.MaxSetVolts);
                Assert.AreEqual(3.0, p.MaxResetVolts);
                var board = new BoardEmulator(new EmulatorOptions { ProfileName = "brram" });
                Assert.AreEqual(3.0, board.Profile.MaxSetVolts, "the emulator resolves the name the same way");
                Assert.AreEqual(8.0, DeviceProfile.Load("./brram").MaxSetVolts, "the file is read when named as a path");
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void ANameThatIsNeitherBuiltInNorAPathIsRefusedEvenWhenSuchAFileExists()
        {
            string name = $"cim-profile-{Guid.NewGuid():N}";
            string path = Path.Combine(Directory.GetCurrentDirectory(), name);
            File.WriteAllText(path, Brram());
            try
            {
                var e = Assert.ThrowsExactly<DeviceProfileException>(() => DeviceProfile.Load(name));
                Console.WriteLine(e.Message);
                StringAssert.Contains(e.Message, $"'{name}' is not a built-in name and not a path");
                StringAssert.Contains(e.Message, "brram, brram-table1, tio2, hfo2, ideal");
                StringAssert.Contains(e.Message, $"./{name}");
                Assert.AreEqual("brram-table1", DeviceProfile.Load("./" + name).Name);
            }
            finally
            {
                File.Delete(path);
            }
            Assert.IsTrue(DeviceProfile.LooksLikePath("profiles/x"));
            Assert.IsTrue(DeviceProfile.LooksLikePath("mine.JSON"));
            Assert.IsFalse(DeviceProfile.LooksLikePath("brram"));
            var missing = Assert.ThrowsExactly<DeviceProfileException>(() => DeviceProfile.Load("no-such-profile.json"));
            StringAssert.Contains(missing.Message, "no such file");
        }

        private static string Brram() => File.ReadAllText(Path.Combine(DeviceProfile.ProfilesFolder(), "brram-table1.json"));

        private static string With(Action<JsonObject> edit)
        {
            JsonObject root = JsonNode.Parse(Brram())!.AsObject();
            edit(root);
            return root.ToJsonString();
        }

        private static void SetValue(JsonObject root, string field, JsonNode? value) => root["parameters"]![field]!["value"] = value;

        [TestMethod]
        [DataRow("conductanceMinMicrosiemens", -1.0, "> 0")]
        [DataRow("conductanceMaxMicrosiemens", 5.0, "> conductanceMinMicrosiemens (10)")]
        [DataRow("conductanceBits", 4.5, "an integer within [1, 16]")]
        [DataRow("adcBits", 9.0, "an integer within [1, 8]")]
        [DataRow("readVoltageVolts", 0.6, "[0.002, 0.51] V")]
        [DataRow("adcNoiseMicroamps", -0.1, ">= 0")]
        [DataRow("maxSetVolts", 1.0, "setThresholdVolts (1.2)")]
        [DataRow("maxResetVolts", 9.0, "8.19")]
        [DataRow("minPulseWidthNanoseconds", 5.0, "[10, 4E+09] ns")]
        [DataRow("maxPulseWidthNanoseconds", 5e9, "4E+09] ns")]
        [DataRow("stuckFraction", 1.5, "[0, 1]")]
        [DataRow("brramSetStepMicrosiemens", 0.0, "(model brram)")]
        [DataRow("initialMaxMicrosiemens", 80.0, "[initialMinMicrosiemens (10), 70] uS")]
        public void OutOfRangeValuesNameTheFieldAndTheAcceptedRange(string field, double value, string accepted)
        {
            string json = With(root => SetValue(root, field, value));
            var e = Assert.ThrowsExactly<DeviceProfileException>(() => DeviceProfile.Parse(json, "test.json"));
            Console.WriteLine(e.Message);
            StringAssert.Contains(e.Message, $"'{field}'");
            StringAssert.Contains(e.Message, "test.json");
            StringAssert.Contains(e.Message, accepted);
        }

        [TestMethod]
        public void MissingUnknownOrMalformedFieldsAreNamed()
        {
            void Expect(string json, string text)
            {
                var e = Assert.ThrowsExactly<DeviceProfileException>(() => DeviceProfile.Parse(json, "p.json"));
                Console.WriteLine(e.Message);
                StringAssert.Contains(e.Message, text);
            }
            Expect(With(r => r["parameters"]!.AsObject().Remove("adcBits")), "'adcBits' is missing");
            Expect(With(r => r["parameters"]!["adcBitz"] = new JsonObject { ["value"] = 8, ["source"] = "typo" }), "unknown parameter 'adcBitz'");
            Expect(With(r => r["parameters"]!["adcBits"]!.AsObject().Remove("source")), "'adcBits' has no \"source\"");
            Expect(With(r => SetValue(r, "adcBits", "eight")), "'adcBits' has no numeric \"value\"");
            Expect(With(r => r.Remove("name")), "'name' is missing");
            Expect(With(r => r.Remove("model")), "'model' is missing");
            Expect(With(r => r["model"] = "pcm"), "model 'pcm' is not known; accepted: brram, tio2, hfo2, linear");
            Expect(With(r => r["parameters"]!["pulseStepMicrosiemens"] = new JsonObject { ["value"] = 1, ["source"] = "linear only" }), "unknown parameter 'pulseStepMicrosiemens'");
            Expect(With(r => r["extra"] = 1), "unknown top-level field 'extra'");
            Expect(With(r => r.Remove("parameters")), "'parameters' is missing");
            Expect("{ not json", "not valid JSON");
            Expect("[1, 2]", "top level must be an object");
        }

        [TestMethod]
        public void AProfileFromAPathDrivesTheBoard()
        {
            string path = Path.Combine(Path.GetTempPath(), $"cim-profile-{Guid.NewGuid():N}.json");
            File.WriteAllText(path, With(root =>
            {
                root["name"] = "wide-adc";
                SetValue(root, "adcFullScaleMicroamps", 140.0);
                SetValue(root, "senseLsbPicoamps", 500.0);
            }));
            try
            {
                var board = new BoardEmulator(new EmulatorOptions { ProfileName = path });
                var spi = new SpiTestDriver(board);
                Assert.AreEqual("wide-adc", board.Profile.Name);
                Assert.AreEqual(140_000u, spi.Read(Protocol.Board.BoardRegister.AdcFullScaleNanoamps));
                Assert.AreEqual(500u, spi.Read(Protocol.Board.BoardRegister.SenseLsbPicoamps));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
