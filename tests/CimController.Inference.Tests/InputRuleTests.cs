using System;
using System.Collections.Generic;
using CimController.Crossbar;
using CimController.Host;
using CimController.Learning.Layers;
using CimController.Learning.ModelFiles;
using CimController.Learning.Models;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Inference.Tests;

/// <summary>
/// Training and the firmware's Forward quantise a block's inputs by one rule: the block's code max from
/// <see cref="InputScaleRule.BlockCodeMax"/>, each vector scaled by <see cref="InputCodes"/>.
/// </summary>
[TestClass]
public sealed class InputRuleTests
{
    [TestMethod]
    public void TheCodeMaxIsTheLargestCodeAtWhichNoVectorPassesTheTarget()
    {
        // own codes: 100 / (0.5 x 1) = 200, 100 / (0.5 x 2) = 100, 30 / (0.5 x 0.5) = 120; the smallest decides
        float[] vectorMax = { 100f, 100f, 30f };
        float[] current = { 1f, 2f, 0.5f };
        Assert.AreEqual(100, InputScaleRule.BlockCodeMax(vectorMax, current, 0.5));
        Assert.AreEqual(100, InputScaleRule.BlockCodeMax(vectorMax, current, 0.5, aboveTarget: 0.3), "0.3 of 3 vectors is none");
        Assert.AreEqual(120, InputScaleRule.BlockCodeMax(vectorMax, current, 0.5, aboveTarget: 0.34), "one vector of 3 may pass the target");
        Assert.AreEqual(200, InputScaleRule.BlockCodeMax(vectorMax, current, 0.5, aboveTarget: 0.67));
    }

    [TestMethod]
    public void VectorsWithoutCurrentOrInputLeaveTheCodeAt255AndTheCodeNeverFallsBelow1()
    {
        Assert.AreEqual(255, InputScaleRule.BlockCodeMax(new[] { 5f, 0f }, new[] { 0f, 3f }, 1.0), "nothing constrains");
        Assert.AreEqual(255, InputScaleRule.BlockCodeMax(new[] { 1000f }, new[] { 1f }, 1.0), "own code beyond 255");
        Assert.AreEqual(1, InputScaleRule.BlockCodeMax(new[] { 0.1f }, new[] { 1f }, 1.0), "own code 0 still drives code 1");
        Assert.AreEqual(255, InputScaleRule.BlockCodeMax(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, 1.0));
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(7)]
    [DataRow(8)]
    [DataRow(43)]
    [DataRow(36864)]
    public void TheCodeMaxIsTheSmallestOwnCodeWhenNoVectorMayPassTheTarget(int vectors)
    {
        int seed = 100 + vectors;
        Console.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var vectorMax = new float[vectors];
        var current = new float[vectors];
        for (int v = 0; v < vectors; v++)
        {
            vectorMax[v] = random.NextDouble() < 0.4 ? 0f : (float)random.NextDouble();
            current[v] = random.NextDouble() < 0.1 ? 0f : (float)(1000 * random.NextDouble());
        }

        foreach (double scalePerCurrent in new[] { 1e-3, 1e-5, 1e-7 })
        {
            // the rule one vector at a time: each counted vector's own code, floor(max / (scalePerCurrent x current)), the smallest decides
            double least = double.PositiveInfinity;
            int smallestOwn = InputCodes.MaxCode;
            for (int v = 0; v < vectors; v++)
            {
                double needed = scalePerCurrent * current[v];
                if (vectorMax[v] > 0 && needed > 0)
                {
                    least = Math.Min(least, vectorMax[v] / needed);
                    smallestOwn = Math.Min(smallestOwn, (int)Math.Min(InputCodes.MaxCode, Math.Floor(vectorMax[v] / needed)));
                }
            }

            Assert.AreEqual(least, VectorCodeBounds.SmallestRatio(vectorMax, current, scalePerCurrent), $"scale per current {scalePerCurrent}");
            Assert.AreEqual(Math.Max(1, smallestOwn), InputScaleRule.BlockCodeMax(vectorMax, current, scalePerCurrent), $"scale per current {scalePerCurrent}");
        }
    }

    [TestMethod]
    public void TheFirmwaresForwardSendsTheCodesOfTheTrainingsQuantiser()
    {
        const int seed = 17, images = 3;
        Console.WriteLine($"seed {seed}");
        Network net = ModelArchitectures.Create("lenet", seed);
        var random = new Random(seed);
        var pixels = new byte[images * 784];
        random.NextBytes(pixels);
        var calibration = new float[8 * 784];
        for (int i = 0; i < calibration.Length; i++) calibration[i] = (float)random.NextDouble();
        ChipPlan plan = ChipPlan.Map(net, BoardShape.Wu2023, ChipWindow.ForProfile("brram").Range);
        plan.Calibrate(calibration, 8);
        byte[] program = NetworkProgramWriter.Write(plan, images);

        var board = new FixedCodesBoard { RecordCodes = true };
        var firmware = new CimController.Firmware.ForwardCommand(board, new StoppedClock());
        var parsed = new CimController.Firmware.NetworkProgram();
        parsed.Parse(program, 0, program.Length, board, 1 << 20);
        byte[] frame = new byte[FrameFormat.PayloadOffset + 8192];
        byte[] reply = new byte[FrameFormat.PayloadOffset + 8192];
        Array.Copy(program, 0, frame, FrameFormat.PayloadOffset, program.Length);
        firmware.Execute(MessageType.NetworkLoad, frame, program.Length, reply, 8192);
        int p0 = FrameFormat.PayloadOffset;
        ByteOrder.WriteUInt32(frame, p0, firmware.ProgramId);
        ByteOrder.WriteUInt16(frame, p0 + 4, images);
        frame[p0 + 6] = 0;
        Array.Copy(pixels, 0, frame, p0 + 7, pixels.Length);
        firmware.Execute(MessageType.Forward, frame, 7 + pixels.Length, reply, 8192);

        // the host's view of the first layer's inputs: the same pixels at the program's pixel scale
        var x0 = new float[pixels.Length];
        for (int i = 0; i < x0.Length; i++) x0[i] = pixels[i] * parsed.PixelScale;
        net.Forward(net.InputFrom(x0, images));
        CrossbarLayer conv1 = net.CrossbarLayers[0];
        int v = conv1.LastVectorCount, b = 0;
        PlacedBlock block = plan.Blocks[b];
        Assert.AreEqual(0, block.Layer);
        int rows = block.Slot.RowCount, codeMax = plan.CodeMax[b];
        Assert.IsTrue(codeMax > 0, $"code max {codeMax}: per-vector scaling is on");
        ReadOnlySpan<float> x = conv1.LastInputs.Span;
        var scales = new float[v];
        for (int vec = 0; vec < v; vec++)
        {
            float largest = 0;
            for (int r = 0; r < rows; r++) largest = Math.Max(largest, x[((block.Slot.RowStart + r) * v) + vec]);
            scales[vec] = InputCodes.VectorScale(largest, codeMax, plan.InputScale[b]);
        }
        var expected = new byte[rows * v];
        DacCodes.Quantise(x, v, block.Slot.RowStart, rows, 0, v, scales, 1, expected);

        byte[] sent = board.CodesOf(block.BoardTile, block.Column, rows * v);
        int differ = 0, firstDiffer = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != sent[i]) { differ++; if (firstDiffer < 0) firstDiffer = i; }
        }
        Console.WriteLine($"conv1 block: {v} vectors x {rows} rows, code max {codeMax}, {differ} codes differ");
        Assert.IsTrue(Array.IndexOf(expected, (byte)codeMax) >= 0 && Array.IndexOf(expected, (byte)(codeMax / 2)) >= 0, "codes span the range");
        Assert.AreEqual(0, differ, firstDiffer < 0 ? "" : $"code {firstDiffer}: host {expected[firstDiffer]}, firmware {sent[firstDiffer]}");
    }
}
