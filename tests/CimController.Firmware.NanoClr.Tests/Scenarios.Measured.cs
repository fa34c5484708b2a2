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
    internal const int LeNetPairs = 3_220;
    private const int MeasureUpdateSteps = 4;
    private const int MeasureForwards = 4, MeasureBatch = 8;

    /// <summary>The payload limit of an ESP32 without PSRAM (Esp32BoardDefinition).</summary>
    internal const int Esp32Payload = 4096;

    /// <summary>The payload limit of an ESP32 with PSRAM (Esp32BoardDefinition).</summary>
    internal const int Esp32PsramPayload = 16384;

    /// <summary>Vmm of 64 vectors on a whole 64 x 64 tile, 16 times, at an ESP32's 4096-byte payload: time per input vector, heap while serving.</summary>
    public static MeasuredScenario MeasureVmm() => new(new Scenario("measure-vmm", "emulator", "brram", 61, run =>
    {
        CimClient c = run.Client;
        c.Connect();
        byte[] codes = Bytes(64 * MeasureVmmVectors, 6101);
        for (int i = 0; i < MeasureVmmCalls; i++) c.Vmm(i % 4, 0, 64, 0, 64, codes, MeasureVmmVectors);
    }) { Configure = config => config.MaxPayload = Esp32Payload }, MessageType.VmmResult, "Vmm vector", MeasureVmmCalls * MeasureVmmVectors);

    /// <summary>Write-verify of 32 cells to spread targets in one request at a 4096-byte payload: time per programmed cell.</summary>
    public static MeasuredScenario MeasureWriteVerify() => new(new Scenario("measure-write-verify", "emulator", "brram", 62, run =>
    {
        CimClient c = run.Client;
        c.Connect();
        var cells = Enumerable.Range(0, MeasureCells).Select(i => new CellTarget(i, (i * 7) % 64, (uint)(9_000 + (i % 16) * 1_500))).ToArray();
        c.WriteVerify(0, cells, new WriteVerifyOptions { Averages = 2, ProgressEveryCells = 64 });
    }) { Configure = config => config.MaxPayload = Esp32Payload }, MessageType.WriteVerifyResult, "programmed cell", MeasureCells);

    /// <summary>
    /// The Wu 2023 LeNet's training state (3,220 weight pairs) loaded, then 4 steps of updates of every weight: time per
    /// pushed weight update (threshold crossings are programmed with write-verify, as in training), and the heap the
    /// firmware holds with the state, at the 16384-byte payload of an ESP32 with PSRAM.
    /// </summary>
    public static MeasuredScenario MeasureTrainUpdate() => new(new Scenario("measure-train-update", "emulator", "brram", 63, run =>
    {
        CimClient c = run.Client;
        c.Connect();
        StartSession(c, LeNetPairs, new[] { 0, 100, 1300 });
        var rng = new Random(6301);
        var step = new float[LeNetPairs];
        int chunk = c.TrainUpdateChunk;
        for (uint s = 1; s <= MeasureUpdateSteps; s++)
        {
            for (int i = 0; i < step.Length; i++) step[i] = (float)(rng.NextDouble() * 6_000 - 3_000);
            for (int first = 0; first < LeNetPairs; first += chunk)
                c.TrainUpdate(TrainToken, s, 0, first, step.AsSpan(first, Math.Min(chunk, LeNetPairs - first)));
        }
    }) { Configure = config => config.MaxPayload = Esp32PsramPayload }, MessageType.TrainUpdated, "pushed weight update", LeNetPairs * MeasureUpdateSteps);

    /// <summary>Forward batches of 8 images through the Wu 2023 LeNet on the firmware at a 16384-byte payload: time per image.</summary>
    public static MeasuredScenario MeasureForward() => new(new Scenario("measure-forward", "emulator", "ideal", 64, run =>
    {
        CimClient c = run.Client;
        c.Connect();
        Deployment d = DeployLeNet(run, 64);
        byte[] images = Bytes(ImageBytes * MeasureBatch, 6401);
        for (int i = 0; i < MeasureForwards; i++) c.Forward(d.ProgramId, images, 0, MeasureBatch, ImageBytes);
    }) { Noise = false, Configure = config => config.MaxPayload = Esp32PsramPayload }, MessageType.ForwardResult, "Forward image", MeasureForwards * MeasureBatch);
}
