using System;
using System.Linq;
using CimController.Firmware.Desktop;
using CimController.Host;
using CimController.Learning.Mapping;
using CimController.Learning.Models;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Inference.Tests;

/// <summary>
/// Weight copies in a deployment (program format 4): LeNet conv1 stands twice on its array's rows, the firmware's im2col
/// drives both copies with the same codes and the output scale carries the 1/2, so the logits are those of one copy.
/// </summary>
[TestClass]
public sealed class CopiesInferenceTests
{
    [TestMethod]
    public void ACopiedConv1GivesTheSameLogitsAsOneCopyOnTheIdealBoard()
    {
        var (train, test, model) = InferenceTests.SharedModel;
        float[] Logits(int[] copies, out int devices, out int conv1Rows)
        {
            var (fw, client) = InferenceTests.Board("ideal", 2);
            using (client)
            {
                DeployOptions options = InferenceTests.Preset(fw, train);
                options.Copies = copies;
                Deployment d = ModelDeployer.Deploy(client, model, options);
                devices = d.Plan.Devices;
                conv1Rows = d.Report.Blocks[0].Rows;
                return client.Forward(d.ProgramId, test.Pixels, 0, 8, 784).Logits.ToArray();
            }
        }

        float[] two = Logits(new[] { 2 }, out int devices2, out int rows2);
        float[] one = Logits(new[] { 1 }, out int devices1, out int rows1);
        double scale = one.Select(Math.Abs).Max();
        double worst = one.Zip(two, (a, b) => Math.Abs(a - b)).Max();
        Console.WriteLine($"ideal board, seed 2: conv1 rows programmed {rows2} (copies 2) / {rows1} (1); devices {devices2} / {devices1}; max |logit difference| {worst:0.0000} of max |logit| {scale:0.000}");
        Assert.AreEqual(50, rows2);
        Assert.AreEqual(25, rows1);
        Assert.AreEqual(devices1 + (25 * 2 * 4), devices2, "conv1's 25 x 4 pairs once more");
        Assert.IsTrue(worst < 0.05 * scale, $"copies change the logits by {worst} (max |logit| {scale})");
    }

    [TestMethod]
    public void AFormat3ProgramStillLoadsAndComputesTheSame()
    {
        var (train, test, model) = InferenceTests.SharedModel;
        var (fw, client) = InferenceTests.Board("ideal", 4);
        using (client)
        {
            Deployment d = ModelDeployer.Deploy(client, model, InferenceTests.Preset(fw, train));
            float[] current = client.Forward(d.ProgramId, test.Pixels, 0, 4, 784).Logits.ToArray();
            byte[] old = NetworkProgramWriter.Write(d.Plan, d.MaxBatch, format: 3);
            Assert.AreEqual(3, old[0] | (old[1] << 8));
            NetworkLoadResult r = client.NetworkLoad(old);
            float[] fromOld = client.Forward(r.ProgramId, test.Pixels, 0, 4, 784).Logits.ToArray();
            CollectionAssert.AreEqual(current, fromOld, "the same plan in format 3 and 4 gives the same logits");
            d.Plan.SetCopies(new[] { 2 });
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => NetworkProgramWriter.Write(d.Plan, d.MaxBatch, format: 3));
        }
    }

    [TestMethod]
    public void CopiesAreRefusedWhereTheyCannotWork()
    {
        var (train, _, model) = InferenceTests.SharedModel;
        var plan = ChipPlan.Map(model.Network, BoardShape.Wu2023, new ConductanceRange(10e-6, 70e-6, 0));
        var e = Assert.ThrowsExactly<ArgumentException>(() => plan.SetCopies(new[] { 3 }));
        StringAssert.Contains(e.Message, "at most 2");
        e = Assert.ThrowsExactly<ArgumentException>(() => plan.SetCopies(new[] { 1, 1, 2 }));
        StringAssert.Contains(e.Message, "convolution");

        // The firmware checks too: a Linear slot with copies is refused, naming the slot and what is accepted.
        plan.SetCopies(new[] { 1 });
        plan.Calibrate(InferenceRunner.Floats(train, 64), 64);
        byte[] program = NetworkProgramWriter.Write(plan, 4);
        program[^1] = 2; // the last byte is the copies of fc's last slot
        var (_, client) = InferenceTests.Board("ideal", 3);
        using (client)
        {
            var ex = Assert.ThrowsExactly<CimProtocolException>(() => client.NetworkLoad(program));
            Assert.AreEqual(ErrorCode.OutOfRange, ex.Code);
            StringAssert.Contains(ex.Message, "copies 2: give 1, or more for a Conv slot");
        }
    }
}
