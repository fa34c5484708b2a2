using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CimController.Emulator;
using CimController.LocalBoard;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>
/// <c>--board emulator:PATH</c> as a user runs it, one cimctl process per command: the chip in the state file outlives each
/// command (conductances, counters), while plain <c>--board emulator</c> still starts fresh every time.
/// </summary>
[TestClass]
public sealed class CimctlStateFileTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);

    private static (int Exit, string Stdout, string Stderr) Cimctl(string folder, params string[] args) =>
        CimctlChild.Run(args, CommandTimeout, folder);

    private static JsonNode Json(string stdout) => JsonNode.Parse(stdout) ?? throw new AssertFailedException("no JSON on stdout");

    private static float[] Cells(JsonNode read) =>
        read["microsiemens"]!.AsArray().SelectMany(row => row!.AsArray().Select(v => v!.GetValue<float>())).ToArray();

    private static JsonNode Stats(string folder, string board)
    {
        var (exit, stdout, stderr) = Cimctl(folder, "--board", board, "--json", "stats");
        Assert.AreEqual(0, exit, stderr);
        return Json(stdout);
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void ProgramThenReadInTwoCommandsShowsTheProgrammedCellsAndStatsAccumulate()
    {
        using var folder = new CimctlRun.TempFolder();
        string board = "emulator:" + folder.File("chip.json");
        Console.WriteLine("profile brram, seed 5 (the first command creates the file)");
        var (exit, stdout, stderr) = Cimctl(folder.Path, "--board", board, "--seed", "5", "--json", "program", "--tile", "1", "--rows", "0:2", "--cols", "0:4",
            "--us", "20", "--out", folder.File("program"));
        Assert.AreEqual(0, exit, stderr);
        double tolerance = Json(stdout)["results"]!["toleranceMicrosiemens"]!.GetValue<double>();
        Assert.IsTrue(File.Exists(folder.File("chip.json")), "the state file is created");

        JsonNode afterProgram = Stats(folder.Path, board);
        Assert.AreEqual(board, afterProgram["board"]!.GetValue<string>(), "stats names the state file");
        Assert.AreEqual(5, afterProgram["seed"]!.GetValue<int>(), "the seed comes from the file");
        long pulses = afterProgram["stats"]!["pulsesApplied"]!.GetValue<long>();
        long cycles = afterProgram["stats"]!["chipCycles"]!.GetValue<long>();
        Assert.IsTrue(pulses > 0, "the program command's pulses are counted in the next command: " + pulses);

        (exit, stdout, stderr) = Cimctl(folder.Path, "--board", board, "--json", "read", "--tile", "1", "--rows", "0:2", "--cols", "0:6", "--avg", "4");
        Assert.AreEqual(0, exit, stderr);
        float[] us = Cells(Json(stdout));
        Console.WriteLine("read after program: " + string.Join(" ", us.Select(v => v.ToString("0.00"))) + $" (tolerance {tolerance} uS)");
        for (int r = 0; r < 2; r++)
        {
            for (int c = 0; c < 6; c++)
            {
                float v = us[r * 6 + c];
                if (c < 4)
                {
                    Assert.AreEqual(20.0, v, tolerance + 1.0, $"programmed cell {r},{c} reads its target in a later command");
                }
                else
                {
                    Assert.IsTrue(v > 30, $"unprogrammed cell {r},{c} keeps its as-fabricated 36-40 uS: {v}");
                }
            }
        }

        (exit, _, stderr) = Cimctl(folder.Path, "--board", board, "vmm", "--tile", "1", "--rows", "0:4", "--cols", "0:4", "--input", "9,9,9,9");
        Assert.AreEqual(0, exit, stderr);
        JsonNode afterVmm = Stats(folder.Path, board)["stats"]!;
        Assert.AreEqual(pulses, afterVmm["pulsesApplied"]!.GetValue<long>(), "reads and a MAC add no pulses");
        Assert.IsTrue(afterVmm["tileOps"]!.GetValue<long>() >= 1, "the MAC's tile operation is counted");
        Assert.IsTrue(afterVmm["chipCycles"]!.GetValue<long>() > cycles, "chip time keeps adding up");
        Assert.IsTrue(afterVmm["energyPicojoules"]!.GetValue<double>() > 0, "energy keeps adding up");

        (exit, stdout, stderr) = Cimctl(folder.Path, "--board", board, "--json", "info");
        Assert.AreEqual(0, exit, stderr);
        StringAssert.EndsWith(Json(stdout)["board"]!.GetValue<string>(), Path.Combine(folder.Path, "chip.json"), "info names the state file");
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void DefaultEmulatorStillStartsFreshAndWritesNoFile()
    {
        using var folder = new CimctlRun.TempFolder();
        var (exit, _, stderr) = Cimctl(folder.Path, "--board", "emulator", "program", "--tile", "0", "--rows", "0:1", "--cols", "0:4", "--us", "20", "--out", folder.File("program"));
        Assert.AreEqual(0, exit, stderr);
        (exit, string stdout, stderr) = Cimctl(folder.Path, "--json", "read", "--tile", "0", "--rows", "0:1", "--cols", "0:4");
        Assert.AreEqual(0, exit, stderr);
        float[] us = Cells(Json(stdout));
        Console.WriteLine("fresh chip after a program in another process: " + string.Join(" ", us.Select(v => v.ToString("0.00"))));
        Assert.IsTrue(us.All(v => v > 30), "every command gets a fresh chip (36-40 uS), not the one programmed to 20 uS");
        Assert.AreEqual(0L, Stats(folder.Path, "emulator")["stats"]!["pulsesApplied"]!.GetValue<long>());
        Assert.IsFalse(Directory.GetFiles(folder.Path).Any(), "no state file: " + string.Join(", ", Directory.GetFiles(folder.Path)));
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void CorruptOrEditedFileIsRefusedNamingItAndLeftAsItIs()
    {
        using var folder = new CimctlRun.TempFolder();
        string path = folder.File("chip.json");
        File.WriteAllText(path, "{ \"format\": \"cimcontroller-emulator-state\", \"version\": 1, \"che");
        var (exit, stdout, stderr) = Cimctl(folder.Path, "--board", "emulator:" + path, "--json", "stats");
        Assert.AreEqual(2, exit, stderr);
        StringAssert.Contains(stderr, "state file " + path + " is corrupt: not valid JSON");
        StringAssert.Contains(Json(stdout)["error"]!.GetValue<string>(), path);
        Assert.AreEqual("{ \"format\": \"cimcontroller-emulator-state\", \"version\": 1, \"che", File.ReadAllText(path), "never silently replaced");

        File.Delete(path);
        (exit, _, stderr) = Cimctl(folder.Path, "--board", "emulator:" + path, "info");
        Assert.AreEqual(0, exit, stderr);
        string edited = File.ReadAllText(path).Replace("\"pulses\": 0", "\"pulses\": 7", StringComparison.Ordinal);
        File.WriteAllText(path, edited);
        (exit, _, stderr) = Cimctl(folder.Path, "--board", "emulator:" + path, "read", "--tile", "0", "--rows", "0:1", "--cols", "0:1");
        Assert.AreEqual(2, exit, stderr);
        StringAssert.Contains(stderr, "state file " + path + " was changed after it was written");
        Assert.AreEqual(edited, File.ReadAllText(path));
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void ProfileOrSeedThatContradictsTheFileIsRefusedNamingBoth()
    {
        using var folder = new CimctlRun.TempFolder();
        string path = folder.File("chip.json");
        string board = "emulator:" + path;
        var (exit, stdout, stderr) = Cimctl(folder.Path, "--board", board, "--profile", "tio2", "--seed", "3", "--json", "info");
        Assert.AreEqual(0, exit, stderr);
        StringAssert.StartsWith(Json(stdout)["profile"]!.GetValue<string>(), "tio2");

        (exit, _, stderr) = Cimctl(folder.Path, "--board", board, "--profile", "brram", "info");
        Assert.AreEqual(2, exit, stderr);
        StringAssert.Contains(stderr, "--profile brram contradicts state file " + path + ": its chip was made with profile tio2 and seed 3");
        (exit, _, stderr) = Cimctl(folder.Path, "--board", board, "--seed", "1", "info");
        Assert.AreEqual(2, exit, stderr);
        StringAssert.Contains(stderr, "--seed 1 contradicts state file " + path + ": its chip was made with profile tio2 and seed 3");

        (exit, stdout, stderr) = Cimctl(folder.Path, "--board", board, "--json", "info");
        Assert.AreEqual(0, exit, stderr);
        JsonNode info = Json(stdout);
        StringAssert.StartsWith(info["profile"]!.GetValue<string>(), "tio2", "without --profile the file's profile is used");
        Assert.AreEqual(3, info["seed"]!.GetValue<int>(), "without --seed the file's seed is used");
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void CommandsSplitOverAStateFileReadTheSameAsOneBoardServingThemAll()
    {
        const int seed = 5;
        Console.WriteLine($"profile brram, seed {seed}: cimctl emulator in this process over TCP vs --board emulator:FILE");
        using var folder = new CimctlRun.TempFolder();
        using EmulatorTcpServer server = EmulatorTcpServer.Start(new EmulatorOptions { ProfileName = "brram", Seed = seed }, new IPEndPoint(IPAddress.Loopback, 0));
        string[][] commands =
        {
            new[] { "program", "--tile", "2", "--rows", "0:3", "--cols", "0:5", "--us", "15" },
            new[] { "read", "--tile", "2", "--rows", "0:4", "--cols", "0:6", "--avg", "3" },
            new[] { "vmm", "--tile", "2", "--rows", "0:4", "--cols", "0:6", "--input", "200,10,0,255,7,99,128,1" },
            new[] { "program", "--tile", "2", "--row", "1", "--col", "1", "--us", "30" },
            new[] { "read", "--tile", "2", "--rows", "0:4", "--cols", "0:6" },
        };
        string[] oneBoard = Outputs(folder, server.Address.ToString(), commands, "tcp");
        string[] split = Outputs(folder, "emulator:" + folder.File("chip.json"), commands, "file");
        for (int i = 0; i < commands.Length; i++)
        {
            Assert.AreEqual(oneBoard[i], split[i], "cimctl " + string.Join(" ", commands[i]) + ": the same output from one board and from the state file");
        }
    }

    /// <summary>Each command's JSON output without what depends on the board address, the run folder and the wall clock.</summary>
    private static string[] Outputs(CimctlRun.TempFolder folder, string board, string[][] commands, string tag)
    {
        var outputs = new string[commands.Length];
        for (int i = 0; i < commands.Length; i++)
        {
            string[] args = new[] { "--board", board, "--seed", "5", "--json" }.Concat(commands[i]).ToArray();
            if (commands[i][0] == "program")
            {
                args = args.Concat(new[] { "--out", folder.File(tag + "-program-" + i) }).ToArray();
            }
            var (exit, stdout, stderr) = Cimctl(folder.Path, args);
            Assert.AreEqual(0, exit, stderr);
            JsonObject doc = Json(stdout).AsObject();
            doc.Remove("board");
            doc.Remove("resultsDirectory");
            doc.Remove("wallSeconds");
            outputs[i] = doc.ToJsonString();
            Console.WriteLine(tag + ": " + outputs[i]);
        }
        return outputs;
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void FileInUseIsRefusedAndCtrlCSavesTheChipAsItWas()
    {
        using var folder = new CimctlRun.TempFolder();
        string path = folder.File("chip.json");
        string board = "emulator:" + path;
        // A long write-verify: a band of 0.001 uS is out of reach, so every cell uses up its 255 trials.
        using CimctlChild program = CimctlChild.Start(new[] { "--board", board, "program", "--tile", "0", "--rows", "0:64", "--cols", "0:64", "--us", "20",
            "--tolerance-us", "0.001", "--max-trials", "255", "--max-pulses", "5000", "--verify-avg", "16", "--out", folder.File("program") }, folder.Path);
        program.WaitForLine(line => line.StartsWith("write-verify 4096 cell(s):", StringComparison.Ordinal), CommandTimeout, "a progress line");

        var (exit, _, stderr) = Cimctl(folder.Path, "--board", board, "stats");
        Assert.AreEqual(2, exit, stderr);
        StringAssert.Contains(stderr, "state file " + path + " is in use by another command");

        program.Signal("INT");
        Assert.AreEqual(130, program.WaitForExit(CommandTimeout), program.Stderr);
        StringAssert.Contains(program.Stderr, "cimctl: SIGINT: emulated chip saved to " + path);
        long pulses = Stats(folder.Path, board)["stats"]!["pulsesApplied"]!.GetValue<long>();
        Console.WriteLine("pulses saved at Ctrl-C: " + pulses);
        Assert.IsTrue(pulses > 0, "the pulses applied before Ctrl-C are in the saved chip");
        Assert.AreEqual(1, Directory.GetFiles(folder.Path).Length, "no temporary file is left: " + string.Join(", ", Directory.GetFiles(folder.Path)));
    }
}
