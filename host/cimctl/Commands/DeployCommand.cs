using System;
using System.CommandLine;
using System.Text.Json.Nodes;
using CimController.Host;
using CimController.Inference;
using CimController.Learning.Data;
using CimController.Learning.ModelFiles;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl deploy --model FILE</c>: map a model onto the board (im2col, differential pairs, tiling, packing), program it
    /// with write-verify or FFP, report programming statistics, upload the network program the firmware's Forward runs.
    /// </summary>
    public static class DeployCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            Option<string> model = InferenceCli.ModelOption();
            Option<string?> arch = InferenceCli.ArchOption(), data = InferenceCli.DataOption();
            Option<string> method = InferenceCli.MethodOption();
            Option<int> batch = InferenceCli.BatchOption();
            Option<int?> levels = InferenceCli.LevelsOption();
            var command = new Command("deploy", "Map a model file onto the board, program it (write-verify or FFP) and load the network program for Forward");
            var repeats = InferenceCli.RepeatsOption();
            var copies = InferenceCli.CopiesOption();
            foreach (Option o in new Option[] { model, arch, data, method, batch, levels, repeats, copies }) command.Options.Add(o);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                InferenceCli.CheckBatchAndLevels(parse.GetValue(batch), parse.GetValue(levels));
                ProgramMethod m = InferenceCli.Method(parse.GetValue(method)!);
                LoadedModel lm = InferenceCli.LoadModel(parse.GetValue(model)!, parse.GetValue(arch));
                MnistDataset ds = InferenceCli.LoadData(parse.GetValue(data));
                using CimClient client = g.Connect();
                if (!g.Json) CommandContext.PrintHeader(g, client);
                Deployment d = InferenceCli.Deploy(g, client, lm, ds, m, parse.GetValue(batch), parse.GetValue(levels), g.Json, InferenceCli.Repeats(parse.GetValue(repeats)!), InferenceCli.Copies(parse.GetValue(copies)));
                if (g.Json)
                {
                    JsonObject doc = CommandContext.Document(g, client);
                    doc["model"] = parse.GetValue(model);
                    doc["deploy"] = InferenceCli.ReportJson(d.Report);
                    JsonOutput.Write(doc);
                }
                else
                {
                    InferenceCli.PrintReport(d.Report);
                    if (g.Address.Kind == BoardAddressKind.Emulator && g.Address.StatePath.Length == 0)
                    {
                        Console.WriteLine("note: --board emulator lives only for this process; 'cimctl infer' deploys again in its own process");
                    }
                }
                return ExitCodes.Ok;
            });
            return command;
        }
    }
}
