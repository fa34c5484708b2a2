using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Host;
using CimController.Inference;
using CimController.Learning.Data;
using CimController.Learning.ModelFiles;
using CimController.Protocol;

namespace CimController.Cli.Commands
{
    /// <summary>What deploy and infer share: model loading, data, deployment with its report, errors mapped to one line.</summary>
    public static class InferenceCli
    {
        /// <summary>--model FILE.</summary>
        public static Option<string> ModelOption() => new("--model") { Description = "Model file (cimcontroller-model safetensors, or plain safetensors with --arch)", Required = true };

        /// <summary>--arch A.</summary>
        public static Option<string?> ArchOption() => new("--arch") { Description = "Architecture of a plain safetensors file: " + ModelArchitectures.Names };

        /// <summary>--data DIR.</summary>
        public static Option<string?> DataOption() => new("--data") { Description = "Folder with the four MNIST-format IDX files (default: Fashion-MNIST at " + FashionMnist.DefaultFolder + ")" };

        /// <summary>--method.</summary>
        public static Option<string> MethodOption() => new("--method") { Description = "Programming: write-verify (default; Wu 2023 ISPP) or ffp (Diao 2025; tio2 profile, needs an FFP table on the firmware)", DefaultValueFactory = _ => "write-verify" };

        /// <summary>Images per Forward round trip unless --batch says otherwise.</summary>
        public const int DefaultBatch = 16;

        /// <summary>--batch.</summary>
        public static Option<int> BatchOption() => new("--batch") { Description = "Images per Forward round trip (lowered to what the firmware's memory and payload limit allow)", DefaultValueFactory = _ => DefaultBatch };

        /// <summary>--levels.</summary>
        public static Option<int?> LevelsOption() => new("--levels") { Description = "Program levels of the mapping (0 = continuous targets; default: the profile's)" };

        /// <summary>
        /// The number of test images to run: <paramref name="given"/> (checked against the <paramref name="available"/> images
        /// of the test set in <paramref name="folder"/>), else <paramref name="fallback"/> capped at what there is (null: all).
        /// </summary>
        public static int ImageCount(string option, int? given, int available, string folder, int? fallback)
        {
            if (given is int n)
            {
                if (n < 1 || n > available)
                {
                    throw new UsageException(option + " " + n + " is not valid; the test set in " + folder + " has " + available + " images: give 1.." + available);
                }
                return n;
            }
            return Math.Min(fallback ?? available, available);
        }

        /// <summary>Checks --batch (1..65535 images per round trip) and --levels (0 = continuous, or 2..4096) before anything is loaded or connected.</summary>
        public static void CheckBatchAndLevels(int batch, int? levels)
        {
            RequireRange("--batch", batch, 1, 65535);
            if (levels is int l && l != 0 && (l < 2 || l > 4096))
            {
                throw new UsageException("--levels " + l + " is not valid; give 0 (continuous targets) or 2..4096 program levels");
            }
        }

        /// <summary>Throws <see cref="UsageException"/> unless <paramref name="value"/> is in <paramref name="min"/>..<paramref name="max"/>.</summary>
        public static void RequireRange(string option, int value, int min, int max)
        {
            if (value < min || value > max)
            {
                throw new UsageException(option + " " + value + " is not valid; give " + min + ".." + max);
            }
        }

        /// <summary>Loads a model file; mismatches become usage errors.</summary>
        public static LoadedModel LoadModel(string path, string? arch)
        {
            try
            {
                return ModelFile.Load(path, arch);
            }
            catch (ModelFileException e)
            {
                throw new UsageException("--model: " + e.Message);
            }
        }

        /// <summary>Loads the data set.</summary>
        public static MnistDataset LoadData(string? folder)
        {
            try
            {
                return FashionMnist.Load(folder);
            }
            catch (DatasetException e)
            {
                throw new UsageException("--data: " + e.Message);
            }
        }

        /// <summary><c>--repeats</c>: conversions the firmware averages per vector, per crossbar layer.</summary>
        public static Option<string> RepeatsOption() => new("--repeats")
        {
            Description = "Conversions averaged per input vector, per crossbar layer, comma-separated (1 = none; done by the chip; the training's chip forward uses 8,16,64 by default). More repeats: less ADC noise, more tile operations and energy",
            DefaultValueFactory = _ => "8,16,64",
        };

        /// <summary>Parses --repeats.</summary>
        public static int[] Repeats(string text) => OptionParsing.Integers("--repeats", text, 1, 64);

        /// <summary><c>--copies</c>: copies of each crossbar layer stacked on its array's rows.</summary>
        public static Option<string?> CopiesOption() => new("--copies")
        {
            Description = "Copies of each crossbar layer on its array's rows, comma-separated (e.g. 2,1,1); only a convolution within one array; default: none (2,1,1 copies LeNet conv1 as training does: a little less noise, ~30 % fewer images/s)",
        };

        /// <summary>Parses --copies (null or empty: the default).</summary>
        public static int[]? Copies(string? text) => string.IsNullOrWhiteSpace(text) ? null : OptionParsing.Integers("--copies", text, 1, 64);

        /// <summary>Parses --method.</summary>
        public static ProgramMethod Method(string text) => text.Trim().ToLowerInvariant() switch
        {
            "write-verify" or "wv" => ProgramMethod.WriteVerify,
            "ffp" => ProgramMethod.Ffp,
            _ => throw new UsageException("--method '" + text + "' is not known; accepted: write-verify, ffp"),
        };

        /// <summary>Deploys, printing warnings and the programming report; refusals become one-line errors.</summary>
        public static Deployment Deploy(GlobalSettings g, CimClient client, LoadedModel model, MnistDataset data, ProgramMethod method, int batch, int? levels, bool quiet, int[]? repeats = null, int[]? copies = null)
        {
            float[] cal = InferenceRunner.Floats(data.Train, 256);
            var options = new DeployOptions
            {
                Method = method,
                MaxBatch = batch,
                Levels = levels,
                CalibrationImages = cal,
                CalibrationCount = cal.Length / data.Train.ImageSize,
                Repeats = repeats ?? new DeployOptions().Repeats,
                Copies = copies,
                WriteVerify = WriteVerifyScheme.Options(client.Info, null, null, null, null),
            };
            try
            {
                InferenceRunner.CheckImages(model.Network, data.Test);
                return ProgressDisplay.Run(g.Interactive, "deploying " + model.Network.Name + " (" + method + ")", p =>
                {
                    options.Progress = p;
                    return ModelDeployer.Deploy(client, model, options);
                });
            }
            catch (ModelTooLargeException e) { throw new UsageException(e.Message); }
            catch (ImageSizeException e) { throw new UsageException("--data: " + e.Message); }
            catch (NotSupportedException e) { throw new UsageException(e.Message); }
            catch (ArgumentException e) when (copies is not null && e.Message.Contains("copies", StringComparison.Ordinal)) { throw new UsageException("--copies: " + e.Message); }
            catch (DeployException e)
            {
                if (!quiet) PrintReport(e.Report);
                throw new CimDeployFailed(e.Message);
            }
        }

        /// <summary>Prints a deployment report (text).</summary>
        public static void PrintReport(DeployReport r)
        {
            foreach (string w in r.Warnings) Console.Error.WriteLine("cimctl: warning: " + w);
            Console.WriteLine($"window {r.Window?.MinUs:0.##}-{r.Window?.MaxUs:0.##} uS, levels {(r.Window?.Levels is 0 ? "continuous" : r.Window?.Levels.ToString(CultureInfo.InvariantCulture))} ({r.Window?.Source}); method {r.Method}");
            Console.WriteLine("block                    tile  columns   rows  cells  pulses  failed  ms");
            foreach (BlockReport b in r.Blocks)
            {
                Console.WriteLine($"{b.Layer + " #" + b.BlockIndex,-24} {b.Tile,4}  {b.Column,3}..{b.Column + b.Columns - 1,-3}  {b.Rows,4}  {b.Cells,5}  {b.Pulses,6}  {b.Failures,6}  {b.ElapsedMs}");
            }
            Console.WriteLine($"programmed {r.Blocks.Count}/{r.BlocksPlanned} blocks: {r.Cells} cells, {r.Pulses} pulses, {r.Failures} failed, {r.ProgrammingTime.TotalSeconds:0.0} s");
            if (r.Load is not null)
            {
                Console.WriteLine($"network program {r.ProgramBytes} bytes loaded as {r.Load.ProgramId:X8}: max batch {r.Load.MaxBatch}, firmware buffers {r.Load.Bytes:N0} of {r.Load.MemoryLimitBytes:N0} bytes, {r.Load.Slots} array blocks");
            }
        }

        /// <summary>The report as JSON.</summary>
        public static JsonObject ReportJson(DeployReport r) => new()
        {
            ["method"] = r.Method.ToString(),
            ["windowMinUs"] = r.Window?.MinUs,
            ["windowMaxUs"] = r.Window?.MaxUs,
            ["levels"] = r.Window?.Levels,
            ["cells"] = r.Cells,
            ["pulses"] = r.Pulses,
            ["failures"] = r.Failures,
            ["programmingSeconds"] = r.ProgrammingTime.TotalSeconds,
            ["blocksProgrammed"] = r.Blocks.Count,
            ["blocksPlanned"] = r.BlocksPlanned,
            ["programId"] = r.Load?.ProgramId.ToString("X8", CultureInfo.InvariantCulture),
            ["maxBatch"] = r.Load?.MaxBatch,
            ["firmwareBytes"] = r.Load?.Bytes,
            ["warnings"] = new JsonArray(r.Warnings.Select(w => (JsonNode)JsonValue.Create(w)!).ToArray()),
        };
    }

    /// <summary>A deployment that stopped part way (its report was printed); exit code 1.</summary>
    public sealed class CimDeployFailed : System.IO.IOException
    {
        /// <summary>Creates the exception.</summary>
        public CimDeployFailed(string message) : base(message)
        {
        }
    }
}
