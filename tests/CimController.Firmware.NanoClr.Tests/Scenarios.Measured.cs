using System;
using System.Linq;
using CimController.Host;
using CimController.Inference;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware.NanoClr.Tests;

public static partial class Scenarios
{
    private const int MeasureVmmCalls = 16, MeasureVmmVectors = 64;
    private const int MeasureCells = 32;
    private const int LeNetPairs = 3_220, MeasureUpdateSteps = 4;
    private const int MeasureForwards = 4, MeasureBatch = 8;

    /// <summary>Vmm of 64 vectors on a whole 64 x 64 tile, 16 times: time per input vector.</summary>
    public static MeasuredScenario MeasureVmm() => new(new Scenario("measure-vmm", "emulator", "brram", 61, run =>
    {
        CimClient c = run.Client;
        c.Connect();
        byte[] codes = Bytes(64 * MeasureVmmVectors, 6101);
        for (int i = 0; i < MeasureVmmCalls; i++) c.Vmm(i % 4, 0, 64, 0, 64, codes, MeasureVmmVectors);
    }), MessageType.VmmResult, "Vmm vector", MeasureVmmCalls * MeasureVmmVectors);

    /// <summary>Write-verify of 32 cells to spread targets in one request: time per programmed cell.</summary>
    public static MeasuredScenario MeasureWriteVerify() => new(new Scenario("measure-write-verify", "emulator", "brram", 62, run =>
    {
        CimClient c = run.Client;
        c.Connect();
        var cells = Enumerable.Range(0, MeasureCells).Select(i => new CellTarget(i, (i * 7) % 64, (uint)(9_000 + (i % 16) * 1_500))).ToArray();
        c.WriteVerify(0, cells, new WriteVerifyOptions { Averages = 2, ProgressEveryCells = 64 });
    }), MessageType.WriteVerifyResult, "programmed cell", MeasureCells);

    /// <summary>
    /// The Wu 2023 LeNet's training state (3,220 weight pairs) loaded, then 4 steps of updates of every weight: time per
    /// pushed weight update (threshold crossings are programmed with write-verify, as in training), and the heap the
    /// firmware holds with the state.
    /// </summary>
    public static MeasuredScenario MeasureTrainUpdate() => new(new Scenario("measure-train-update", "emulator", "brram", 63, run =>
    {
        CimClient c = run.Client;
        c.Connect();
        StartSession(c, LeNetPairs, new[] { 0, 100, 1300 });
        var rng = new Random(6301);
        var step = new float[LeNetPairs];
        for (uint s = 1; s <= MeasureUpdateSteps; s++)
        {
            for (int i = 0; i < step.Length; i++) step[i] = (float)(rng.NextDouble() * 4_000 - 2_000);
            c.TrainUpdate(TrainToken, s, 0, 0, step);
        }
    }), MessageType.TrainUpdated, "pushed weight update", LeNetPairs * MeasureUpdateSteps);

    /// <summary>Forward batches of 8 images through the Wu 2023 LeNet on the firmware: time per image.</summary>
    public static MeasuredScenario MeasureForward() => new(new Scenario("measure-forward", "emulator", "ideal", 64, run =>
    {
        CimClient c = run.Client;
        c.Connect();
        Deployment d = DeployLeNet(run, 64);
        byte[] images = Bytes(ImageBytes * MeasureBatch, 6401);
        for (int i = 0; i < MeasureForwards; i++) c.Forward(d.ProgramId, images, 0, MeasureBatch, ImageBytes);
    }) { Noise = false }, MessageType.ForwardResult, "Forward image", MeasureForwards * MeasureBatch);
}
