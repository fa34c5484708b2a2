using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using CimController.Crossbar;
using CimController.Host;
using CimController.Learning.Mapping;
using CimController.Learning.ModelFiles;
using CimController.Learning.Models;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Inference;

/// <summary>How conductances get onto the devices.</summary>
public enum ProgramMethod
{
    /// <summary>Read-verify (ISPP) programming in the firmware (Wu 2023), region by region.</summary>
    WriteVerify,

    /// <summary>Feed-forward pulse programming by table look-up (Diao 2025; the firmware needs an FFP table: cimctl ffp).</summary>
    Ffp,

    /// <summary>Conductances set by a caller-supplied writer (the emulator's bench back door: studies and tests only).</summary>
    Preset,
}

/// <summary>Options of <see cref="ModelDeployer.Deploy"/>.</summary>
public sealed class DeployOptions
{
    /// <summary>Programming method.</summary>
    public ProgramMethod Method { get; set; } = ProgramMethod.WriteVerify;

    /// <summary>Write-verify settings (null: 5 trials, 0.5 uS tolerance).</summary>
    public WriteVerifyOptions? WriteVerify { get; set; }

    /// <summary>FFP tolerance, milliohms (Diao 2025 steps are 0.1-0.3 ohm).</summary>
    public uint FfpToleranceMilliohms { get; set; } = 150;

    /// <summary>Window override (null: the model file's mapping.* keys, else the board profile's window).</summary>
    public ChipWindow? Window { get; set; }

    /// <summary>Levels override (null: the window's).</summary>
    public int? Levels { get; set; }

    /// <summary>Images per Forward requested (lowered to what the firmware and the payload limit allow).</summary>
    public int MaxBatch { get; set; } = 16;

    /// <summary>Calibration images for the input scales (pixels in [0, 1], image after image).</summary>
    public float[]? CalibrationImages { get; set; }

    /// <summary>Number of calibration images.</summary>
    public int CalibrationCount { get; set; }

    /// <summary>Fraction of the ADC full scale the largest calibrated column current may reach.</summary>
    public double CurrentTarget { get; set; } = 0.85;

    /// <summary>
    /// Conversions the firmware averages per input vector, per crossbar layer (missing entries: 1; summed on the chip).
    /// Default 8, 16, 64 as in the training's chip forward, so a mixed-trained model meets the noise it was trained with.
    /// </summary>
    public int[] Repeats { get; set; } = { 8, 16, 64 };

    /// <summary>
    /// Copies per crossbar layer (<see cref="ChipPlan.SetCopies"/>); null (default): none. Measured (seed-1 LeNet, chips
    /// 2-5, 8,16,64 conversions): conv1 x2 as in training raises the agreement with software from 95.8 to 96.3 % on
    /// average, the accuracy is the same within noise (86.60 vs 86.83 %), and the throughput falls from 2,267 to 1,612
    /// images/s (the firmware drives 50 rows instead of 25 per conv1 vector), so deployment does not copy by default.
    /// </summary>
    public int[]? Copies { get; set; }

    /// <summary>For <see cref="ProgramMethod.Preset"/>: sets (tile, row, col) to a conductance in uS.</summary>
    public Action<int, int, int, double>? Preset { get; set; }

    /// <summary>Progress (cells).</summary>
    public IProgress<CimProgress>? Progress { get; set; }
}

/// <summary>Programming statistics of one block.</summary>
public sealed record BlockReport(string Layer, int BlockIndex, int Tile, int Column, int Rows, int Columns, int Cells, long Pulses, int Failures, long ElapsedMs);

/// <summary>What a deployment wrote and loaded.</summary>
public sealed class DeployReport
{
    /// <summary>Blocks programmed so far, in order.</summary>
    public List<BlockReport> Blocks { get; } = new();

    /// <summary>Warnings (profile mismatch, failed cells).</summary>
    public List<string> Warnings { get; } = new();

    /// <summary>Cells programmed.</summary>
    public int Cells => Blocks.Sum(b => b.Cells);

    /// <summary>Programming pulses.</summary>
    public long Pulses => Blocks.Sum(b => b.Pulses);

    /// <summary>Cells that did not reach their band.</summary>
    public int Failures => Blocks.Sum(b => b.Failures);

    /// <summary>Wall time of programming.</summary>
    public TimeSpan ProgrammingTime { get; set; }

    /// <summary>Method used.</summary>
    public ProgramMethod Method { get; set; }

    /// <summary>Window used.</summary>
    public ChipWindow? Window { get; set; }

    /// <summary>Blocks the plan has in total.</summary>
    public int BlocksPlanned { get; set; }

    /// <summary>True when the network program is on the firmware.</summary>
    public bool Loaded { get; set; }

    /// <summary>The firmware's answer to NetworkLoad.</summary>
    public NetworkLoadResult? Load { get; set; }

    /// <summary>Program bytes sent.</summary>
    public int ProgramBytes { get; set; }
}

/// <summary>A deployment that stopped part way; <see cref="Report"/> says what was written.</summary>
public sealed class DeployException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeployException(string message, DeployReport report, Exception? inner = null) : base(message, inner) => Report = report;

    /// <summary>What was written before the failure.</summary>
    public DeployReport Report { get; }
}

/// <summary>A model on a board: the plan, the loaded program's id and the report.</summary>
public sealed class Deployment
{
    internal Deployment(ChipPlan plan, DeployReport report, uint programId, int maxBatch)
    {
        Plan = plan;
        Report = report;
        ProgramId = programId;
        MaxBatch = maxBatch;
    }

    /// <summary>The mapping.</summary>
    public ChipPlan Plan { get; }

    /// <summary>What was written.</summary>
    public DeployReport Report { get; }

    /// <summary>Id of the firmware's network program.</summary>
    public uint ProgramId { get; }

    /// <summary>Images per Forward.</summary>
    public int MaxBatch { get; }
}

/// <summary>
/// Deploys a model to a board: maps it (<see cref="ChipPlan"/>: im2col, differential pairs, tiling, packing onto the
/// board's arrays; a model that does not fit is refused before any pulse, saying how many arrays it needs), calibrates
/// the input scales on sample images, programs every block with write-verify (or FFP, or a preset writer), then
/// uploads the network program. A failure part way throws <see cref="DeployException"/> carrying the report of what was
/// written; the network program is uploaded only after every block is programmed.
/// </summary>
public static class ModelDeployer
{
    /// <summary>Warnings about a model file mapped for another profile than the board's, saying what changes.</summary>
    public static List<string> ProfileWarnings(IReadOnlyDictionary<string, string> metadata, string boardProfile)
    {
        var warnings = new List<string>();
        if (MappingMetadata.Read(metadata).Profile is string modelProfile && !string.Equals(modelProfile, boardProfile, StringComparison.OrdinalIgnoreCase))
        {
            ChipWindow a = ChipWindow.ForProfile(modelProfile), b = ChipWindow.ForProfile(boardProfile);
            string mode = metadata.TryGetValue("trained.mode", out string? m) ? m : "unknown";
            warnings.Add($"the model was trained for profile '{modelProfile}' (mode {mode}) but the board runs '{boardProfile}': the conductance window changes from " +
                $"{a.MinUs:0.##}-{a.MaxUs:0.##} uS to {b.MinUs:0.##}-{b.MaxUs:0.##} uS ({b.Source}), levels {Lv(a.Levels)} -> {Lv(b.Levels)}; weights are re-mapped to the new window, " +
                "and the device noise, programming error and drift the model was trained under differ, so its accuracy on this board may differ from the file's trained.test_accuracy");
        }
        return warnings;
    }

    private static string Lv(int n) => n == 0 ? "continuous" : n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The board's facts from its Info reply.</summary>
    public static BoardShape ShapeOf(CimClient client)
    {
        var i = client.Info;
        return new BoardShape(i.Tiles, i.Rows, i.Columns, i.ReadMillivolts / 1000.0, client.AdcLsbMicroamps * 1e-6, (1 << i.AdcBits) - 1);
    }

    /// <summary>The window a deployment uses: options, else the model file's mapping.g_min_us/g_max_us (<see cref="MappingMetadata"/>) when it was mapped for this profile, else the profile's; levels from options, else the profile's.</summary>
    public static ChipWindow WindowFor(IReadOnlyDictionary<string, string> metadata, string boardProfile, DeployOptions options)
    {
        ChipWindow w = options.Window ?? ChipWindow.ForProfile(boardProfile);
        MappingMetadata mapping = MappingMetadata.Read(metadata);
        if (options.Window is null && mapping.IsFor(boardProfile) && mapping.WindowMicrosiemens is (double l, double h))
        {
            w = w with { MinNs = l * 1000, MaxNs = h * 1000, Source = "the model file's mapping.g_min_us/g_max_us" };
        }
        if (options.Levels is int n) w = w with { Levels = n };
        return w;
    }

    /// <summary>Maps, programs and loads <paramref name="model"/> onto the board behind <paramref name="client"/>.</summary>
    public static Deployment Deploy(CimClient client, LoadedModel model, DeployOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (options.CalibrationImages is null || options.CalibrationCount < 1)
        {
            throw new ArgumentException("deploy needs calibration images (a few hundred training images) to set the arrays' input scales");
        }
        Network net = model.Network;
        ChipPlan.CheckLayers(net);
        string profile = client.Info.ProfileName;
        var report = new DeployReport { Method = options.Method };
        report.Warnings.AddRange(ProfileWarnings(model.Metadata, profile));
        ChipWindow window = WindowFor(model.Metadata, profile, options);
        report.Window = window;
        ChipPlan plan = ChipPlan.Map(net, ShapeOf(client), window.Range); // throws ModelTooLargeException before any pulse
        plan.SetCopies(options.Copies ?? Array.Empty<int>());
        plan.Calibrate(options.CalibrationImages, options.CalibrationCount, options.CurrentTarget);
        plan.SetRepeats(options.Repeats);
        report.BlocksPlanned = plan.Blocks.Count;
        if (options.Method == ProgramMethod.Preset && options.Preset is null)
        {
            throw new ArgumentException("the preset method needs a conductance writer");
        }

        var clock = Stopwatch.StartNew();
        int done = 0, total = plan.Devices;
        for (int b = 0; b < plan.Blocks.Count; b++)
        {
            PlacedBlock p = plan.Blocks[b];
            string layer = net.CrossbarLayers[p.Layer].Name;
            try
            {
                report.Blocks.Add(ProgramBlock(client, plan, b, layer, options, done, total));
                done += plan.PhysicalRows(b) * p.Slot.PhysicalColumns;
            }
            catch (Exception e) when (e is CimProtocolException or CimTimeoutException or CimLinkClosedException or InvalidOperationException)
            {
                report.ProgrammingTime = clock.Elapsed;
                throw new DeployException($"programming stopped at {layer} block {p.Slot.Index} (tile {p.BoardTile}, columns {p.Column}..{p.Column + p.Slot.PhysicalColumns - 1}) after " +
                    $"{report.Blocks.Count} of {plan.Blocks.Count} blocks ({report.Cells} cells, {report.Pulses} pulses) were written; no network program was loaded: {e.Message}", report, e);
            }
        }
        report.ProgrammingTime = clock.Elapsed;
        if (report.Failures > 0)
        {
            report.Warnings.Add($"{report.Failures} of {report.Cells} cells did not reach their band; they keep the conductance programming left them at");
        }

        int imageBytes = net.InputChannels * net.InputHeight * net.InputWidth;
        int maxBatch = Math.Max(1, Math.Min(options.MaxBatch, Math.Min((client.MaxPayload - InferenceLayout.ForwardHeaderLength) / imageBytes,
            (client.MaxPayload - InferenceLayout.ForwardReplyHeaderLength) / InferenceLayout.ImageResultLength(net.Classes))));
        while (true)
        {
            byte[] program = NetworkProgramWriter.Write(plan, maxBatch);
            try
            {
                NetworkLoadResult r = client.NetworkLoad(program);
                report.Loaded = true;
                report.Load = r;
                report.ProgramBytes = program.Length;
                return new Deployment(plan, report, r.ProgramId, r.MaxBatch);
            }
            catch (CimProtocolException e) when (e.Code == ErrorCode.OutOfRange && maxBatch > 1 && e.Message.Contains("bytes of buffers", StringComparison.Ordinal))
            {
                report.Warnings.Add($"firmware memory: {e.Message}; trying max batch {maxBatch / 2}");
                maxBatch /= 2;
            }
            catch (CimProtocolException e)
            {
                throw new DeployException($"every block was programmed ({report.Cells} cells, {report.Pulses} pulses) but the firmware refused the network program: {e.Message}", report, e);
            }
        }
    }

    private static BlockReport ProgramBlock(CimClient client, ChipPlan plan, int b, string layer, DeployOptions o, int done, int total)
    {
        PlacedBlock p = plan.Blocks[b];
        int rows = plan.PhysicalRows(b), cols = p.Slot.PhysicalColumns;
        uint[] targets = plan.TargetsNanosiemens(b);
        var sw = Stopwatch.StartNew();
        long pulses = 0;
        int failures = 0;
        switch (o.Method)
        {
            case ProgramMethod.WriteVerify:
            {
                IProgress<CimProgress>? progress = o.Progress is null ? null : new Progress(o.Progress, done, total);
                WriteVerifyResult r = new ChipProgrammer(client).Program(plan.SlotOf(b), targets, o.WriteVerify ?? new WriteVerifyOptions(), progress);
                pulses = r.TotalPulses;
                failures = r.Failures;
                break;
            }
            case ProgramMethod.Ffp:
                for (int i = 0; i < targets.Length; i++)
                {
                    uint mohm = (uint)Math.Round(1e12 / targets[i]);
                    FfpProgramResult r = client.FfpProgram(p.BoardTile, i / cols, p.Column + (i % cols), mohm, o.FfpToleranceMilliohms);
                    pulses += r.Events;
                    if (r.Status != FfpStatus.InTolerance) failures++;
                    o.Progress?.Report(new CimProgress("ffp program", done + i + 1, total));
                }
                break;
            default:
                for (int i = 0; i < targets.Length; i++)
                {
                    o.Preset!(p.BoardTile, i / cols, p.Column + (i % cols), targets[i] / 1000.0);
                }
                o.Progress?.Report(new CimProgress("preset", done + targets.Length, total));
                break;
        }
        return new BlockReport(layer, p.Slot.Index, p.BoardTile, p.Column, rows, cols, targets.Length, pulses, failures, sw.ElapsedMilliseconds);
    }

    private sealed class Progress(IProgress<CimProgress> inner, int offset, int total) : IProgress<CimProgress>
    {
        public void Report(CimProgress value) => inner.Report(new CimProgress(value.Stage, offset + value.Done, total));
    }
}
