using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using CimController.Host.Transports;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CimController.Host.Tests.TrainRunFiles;

namespace CimController.Host.Tests;

/// <summary>
/// cimctl train as a user stops it: a real child process signalled mid-run stops after the batch in flight, exits 128 +
/// signal, prints the exact --resume command and leaves a checkpoint at the stop; the printed command completes the run
/// and the result equals a run that was never stopped.
/// </summary>
[TestClass]
public sealed class TrainSignalTests
{
    private const string Seed = "5";

    /// <summary>
    /// Mixed training against a board that outlives the host process (a cimctl emulate server, ideal profile): the
    /// devices keep their state across the stop, so the resumed run must end bit-identical to an uninterrupted run on a
    /// second server of the same seed, and the firmware's accumulator must hold exactly the host's mirror (no update
    /// lost or applied twice).
    /// </summary>
    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void SigtermStopsMixedTrainingWithACheckpointAndTheResumeCommandFinishesItExactlyOnce()
    {
        RequireData();
        Console.WriteLine($"seed {Seed}, profile ideal (emulate servers)");
        using CimctlChild referenceBoard = Emulate();
        using CimctlChild board = Emulate();
        string referenceDir = Path.Combine(TempDir(), "reference"), dir = Path.Combine(TempDir(), "run");

        (int exit, _, string stderr) = CimctlChild.Run(MixedArgs(Port(referenceBoard), referenceDir), RunTimeout);
        Assert.AreEqual(0, exit, stderr);

        using (CimctlChild train = CimctlChild.Start(MixedArgs(Port(board), dir)))
        {
            train.WaitForLine(l => l.StartsWith("mixed: epoch 1:", StringComparison.Ordinal), RunTimeout, "'mixed: epoch 1:'");
            train.Signal("TERM");
            Assert.AreEqual(143, train.WaitForExit(RunTimeout), "exit code after SIGTERM: 128 + 15");
            StringAssert.Contains(train.Stderr, "cimctl train: stopped by SIGTERM at epoch ");
            StringAssert.Contains(train.Stderr, "resume with: cimctl train --resume " + dir);
        }

        using (JsonDocument checkpoint = Json(dir, "checkpoint.json"))
        {
            JsonElement s = checkpoint.RootElement.GetProperty("state");
            long step = s.GetProperty("step").GetInt64();
            Console.WriteLine($"checkpoint at epoch {s.GetProperty("epoch").GetInt32()} batch {s.GetProperty("batchInEpoch").GetInt32()} (step {step} of 90)");
            Assert.IsTrue(step >= 30 && step < 90, $"the stop came in epoch 2 or 3, not at step {step}");
            Assert.AreEqual("stopped by SIGTERM", s.GetProperty("sessions")[0].GetProperty("outcome").GetString());
        }

        using (JsonDocument summary = Json(dir, "summary.json"))
        {
            Assert.AreEqual("stopped", summary.RootElement.GetProperty("status").GetString());
            Assert.AreEqual("cimctl train --resume " + dir, summary.RootElement.GetProperty("resumeCommand").GetString());
        }

        Assert.IsFalse(File.Exists(Path.Combine(dir, "model.safetensors")), "a stopped run has no trained model yet");
        (exit, _, stderr) = CimctlChild.Run(new[] { "train", "--resume", dir }, RunTimeout);
        Assert.AreEqual(0, exit, stderr);

        foreach (string field in new[] { "weightNs", "accumulatorNs", "writes", "parameters", "step" })
        {
            Assert.AreEqual(StateField(referenceDir, field), StateField(dir, field), field + " differs from the uninterrupted run");
        }

        Assert.AreEqual(ModelChecksum(referenceDir), ModelChecksum(dir), "model tensors");
        using (JsonDocument a = Json(referenceDir, "metrics.json"), b = Json(dir, "metrics.json"))
        {
            Assert.AreEqual(a.RootElement.GetProperty("finalTestAccuracy").GetDouble(), b.RootElement.GetProperty("finalTestAccuracy").GetDouble());
            Assert.AreEqual(a.RootElement.GetProperty("deviceWrites").GetInt64(), b.RootElement.GetProperty("deviceWrites").GetInt64());
            Assert.AreEqual(0, b.RootElement.GetProperty("restoreWrites").GetInt64(), "the board kept every pair at its checkpointed target");
        }

        using var client = new CimClient(new TcpTransport("127.0.0.1", Port(board), 10_000), new CimClientOptions { TimeoutMs = 30_000, ClientName = "tests" });
        client.Connect();
        TrainStatusInfo status = client.TrainStatus();
        Assert.AreEqual(90u, status.LastStep, "the firmware applied steps 1..90 once each");
        (float[] w, float[] acc, int[] n) = client.TrainStateGet(status.Token, 0, status.Weights);
        Assert.AreEqual(StateField(dir, "weightNs"), JsonSerializer.Serialize(w), "firmware W_FP == the host's mirror");
        Assert.AreEqual(StateField(dir, "accumulatorNs"), JsonSerializer.Serialize(acc), "firmware dW_FP == the host's mirror");
        Assert.AreEqual(StateField(dir, "writes"), JsonSerializer.Serialize(n), "firmware write counts");
    }

    /// <summary>Ctrl-C on an FP32 run: exit 130, a checkpoint, and the resumed run equals the uninterrupted one.</summary>
    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void SigintStopsSoftwareTrainingAndTheResumedRunEqualsAnUninterruptedOne()
    {
        RequireData();
        string[] Args(string dir) => new[] { "--seed", Seed, "train", "--mode", "software", "--epochs", "3", "--batches-per-epoch", "150", "--batch", "32", "--test-images", "128", "--out", dir };
        string referenceDir = Path.Combine(TempDir(), "reference"), dir = Path.Combine(TempDir(), "run");
        (int exit, _, string stderr) = CimctlChild.Run(Args(referenceDir), RunTimeout);
        Assert.AreEqual(0, exit, stderr);

        using (CimctlChild train = CimctlChild.Start(Args(dir)))
        {
            train.WaitForLine(l => l.StartsWith("software: epoch 1:", StringComparison.Ordinal), RunTimeout, "'software: epoch 1:'");
            train.Signal("INT");
            Assert.AreEqual(130, train.WaitForExit(RunTimeout), "exit code after Ctrl-C: 128 + 2");
            StringAssert.Contains(train.Stderr, "cimctl: Ctrl-C (SIGINT): stopping after the batch in flight");
            StringAssert.Contains(train.Stderr, "resume with: cimctl train --resume " + dir);
        }

        long stoppedAt;
        using (JsonDocument checkpoint = Json(dir, "checkpoint.json"))
        {
            stoppedAt = checkpoint.RootElement.GetProperty("state").GetProperty("step").GetInt64();
        }

        Console.WriteLine($"stopped at step {stoppedAt} of 450");
        Assert.IsTrue(stoppedAt >= 150 && stoppedAt < 450);
        (exit, _, stderr) = CimctlChild.Run(new[] { "train", "--resume", dir }, RunTimeout);
        Assert.AreEqual(0, exit, stderr);
        Assert.AreEqual(ModelChecksum(referenceDir), ModelChecksum(dir), "model tensors");
        using JsonDocument a = Json(referenceDir, "metrics.json"), b = Json(dir, "metrics.json");
        double[] Accuracies(JsonDocument d) => d.RootElement.GetProperty("epochsDetail").EnumerateArray().Select(e => e.GetProperty("testAccuracy").GetDouble()).ToArray();
        CollectionAssert.AreEqual(Accuracies(a), Accuracies(b));
        using JsonDocument summary = Json(dir, "summary.json");
        JsonElement sessions = summary.RootElement.GetProperty("sessions");
        Assert.AreEqual(2, sessions.GetArrayLength());
        Assert.AreEqual("stopped by SIGINT", sessions[0].GetProperty("outcome").GetString());
        Assert.AreEqual("complete", sessions[1].GetProperty("outcome").GetString());
        Assert.AreEqual(stoppedAt, sessions[1].GetProperty("startStep").GetInt64());
    }

    /// <summary>
    /// A second signal aborts at once: here both come while the fresh devices are being programmed (seconds for LeNet's
    /// 6,640 devices on brram), before the first checkpoint, so the aborted run leaves no folder behind.
    /// </summary>
    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public void ASecondSignalAbortsAtOnce()
    {
        RequireData();
        string dir = Path.Combine(TempDir(), "run");
        using CimctlChild train = CimctlChild.Start(new[] { "train", "--mode", "mixed", "--epochs", "1", "--batches-per-epoch", "3", "--batch", "16", "--test-images", "64", "--no-baseline", "--out", dir });
        train.WaitForLine(l => l.StartsWith("train lenet, mode mixed", StringComparison.Ordinal), RunTimeout, "the header line");
        train.Signal("INT");
        train.WaitForLine(l => l.Contains("stopping after the batch in flight", StringComparison.Ordinal), RunTimeout, "the first signal's line");
        train.Signal("INT");
        Assert.AreEqual(130, train.WaitForExit(RunTimeout), "killed by SIGINT: 128 + 2");
        StringAssert.Contains(train.Stderr, "cimctl: second stop signal: aborting now");
        Assert.IsFalse(train.Stderr.Contains("resume with:", StringComparison.Ordinal), "an abort does not stop gracefully");
        Assert.IsFalse(Directory.Exists(dir), "nothing was saved yet: no folder is left");
    }

    private static CimctlChild Emulate()
    {
        CimctlChild server = CimctlChild.Start(new[] { "emulate", "--listen", "127.0.0.1:0", "--profile", "ideal", "--seed", Seed });
        server.WaitForLine(l => l.StartsWith("listening on 127.0.0.1:", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "'listening on'");
        return server;
    }

    private static int Port(CimctlChild server)
    {
        string line = server.WaitForLine(l => l.StartsWith("listening on 127.0.0.1:", StringComparison.Ordinal), TimeSpan.FromSeconds(1), "'listening on'");
        return int.Parse(line["listening on 127.0.0.1:".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>3 epochs of 30 batches on the ideal window (10-70 uS) with a fine granularity, so a short run writes devices.</summary>
    private static string[] MixedArgs(int port, string dir) => new[]
    {
        "--board", "tcp://127.0.0.1:" + port, "--profile", "ideal", "--seed", Seed, "train", "--mode", "mixed", "--epochs", "3", "--batches-per-epoch", "30",
        "--batch", "32", "--test-images", "64", "--checkpoint-every", "4", "--granularity-bits", "5", "--lr", "0.01", "--gmin-us", "12", "--gmax-us", "60",
        "--ginit-max-us", "36", "--no-baseline", "--out", dir,
    };
}
