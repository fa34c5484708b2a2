using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using CimController.Crossbar;
using CimController.Host;
using CimController.Learning.Data;
using CimController.Learning.ModelFiles;
using CimController.Training;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl infer --board A,B,... --model M</c>: a network spread over several alike boards (<see cref="SpreadInference"/>),
    /// for a model no single board holds; the host drives the layers (the firmware's Forward needs the whole network on one
    /// board). Prints the accuracy over the boards together and one row per board.
    /// </summary>
    public static class SpreadInferCommand
    {
        /// <summary>Programs and tests <paramref name="model"/> on the boards of <paramref name="g"/>; returns the exit code.</summary>
        public static int Run(GlobalSettings g, LoadedModel model, MnistDataset data, int images, int[] repeats)
        {
            IReadOnlyList<CimClient> clients = g.ConnectAll();
            try
            {
                ChipWindow window = ChipWindow.ForProfile(clients[0].Info.ProfileName.Length > 0 ? clients[0].Info.ProfileName : g.Profile);
                var options = new WriteVerifyOptions { MaxTrials = 5, ToleranceNanosiemens = (uint)window.ToleranceNs };
                SpreadInferenceResult r;
                try
                {
                    r = SpreadInference.Run(clients, model.Network, window, data.Test, images, options, repeats);
                }
                catch (InvalidOperationException e)
                {
                    throw new UsageException("--board " + g.Board + ": " + e.Message);
                }

                double software = SoftwareAccuracy(model, data, r.Images);
                if (g.Json)
                {
                    var doc = new JsonObject
                    {
                        ["command"] = "infer",
                        ["board"] = g.Board,
                        ["profile"] = g.Profile,
                        ["seed"] = g.Seed,
                        ["spreadOver"] = clients.Count,
                        ["images"] = r.Images,
                        ["accuracy"] = Math.Round(r.Accuracy, 6),
                        ["softwareAccuracy"] = Math.Round(software, 6),
                        ["pairs"] = r.Pairs,
                        ["cellsOutsideTolerance"] = r.CellsOutOfTolerance,
                        ["boards"] = BoardsReport.Json(r.Boards),
                    };
                    JsonOutput.Write(doc);
                }
                else
                {
                    Console.WriteLine($"{model.Network.Name} spread over {clients.Count} boards ({g.Board}): {r.Pairs} device pairs programmed, {r.CellsOutOfTolerance} cells outside tolerance");
                    Console.WriteLine($"chip accuracy {r.Accuracy:P2}   software (FP32, same weights) {software:P2}   ({r.Images} test images, host-driven forward)");
                    BoardsReport.Print(r.Boards);
                }

                return ExitCodes.Ok;
            }
            finally
            {
                foreach (CimClient c in clients)
                {
                    c.Dispose();
                }
            }
        }

        private static double SoftwareAccuracy(LoadedModel model, MnistDataset data, int images)
        {
            int[] predicted = CimController.Inference.InferenceRunner.SoftwarePredictions(model.Network, data.Test, images);
            int correct = 0;
            for (int i = 0; i < images; i++)
            {
                if (predicted[i] == data.Test.Labels[i])
                {
                    correct++;
                }
            }

            return (double)correct / images;
        }
    }
}
