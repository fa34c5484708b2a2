using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Host;
using CimController.Inference;
using CimController.Learning.Cost;
using CimController.Learning.Data;
using CimController.Learning.ModelFiles;
using CimController.Protocol;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl infer --model FILE --data DIR [--images N]</c>: deploys the model (always on --board emulator, whose chip lives
    /// only for this process; on a real board only when the loaded program differs), runs the test images through the chip
    /// with batched Forward round trips and reports accuracy, confusion matrix, wall time per image, the board's counters and
    /// the Wu 2023 Table 2 estimate beside the paper's LeNet row. <c>cimctl bench infer</c> is the same with a throughput focus.
    /// </summary>
    public static class InferCommand
    {
        /// <summary>Builds <c>infer</c>.</summary>
        public static Command Create(GlobalOptions globals) => Build(globals, "infer", "Run test images through a deployed model on the chip: accuracy, confusion matrix, wall time, chip latency/energy beside Wu 2023 Table 2", bench: false);

        /// <summary>Builds <c>bench infer</c>.</summary>
        public static Command CreateBench(GlobalOptions globals) => Build(globals, "infer", "Inference throughput (images/s) through the full stack: deploy, then Forward round trips", bench: true);

        private static Command Build(GlobalOptions globals, string name, string description, bool bench)
        {
            Option<string> model = InferenceCli.ModelOption();
            Option<string?> arch = InferenceCli.ArchOption(), data = InferenceCli.DataOption();
            Option<string> method = InferenceCli.MethodOption();
            Option<int> batch = InferenceCli.BatchOption();
            Option<int?> levels = InferenceCli.LevelsOption();
            var images = new Option<int?>("--images") { Description = bench ? "Test images to run (default: 2000, or the whole test set when it is smaller)" : "Test images to run (default: the whole test set)" };
            var command = new Command(name, description);
            var repeats = InferenceCli.RepeatsOption();
            var copies = InferenceCli.CopiesOption();
            foreach (Option o in new Option[] { model, arch, data, method, batch, levels, images, repeats, copies }) command.Options.Add(o);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                InferenceCli.CheckBatchAndLevels(parse.GetValue(batch), parse.GetValue(levels));
                int? given = parse.GetValue(images);
                LoadedModel lm = InferenceCli.LoadModel(parse.GetValue(model)!, parse.GetValue(arch));
                MnistDataset ds = InferenceCli.LoadData(parse.GetValue(data));
                int n = InferenceCli.ImageCount("--images", given, ds.Test.Count, ds.Folder, bench ? 2000 : null);
                if (!bench && g.Boards.Length > 1)
                {
                    return SpreadInferCommand.Run(g, lm, ds, n, InferenceCli.Repeats(parse.GetValue(repeats)!));
                }

                using CimClient client = g.Connect();
                if (!g.Json) CommandContext.PrintHeader(g, client);
                Deployment d = InferenceCli.Deploy(g, client, lm, ds, InferenceCli.Method(parse.GetValue(method)!), parse.GetValue(batch), parse.GetValue(levels), g.Json, InferenceCli.Repeats(parse.GetValue(repeats)!), InferenceCli.Copies(parse.GetValue(copies)));
                if (!g.Json) InferenceCli.PrintReport(d.Report);
                InferenceReport r = ProgressDisplay.Run(g.Interactive, "inference on " + n + " images", p => InferenceRunner.Run(client, d, ds.Test, n, p));
                int[] sw = InferenceRunner.SoftwarePredictions(lm.Network, ds.Test, r.Images);
                double swAcc = Enumerable.Range(0, r.Images).Count(i => sw[i] == ds.Test.Labels[i]) / (double)r.Images;
                double agree = Enumerable.Range(0, r.Images).Count(i => sw[i] == r.Predictions[i]) / (double)r.Images;
                string? trained = lm.Metadata.TryGetValue("trained.test_accuracy", out string? t) ? t : null;
                if (g.Json)
                {
                    JsonObject doc = CommandContext.Document(g, client);
                    doc["model"] = parse.GetValue(model);
                    doc["deploy"] = InferenceCli.ReportJson(d.Report);
                    doc["result"] = Json(r, swAcc, agree, trained);
                    JsonOutput.Write(doc);
                }
                else
                {
                    Print(r, swAcc, agree, trained, ds.Folder);
                }
                return ExitCodes.Ok;
            });
            return command;
        }

        private static JsonObject Json(InferenceReport r, double swAcc, double agree, string? trained)
        {
            InferenceCost e = r.Estimate;
            var confusion = new JsonArray();
            for (int i = 0; i < r.Confusion.GetLength(0); i++)
            {
                var row = new JsonArray();
                for (int j = 0; j < r.Confusion.GetLength(1); j++) row.Add(r.Confusion[i, j]);
                confusion.Add(row);
            }
            return new JsonObject
            {
                ["images"] = r.Images, ["accuracy"] = r.Accuracy, ["softwareAccuracy"] = swAcc, ["agreementWithSoftware"] = agree,
                ["trainedTestAccuracy"] = trained, ["confusion"] = confusion,
                ["wallSeconds"] = r.Wall.TotalSeconds, ["wallMsPerImage"] = r.WallMsPerImage, ["imagesPerSecond"] = r.ImagesPerSecond,
                ["roundTrips"] = r.RoundTrips, ["bytesSentPerImage"] = (double)r.BytesSent / r.Images, ["bytesReceivedPerImage"] = (double)r.BytesReceived / r.Images,
                ["boardTileOpsPerImage"] = r.TileOpsPerImage, ["boardChipMsPerImage"] = r.ChipMsPerImage, ["boardEnergyMjPerImage"] = r.ChipMjPerImage,
                ["estimate"] = new JsonObject
                {
                    ["crossbars"] = e.Crossbars, ["crossbarsWithCopies"] = e.CrossbarsWithCopies, ["ops"] = e.Ops, ["tileOps"] = e.TileOps,
                    ["latencyMs"] = e.LatencyMs, ["pipelinedMs"] = e.PipelinedLatencyMs, ["withCopiesMs"] = e.WithCopiesLatencyMs, ["energyMj"] = e.EnergyMillijoules,
                },
                ["wu2023Table2LeNet"] = new JsonObject
                {
                    ["crossbars"] = WuTable2.Crossbars, ["crossbarsWithCopies"] = WuTable2.CrossbarsWithCopies, ["ops"] = WuTable2.Ops, ["tileOps"] = WuTable2.TileOps,
                    ["latencyMs"] = WuTable2.LatencyMs, ["pipelinedMs"] = WuTable2.PipelinedMs, ["withCopiesMs"] = WuTable2.WithCopiesMs, ["energyMj"] = WuTable2.EnergyMj,
                },
            };
        }

        private static void Print(InferenceReport r, double swAcc, double agree, string? trained, string folder)
        {
            Console.WriteLine($"data {folder}: {r.Images} test images");
            Console.WriteLine($"chip accuracy {r.Accuracy:P2}   software (FP32, same weights) {swAcc:P2}   agreement with software {agree:P2}" + (trained != null ? "   at end of training " + trained : ""));
            int k = r.Confusion.GetLength(0);
            Console.WriteLine("confusion (rows true, columns predicted):");
            Console.WriteLine("      " + string.Concat(Enumerable.Range(0, k).Select(j => j.ToString(CultureInfo.InvariantCulture).PadLeft(6))));
            for (int i = 0; i < k; i++)
            {
                Console.WriteLine(i.ToString(CultureInfo.InvariantCulture).PadLeft(4) + "  " + string.Concat(Enumerable.Range(0, k).Select(j => r.Confusion[i, j].ToString(CultureInfo.InvariantCulture).PadLeft(6))));
            }
            Console.WriteLine($"wall {r.Wall.TotalSeconds:0.000} s: {r.WallMsPerImage:0.000} ms per image, {r.ImagesPerSecond:0} images/s, {r.RoundTrips} Forward round trips, link {r.BytesSent / (double)r.Images:0} B/image out, {r.BytesReceived / (double)r.Images:0} B/image back");
            InferenceCost e = r.Estimate;
            Console.WriteLine("chip cost per image          crossbars  ops   tile ops  latency ms  pipelined ms  with copies ms  energy mJ");
            Console.WriteLine($"Wu 2023 Table 2 (LeNet)      {WuTable2.Crossbars}/{WuTable2.CrossbarsWithCopies,-7}  {WuTable2.Ops,-5} {WuTable2.TileOps,-8}  {WuTable2.LatencyMs,-10:0.00}  {WuTable2.PipelinedMs,-12:0.00}  {WuTable2.WithCopiesMs,-14:0.00}  {WuTable2.EnergyMj:0.0000}");
            Console.WriteLine($"estimate (Wu 2023 method)    {e.Crossbars}/{e.CrossbarsWithCopies,-7}  {e.Ops,-5} {e.TileOps,-8}  {e.LatencyMs,-10:0.00}  {e.PipelinedLatencyMs,-12:0.00}  {e.WithCopiesLatencyMs,-14:0.00}  {e.EnergyMillijoules:0.0000}");
            Console.WriteLine($"board counters (measured)    -          -     {r.TileOpsPerImage,-8:0.#}  {r.ChipMsPerImage,-10:0.000}  (arrays run one after another by this firmware)  {r.ChipMjPerImage:0.0000}");
        }
    }
}
