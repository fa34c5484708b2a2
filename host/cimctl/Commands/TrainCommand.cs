using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Emulator;
using CimController.Host;
using CimController.Learning.Data;
using CimController.Learning.ModelFiles;
using CimController.Training;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl train</c>: on-chip training after Wu 2023 (mixed-precision, threshold-gated updates in the firmware),
    /// naive on-chip updates, or the FP32 software baseline. Writes a run folder (config, checkpoint, metrics, plots, model
    /// file, summary.json); <c>--config</c> reads a config file (the run folder's config.json reproduces the run);
    /// <c>--resume</c> continues a run, extends a finished one when <c>--epochs</c> grows, and refuses settings that
    /// contradict it. Ctrl-C / SIGTERM stop after the batch in flight with a checkpoint and print the resume command.
    /// </summary>
    public static class TrainCommand
    {
        /// <summary>A command-line option and the config key it sets (<see cref="TrainConfig"/>).</summary>
        private sealed record Binding(Option Option, string Key, Func<ParseResult, JsonNode?> Value);

        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            TrainRunOptions d = TrainConfig.Default.Options;
            RunSetup ds = TrainConfig.Default.Setup;
            string D(object v) => " (default " + Convert.ToString(v, CultureInfo.InvariantCulture) + ")";
            var arch = new Option<string>("--arch") { Description = "Network: " + ModelArchitectures.Names + D(d.Model) };
            var archByOldName = new Option<string>("--model") { Hidden = true, Description = "Older name of --arch, still accepted" };
            var data = new Option<string>("--data") { Description = "Folder with the four MNIST-format IDX files (default: Fashion-MNIST at " + FashionMnist.DefaultFolder + ")" };
            var mode = new Option<string>("--mode") { Description = "mixed (Wu 2023 threshold-gated updates) | naive (every update straight to the devices) | software (FP32 baseline, no chip)" + D("mixed") };
            mode.AcceptOnlyFromAmong("mixed", "naive", "software");
            var epochs = new Option<int>("--epochs") { Description = "Epochs (Wu 2023: 13); with --resume: extend a finished run or end it earlier" + D(d.Epochs) };
            var batches = new Option<int>("--batches-per-epoch") { Description = "Shuffled batches per epoch (Wu 2023: 400)" + D(d.BatchesPerEpoch) };
            var batch = new Option<int>("--batch") { Description = "Images per batch (Wu 2023: 64)" + D(d.BatchSize) };
            var testImages = new Option<int>("--test-images") { Description = "Test images evaluated after each epoch, 0..the test set's size (Wu 2023: 2560)" + D(d.TestImages) };
            var lr = new Option<float>("--lr") { Description = "AdamW learning rate, (0, 1] (Wu 2023: 0.004)" + D(d.LearningRate) };
            var bits = new Option<int>("--granularity-bits") { Description = "Programming granularity: update threshold = window / (2^bits - 1), 1..8 (Wu 2023 training: 2)" + D(d.GranularityBits) };
            var config = new Option<string>("--config") { Description = "Config file (JSON object of settings, as the config.json a run folder holds); options given on the command line override it" };
            var runFolder = new RunFolderOptions("Run folder for config, checkpoint, metrics, plots, model file and summary.json", "train-MODE-ARCH-seedS");
            var resume = new Option<string>("--resume") { Description = "Continue the run in this run folder (its checkpoint.json) with its recorded settings" };
            var noBaseline = new Option<bool>("--no-baseline") { Description = "Do not train the software baseline first (it is plotted beside the run)" };
            var macThreads = new Option<int>("--mac-threads") { Description = "Emulator MAC threads: 1 = the firmware's thread only, 2 = with the MAC helper thread (emulator board only; results are the same)" + D(ds.MacThreads) };
            var maxPayload = new Option<int>("--max-payload") { Description = "Largest frame payload, bytes (64..65535; bigger frames carry more Vmm vectors per request)" + D(ds.MaxPayload) };
            var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Checkpoint every N batches (and at every epoch end)" + D(d.CheckpointEvery) };
            var gmin = new Option<double>("--gmin-us") { Description = "Lowest programmed conductance, uS (Wu 2023 training: 8.2)" + D(d.GminNanosiemens / 1000) };
            var gmax = new Option<double>("--gmax-us") { Description = "Highest programmed conductance, uS (Wu 2023 training: 32.9)" + D(d.GmaxNanosiemens / 1000) };
            var ginit = new Option<double>("--ginit-max-us") { Description = "Highest initial conductance, uS (Wu 2023: 20)" + D(d.GinitMaxNanosiemens / 1000) };
            var hostForward = new Option<bool>("--host-forward") { Description = "Diagnostics: forward pass on the host with W_FP instead of the chip (update rule and device writes unchanged)" };
            var diagnose = new Option<int>("--diagnose") { Description = "Diagnostics: every N batches log per layer the ADC clipping, chip-vs-W_FP output error and device-vs-W_FP error (0 = off)" + D(d.DiagnoseEvery) };
            var currentTarget = new Option<double>("--current-target") { Description = "Per-array input scale: largest predicted column current as a fraction of the ADC full scale (0 = one scale q = max/255 per layer call)" + D(d.CurrentTarget) };
            var clipQuantile = new Option<double>("--clip-quantile") { Description = "Quantile of each array's inputs that maps to DAC code 255 (1 = never clip)" + D(d.ClipQuantile) };
            var repeats = new Option<string>("--repeats") { Description = "Conversions averaged per input vector, one per crossbar layer, comma-separated (e.g. 1,4,16); done by the chip on a 1.4 firmware (default 8,16,64)" };
            var copies = new Option<string>("--copies") { Description = "Copies of each crossbar layer stacked on its array's rows, one per crossbar layer, comma-separated (e.g. 2,1,1: conv1 twice); only layers within one row block; default: the first layer twice when that fits one array (LeNet conv1: 2,1,1)" };
            var perArray = new Option<bool>("--per-array-scale") { Description = "One input scale per array and call instead of one per input vector" };
            var noNoise = new Option<bool>("--no-noise") { Description = "Emulator: no ADC/read noise (diagnostics)" };
            var spread = new Option<bool>("--spread") { Description = "With several --board entries: spread one copy of the network over the boards (for a network larger than one board) instead of one copy per board (data-parallel)" };
            var command = new Command("train", "Train a network on the chip (Wu 2023 mixed precision), naively, or in FP32 software; writes a run folder, takes --config, can --resume; Ctrl-C stops after the batch in flight with a checkpoint");
            foreach (Option o in new Option[] { arch, archByOldName, data, mode, epochs, batches, batch, testImages, lr, bits, config, resume, noBaseline, macThreads, maxPayload, checkpointEvery, gmin, gmax, ginit, hostForward, diagnose, currentTarget, clipQuantile, repeats, copies, perArray, noNoise, spread })
            {
                command.Options.Add(o);
            }

            runFolder.AddTo(command);

            static JsonNode? Ints(string option, string? text, int max) => new JsonArray(OptionParsing.Integers(option, text, 1, max).Select(v => (JsonNode)v).ToArray());
            var bindings = new List<Binding>
            {
                new(arch, "model", p => ArchName(p.GetValue(arch)!)),
                new(archByOldName, "model", p => ArchName(p.GetValue(archByOldName)!)),
                new(mode, "mode", p => p.GetValue(mode)),
                new(epochs, "epochs", p => p.GetValue(epochs)),
                new(batches, "batchesPerEpoch", p => p.GetValue(batches)),
                new(batch, "batchSize", p => p.GetValue(batch)),
                new(testImages, "testImages", p => p.GetValue(testImages)),
                new(lr, "learningRate", p => p.GetValue(lr)),
                new(bits, "granularityBits", p => p.GetValue(bits)),
                new(checkpointEvery, "checkpointEvery", p => p.GetValue(checkpointEvery)),
                new(gmin, "gminNs", p => p.GetValue(gmin) * 1000),
                new(gmax, "gmaxNs", p => p.GetValue(gmax) * 1000),
                new(ginit, "ginitMaxNs", p => p.GetValue(ginit) * 1000),
                new(hostForward, "hostForward", p => p.GetValue(hostForward)),
                new(diagnose, "diagnoseEvery", p => p.GetValue(diagnose)),
                new(currentTarget, "currentTarget", p => p.GetValue(currentTarget)),
                new(clipQuantile, "clipQuantile", p => p.GetValue(clipQuantile)),
                new(repeats, "repeats", p => Ints("--repeats", p.GetValue(repeats), 256)),
                new(copies, "copies", p => Ints("--copies", p.GetValue(copies), 64)),
                new(spread, "spread", p => p.GetValue(spread)),
                new(perArray, "perVectorScale", p => !p.GetValue(perArray)),
                new(noNoise, "noise", p => !p.GetValue(noNoise)),
                new(globals.DrawEachConversion, "drawEachConversion", p => p.GetValue(globals.DrawEachConversion)),
                new(noBaseline, "baseline", p => !p.GetValue(noBaseline)),
                new(macThreads, "macThreads", p => p.GetValue(macThreads)),
                new(maxPayload, "maxPayload", p => p.GetValue(maxPayload)),
                new(data, "data", p => p.GetValue(data)),
                new(globals.Seed, "seed", p => p.GetValue(globals.Seed)),
                new(globals.Profile, "profile", p => p.GetValue(globals.Profile)),
                new(globals.Chip, "chip", p => p.GetValue(globals.Chip)),
                new(globals.Board, "board", p => p.GetValue(globals.Board)),
                new(globals.TimeoutMs, "timeoutMs", p => p.GetValue(globals.TimeoutMs)),
            };

            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                if (parse.GetResult(arch) is { Implicit: false } && parse.GetResult(archByOldName) is { Implicit: false })
                {
                    throw new UsageException("--model is the older name of --arch; give --arch alone");
                }

                string NameOf(string key) => bindings.FirstOrDefault(b => b.Key == key)?.Option.Name ?? "config key " + key;
                var given = new JsonObject();
                foreach (Binding b in bindings)
                {
                    if (parse.GetResult(b.Option) is { Implicit: false })
                    {
                        given[b.Key] = b.Value(parse);
                    }
                }

                string? resumeDir = parse.GetValue(resume);
                using var stop = new RunStopSignal("stopping after the batch in flight; a checkpoint follows");
                if (resumeDir is not null)
                {
                    foreach (Option o in new Option[] { config, runFolder.Out, runFolder.Overwrite })
                    {
                        if (parse.GetResult(o) is { Implicit: false })
                        {
                            throw new UsageException(o.Name + " does not go with --resume: a resumed run keeps its folder and its recorded config");
                        }
                    }

                    return Resume(g, resumeDir, given, NameOf, stop);
                }

                return Start(parse, g, parse.GetValue(config), given, NameOf, runFolder, stop);
            });
            return command;
        }

        /// <summary>A new run: defaults, then the config file, then the options given.</summary>
        private static int Start(ParseResult parse, GlobalSettings g, string? configPath, JsonObject given, Func<string, string> nameOf, RunFolderOptions runFolder, RunStopSignal stop)
        {
            TrainConfig config;
            try
            {
                config = configPath is null ? TrainConfig.Default : TrainConfig.Read(configPath);
                config = TrainConfig.FromJson(given, "", config, nameOf);
            }
            catch (TrainConfigException e)
            {
                throw new UsageException((configPath is null ? "" : "--config ") + e.Message);
            }

            config = TrainOptionsValidation.Check(config);
            runFolder.Check(parse);
            (MnistDataset dataset, string sha) = TrainOptionsValidation.LoadData(config.Setup);
            TrainOptionsValidation.CheckAgainstData(config.Options, dataset);
            config = config with { Options = config.Options.WithRepeatsPerLayer(), Setup = config.Setup with { Data = dataset.Folder, DataSha256 = sha } };
            TrainOptionsValidation.CheckBoardFits(config);
            TrainRunOptions o = config.Options;
            using RunFolderLease lease = runFolder.Create(parse, "train-" + TrainingRun.ModeName(o.Mode) + "-" + o.Model + "-seed" + o.Seed);
            stop.Aborting += lease.Dispose; // an abort before the first checkpoint leaves no empty folder either
            var state = new RunState { Options = o, Setup = config.Setup };
            state.BeginSession(ResultsOptions.CommandLine(), DateTime.UtcNow);
            var log = new List<string>();
            TrainOutput.Header(g, state, dataset, lease.Path, "");
            if (o.Mode != TrainingMode.Software && config.Setup.Baseline && !TrainBaseline(state, dataset, g, stop, log))
            {
                Console.Error.WriteLine("cimctl train: stopped by " + stop.Name + " during the software baseline, before the run started; nothing to resume: run the command again");
                return stop.ExitCode;
            }

            return Train(state, dataset, g, lease.Path, stop, log);
        }

        /// <summary>Continues the run in <paramref name="dir"/> with its recorded config; options given either match it, change what may change, or are refused.</summary>
        private static int Resume(GlobalSettings g, string dir, JsonObject given, Func<string, string> nameOf, RunStopSignal stop)
        {
            RunState state;
            try
            {
                state = Checkpoint.Load(Path.Combine(dir, Checkpoint.FileName));
            }
            catch (CheckpointException e)
            {
                throw new UsageException("--resume: " + e.Message);
            }

            string folder = Path.GetFullPath(dir);
            var changes = new List<RunChange>();
            TrainConfig recorded, requested;
            try
            {
                if (state.Setup is null)
                {
                    // A checkpoint of the first format has no setup: it is taken from this command line and recorded as such.
                    state.Setup = TrainConfig.FromJson(given, "", new TrainConfig(state.Options, new RunSetup()), nameOf).Setup;
                    changes.Add(new RunChange { Utc = DateTime.UtcNow, Step = state.Step, Key = "setup", From = "not recorded (first checkpoint format)", To = "as given on resume" });
                }

                recorded = new TrainConfig(state.Options, state.Setup);
                requested = TrainConfig.FromJson(given, "", recorded, nameOf);
                changes.AddRange(ResumePolicy.Changes(state, recorded, requested, nameOf, DateTime.UtcNow));
            }
            catch (TrainConfigException e)
            {
                throw new UsageException("--resume " + dir + ": " + e.Message);
            }

            if (state.History.Count >= requested.Options.Epochs && state.BatchInEpoch == 0)
            {
                string line = $"run complete: {folder} has finished all {state.History.Count} epochs; nothing to do (give --epochs N with N > {state.History.Count} to extend it)";
                if (g.Json)
                {
                    JsonObject doc = RunSummary.Results(state);
                    doc["status"] = "complete";
                    doc["runFolder"] = folder;
                    doc["message"] = line;
                    JsonOutput.Write(doc);
                }
                else
                {
                    Console.WriteLine(line);
                }

                return ExitCodes.Ok;
            }

            requested = TrainOptionsValidation.Check(requested);
            (MnistDataset dataset, string sha) = TrainOptionsValidation.LoadData(requested.Setup);
            requested = requested with { Setup = requested.Setup with { Data = dataset.Folder, DataSha256 = sha } };
            state.Options = requested.Options;
            state.Setup = requested.Setup;
            state.Changes.AddRange(changes);
            state.BeginSession(ResultsOptions.CommandLine(), DateTime.UtcNow);
            var log = new List<string>();
            TrainOutput.Header(g, state, dataset, folder, $" (resuming at epoch {state.Epoch} batch {state.BatchInEpoch}, step {state.Step} of {state.TotalSteps})");
            foreach (RunChange c in changes)
            {
                TrainOutput.Say(g, log, $"changed on resume: {c.Key} {c.From} -> {c.To}");
            }

            if (state.Options.Mode != TrainingMode.Software && state.Setup.Baseline && state.Baseline.Count < state.Options.Epochs && !TrainBaseline(state, dataset, g, stop, log))
            {
                Console.Error.WriteLine("cimctl train: stopped by " + stop.Name + " while extending the software baseline; the run is unchanged: resume with: " + ResumeCommand(folder));
                return stop.ExitCode;
            }

            return Train(state, dataset, g, folder, stop, log);
        }

        /// <summary>Trains (or extends) the software baseline of <paramref name="state"/>: the same seed and batches in FP32, not checkpointed.</summary>
        private static bool TrainBaseline(RunState state, MnistDataset dataset, GlobalSettings g, RunStopSignal stop, List<string> log)
        {
            TrainOutput.Say(g, log, $"software baseline (FP32, same seed and batches, {state.Options.Epochs} epochs) first");
            var baseline = new OnChipTrainer(state.Options with { Mode = TrainingMode.Software }, dataset, null, null);
            TrainRunResult r = TrainingRun.Run(baseline, g, "baseline", stop);
            if (!r.Completed)
            {
                return false;
            }

            state.Baseline = r.State.History;
            return true;
        }

        /// <summary>Runs the trainer on <paramref name="state"/> and reports: complete (exit 0) or stopped by a signal (130 / 143, resume command printed).</summary>
        private static int Train(RunState state, MnistDataset dataset, GlobalSettings g, string folder, RunStopSignal stop, List<string> log)
        {
            RunSetup setup = state.Setup!;
            Func<IReadOnlyList<CimClient>>? connect = state.Options.Mode == TrainingMode.Software ? null : () => TrainingRun.ConnectBoards(state.Options.Seed, setup);
            OnChipTrainer trainer = OnChipTrainer.OnBoards(state, dataset, connect, folder);
            trainer.Notice += line => TrainOutput.Say(g, log, line);
            TrainRunResult result;
            try
            {
                result = TrainingRun.Run(trainer, g, TrainingRun.ModeName(state.Options.Mode), stop);
            }
            catch (Exception) when (File.Exists(Path.Combine(folder, Checkpoint.FileName)))
            {
                Console.Error.WriteLine("cimctl train: the run failed; its last checkpoint is in " + folder + "; after fixing the cause resume with: " + ResumeCommand(folder));
                throw;
            }

            RunState s = result.State;
            string checkpoint = Path.Combine(folder, Checkpoint.FileName);
            if (!result.Completed)
            {
                s.EndSession("stopped by " + stop.Name, DateTime.UtcNow);
                Checkpoint.Save(checkpoint, s);
                string resumeCommand = ResumeCommand(folder);
                RunSummary.Write(folder, s, "stopped", resumeCommand);
                Console.Error.WriteLine($"cimctl train: stopped by {stop.Name} at epoch {s.Epoch}, batch {s.BatchInEpoch} of {s.Options.BatchesPerEpoch} (step {s.Step} of {s.TotalSteps}); checkpoint {checkpoint}");
                Console.Error.WriteLine("resume with: " + resumeCommand);
                if (g.Json)
                {
                    JsonOutput.Write(TrainOutput.Document(s, folder, null, "stopped", resumeCommand, log));
                }

                return stop.ExitCode;
            }

            string modelFile = TrainingRun.WriteModelFile(trainer, s, folder);
            s.EndSession("complete", DateTime.UtcNow);
            Checkpoint.Save(checkpoint, s);
            RunSummary.Write(folder, s, "complete", null);
            JsonArray? boards = result.Boards is { Count: > 1 } ? BoardsReport.Write(folder, result.Boards) : null;
            if (g.Json)
            {
                JsonObject doc = TrainOutput.Document(s, folder, modelFile, "complete", null, log);
                if (boards is not null)
                {
                    doc["boards"] = boards;
                }

                JsonOutput.Write(doc);
            }
            else
            {
                TrainOutput.PrintSummary(s, folder);
                if (result.Boards is { Count: > 1 })
                {
                    BoardsReport.Print(result.Boards);
                }

                AnsiConsole.MarkupLine(Markup.Escape("model file " + modelFile + " (cimctl deploy / infer --model); summary " + Path.Combine(folder, RunSummary.FileName)));
            }

            return ExitCodes.Ok;
        }

        /// <summary>An architecture given on the command line under its short name (lenet, lenet5, mlp) when it has one; an unknown name is refused by <see cref="TrainOptionsValidation.Check"/>.</summary>
        private static JsonNode ArchName(string given) => ModelArchitectures.ShortName(given) ?? given;

        /// <summary>The command that continues the run in <paramref name="folder"/> (its settings are recorded there).</summary>
        public static string ResumeCommand(string folder) => "cimctl train --resume " + ShellWord(folder);

        private static string ShellWord(string text) =>
            text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "_./-+:=@%,".Contains(c)) ? text : "'" + text.Replace("'", "'\\''") + "'";
    }
}
