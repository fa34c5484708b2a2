using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Emulator;
using CimController.Host;
using CimController.Inference;
using CimController.Learning.Models;
using CimController.Learning.ModelFiles;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.NanoClr.Tests;

public static partial class Scenarios
{
    private const int ImageBytes = 28 * 28;

    /// <summary>
    /// Edge inference: a Wu 2023 LeNet (seeded weights) placed on the board's arrays by the deployer's preset writer (the
    /// emulator's back door, so the transcript holds no programming), its network program uploaded, Forward batches run
    /// on the firmware, NetworkStatus, and a Forward naming a program that is not loaded.
    /// </summary>
    public static Scenario Inference() => new("inference", "emulator", "ideal", 41, run =>
    {
        CimClient c = run.Client;
        c.Connect();
        Deployment d = DeployLeNet(run, 41);
        byte[] images = Bytes(ImageBytes * 5, 4101);
        ForwardResult r = c.Forward(d.ProgramId, images, 0, 4, ImageBytes);
        Assert.AreEqual(40, r.Logits.Length);
        c.Forward(d.ProgramId, images, ImageBytes * 4, 1, ImageBytes);
        Assert.AreEqual(5L, c.NetworkStatus().Images);
        var e = Assert.ThrowsExactly<CimProtocolException>(() => c.Forward(d.ProgramId + 1, images, 0, 1, ImageBytes));
        Assert.AreEqual(ErrorCode.NotReady, e.Code);
    })
    { Noise = false };

    /// <summary>Deploys a seeded Wu 2023 LeNet with the preset writer; calibration on seeded images.</summary>
    internal static Deployment DeployLeNet(ScenarioRun run, int seed) => DeployLeNet(run.Client, run.Emulator!, seed);

    /// <summary>Deploys a seeded Wu 2023 LeNet through <paramref name="client"/>, conductances preset on <paramref name="emulator"/>.</summary>
    internal static Deployment DeployLeNet(CimClient client, BoardEmulator emulator, int seed)
    {
        var model = new LoadedModel(WuLeNet.Create(seed), new Dictionary<string, string>());
        byte[] calibration = Bytes(ImageBytes * 32, seed * 100 + 1);
        var options = new DeployOptions
        {
            Method = ProgramMethod.Preset,
            CalibrationImages = calibration.Select(b => b / 255f).ToArray(),
            CalibrationCount = 32,
            Preset = (t, row, col, us) => emulator.SetConductanceMicrosiemens(t, row, col, (float)us),
        };
        return ModelDeployer.Deploy(client, model, options);
    }
}
