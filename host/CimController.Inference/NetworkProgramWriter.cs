using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CimController.Learning.Layers;
using CimController.Protocol.Messages;

namespace CimController.Inference;

/// <summary>
/// Writes the firmware's network program (layout in shared/CimController.Protocol/Messages/InferenceMessages.cs) for a
/// <see cref="ChipPlan"/>: the layer list with each crossbar layer's blocks (tile, column, rows, outputs, q and k as
/// scaled integers m x 2^e), biases as Q16.16, and the digital ops between.
/// </summary>
public static class NetworkProgramWriter
{
    /// <summary>
    /// The program bytes for <paramref name="plan"/> with <paramref name="maxBatch"/> images per Forward, in
    /// <paramref name="format"/> (the current one, or 3 for firmware from before copies: then no block may be copied).
    /// </summary>
    public static byte[] Write(ChipPlan plan, int maxBatch, int format = InferenceLayout.ProgramFormat)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (format != InferenceLayout.ProgramFormat && !(format == InferenceLayout.OldestProgramFormat && plan.Copies.All(c => c == 1)))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, $"program formats {InferenceLayout.OldestProgramFormat} (without copies) and {InferenceLayout.ProgramFormat} can be written");
        }
        ChipPlan.CheckLayers(plan.Network);
        var net = plan.Network;
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write((ushort)format);
        w.Write(checked((byte)net.InputChannels));
        w.Write(checked((byte)net.InputHeight));
        w.Write(checked((byte)net.InputWidth));
        w.Write(checked((ushort)net.Classes));
        w.Write(checked((ushort)maxBatch));
        w.Write(checked((byte)net.Layers.Count));
        WriteScaled(w, plan.PixelScale);
        w.Write((byte)0);
        foreach (ILayer layer in net.Layers)
        {
            switch (layer)
            {
                case Relu:
                    w.Write((byte)InferenceLayout.OpRelu);
                    break;
                case Flatten:
                    w.Write((byte)InferenceLayout.OpFlatten);
                    break;
                case MaxPool2d p:
                    w.Write((byte)InferenceLayout.OpMaxPool);
                    w.Write(checked((byte)p.Size));
                    break;
                case Conv2d c:
                    w.Write((byte)InferenceLayout.OpConv);
                    w.Write(checked((byte)c.Geometry.KernelHeight));
                    w.Write(checked((byte)c.Geometry.Stride));
                    w.Write(checked((ushort)c.Outputs));
                    WriteCrossbar(w, plan, c, format);
                    break;
                case Linear l:
                    w.Write((byte)InferenceLayout.OpLinear);
                    w.Write(checked((ushort)l.FanIn));
                    w.Write(checked((ushort)l.Outputs));
                    WriteCrossbar(w, plan, l, format);
                    break;
            }
        }
        w.Flush();
        return ms.ToArray();
    }

    private static void WriteCrossbar(BinaryWriter w, ChipPlan plan, CrossbarLayer layer, int format)
    {
        List<int> blocks = Enumerable.Range(0, plan.Blocks.Count).Where(i => plan.Blocks[i].Layer == layer.CrossbarIndex).ToList();
        w.Write((byte)(layer.Bias is null ? 0 : 1));
        w.Write(checked((byte)blocks.Count));
        if (layer.Bias is not null)
        {
            foreach (float b in layer.Bias.Value) w.Write(Q16(b));
        }
        foreach (int i in blocks)
        {
            PlacedBlock p = plan.Blocks[i];
            w.Write(checked((byte)p.BoardTile));
            w.Write((ushort)0);
            w.Write(checked((ushort)p.Column));
            w.Write(checked((ushort)p.Slot.RowStart));
            w.Write(checked((ushort)p.Slot.RowCount));
            w.Write(checked((ushort)p.Slot.OutputStart));
            w.Write(checked((ushort)p.Slot.OutputCount));
            WriteScaled(w, plan.InputScale[i]);
            WriteScaled(w, plan.OutputScale[i]);
            w.Write(plan.CodeMax[i]);
            w.Write(checked((byte)Math.Clamp(plan.Repeats[i], 1, 255)));
            if (format >= 4) w.Write(checked((byte)plan.Copies[i]));
        }
    }

    /// <summary>Q16.16 of <paramref name="v"/>, saturated.</summary>
    public static int Q16(float v) => (int)Math.Clamp(Math.Round(v * 65536.0), int.MinValue, int.MaxValue);

    /// <summary>Writes v as i32 m, i8 e with v = m 2^e and |m| &lt; 2^30 (about 9 significant digits).</summary>
    public static void WriteScaled(BinaryWriter w, double v)
    {
        (int m, int e) = ToScaled(v);
        w.Write(m);
        w.Write((sbyte)e);
    }

    /// <summary>The scaled-integer form of <paramref name="v"/>.</summary>
    public static (int Mantissa, int Exponent) ToScaled(double v)
    {
        if (v == 0 || !double.IsFinite(v)) return (0, 0);
        int e = (int)Math.Floor(Math.Log2(Math.Abs(v))) - 29;
        e = Math.Clamp(e, -100, 100);
        double m = Math.Round(v / Math.Pow(2, e));
        return ((int)Math.Clamp(m, int.MinValue, int.MaxValue), e);
    }

    /// <summary>The value of a scaled integer.</summary>
    public static double FromScaled(int m, int e) => m * Math.Pow(2, e);
}
