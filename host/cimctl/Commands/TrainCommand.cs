using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Host;
using CimController.Learning.Data;
using CimController.Training;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl train</c>: on-chip training after Wu 2023 (mixed-precision, threshold-gated updates in the firmware),
    /// naive on-chip updates, or the FP32 software baseline, with a run folder (metrics, checkpoint, plots) and --resume.
    /// </summary>
    public static class TrainCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var model = new Option<string>("--model") { Description = "Network: lenet (Wu 2023) | lenet5 (Diao 2025) | mlp", DefaultValueFactory = _ => "lenet" };
            var data = new Option<string>("--data") { Description = "Folder with the four MNIST-format IDX files (default: Fashion-MNIST at " + FashionMnist.DefaultFolder + ")" };
            var mode = new Option<string>("--mode") { Description = "mixed (Wu 2023 threshold-gated updates) | naive (every update straight to the devices) | software (FP32 baseline, no chip)", DefaultValueFactory = _ => "mixed" };
            var epochs = new Option<int>("--epochs") { Description = "Epochs (Wu 2023: 13)", DefaultValueFactory = _ => 13 };
            var batches = new Option<int>("--batches-per-epoch") { Description = "Shuffled batches per epoch (Wu 2023: 400)", DefaultValueFactory = _ => 400 };
            var batch = new Option<int>("--batch") { Description = "Images per batch (Wu 2023: 64)", DefaultValueFactory = _ => 64 };
            var testImages = new Option<int>("--test-images") { Description = "Test images evaluated after each epoch (Wu 2023: 2560)", DefaultValueFactory = _ => 2560 };
            var lr = new Option<float>("--lr") { Description = "AdamW learning rate (Wu 2023: 0.004)", DefaultValueFactory = _ => 0.004f };
            var bits = new Option<int>("--granularity-bits") { Description = "Programming granularity: update threshold = window / (2^bits - 1) (Wu 2023 training: 2)", DefaultValueFactory = _ => 2 };
            var outDir = new Option<string>("--out") { Description = "Run folder for metrics, checkpoint and plots (default: runs/train-MODE-MODEL-seedS)" };
            var resume = new Option<string>("--resume") { Description = "Continue the run saved in this run folder (its checkpoint.json)" };
            var noBaseline = new Option<bool>("--no-baseline") { Description = "Do not train the software baseline first (it is plotted beside the run)" };
            var macThreads = new Option<int>("--mac-threads") { Description = "Emulator MAC threads (emulator board only; more is slower when the cores are busy)", DefaultValueFactory = _ => 1 };
            var maxPayload = new Option<int>("--max-payload") { Description = "Largest frame payload, bytes (64..65535; bigger frames carry more Vmm vectors per request)", DefaultValueFactory = _ => 65535 };
            var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Checkpoint every N batches (and at every epoch end)", DefaultValueFactory = _ => 50 };
            var gmin = new Option<double>("--gmin-us") { Description = "Lowest programmed conductance, uS (Wu 2023 training: 8.2)", DefaultValueFactory = _ => 8.2 };
            var gmax = new Option<double>("--gmax-us") { Description = "Highest programmed conductance, uS (Wu 2023 training: 32.9)", DefaultValueFactory = _ => 32.9 };
            var ginit = new Option<double>("--ginit-max-us") { Description = "Highest initial conductance, uS (Wu 2023: 20)", DefaultValueFactory = _ => 20.0 };
            var hostForward = new Option<bool>("--host-forward") { Description = "Diagnostics: forward pass on the host with W_FP instead of the chip (update rule and device writes unchanged)" };
            var diagnose = new Option<int>("--diagnose") { Description = "Diagnostics: every N batches log per layer the ADC clipping, chip-vs-W_FP output error and device-vs-W_FP error (0 = off)", DefaultValueFactory = _ => 0 };
            var currentTarget = new Option<double>("--current-target") { Description = "Per-array input scale: largest predicted column current as a fraction of the ADC full scale (0 = old rule q = max/255)", DefaultValueFactory = _ => ChipSession.DefaultCurrentTarget };
            var clipQuantile = new Option<double>("--clip-quantile") { Description = "Quantile of each array's inputs that maps to DAC code 255 (1 = never clip)", DefaultValueFactory = _ => ChipSession.DefaultClipQuantile };
            var repeats = new Option<string>("--repeats") { Description = "Conversions averaged per input vector, per crossbar layer, comma-separated (e.g. 1,4,16); done by the chip on a 1.4 firmware; default 8,16,64" };
            var perArray = new Option<bool>("--per-array-scale") { Description = "One input scale per array and call instead of one per input vector" };
            var noNoise = new Option<bool>("--no-noise") { Description = "Emulator: no ADC/read noise (diagnostics)" };
            var command = new Command("train", "Train a network on the chip (Wu 2023 mixed precision), naively, or in FP32 software; writes a run folder and can --resume");
            var copies = new Option<string>("--copies") { Description = "Copies of each crossbar layer stacked on its array's rows, comma-separated (e.g. 2,1,1: conv1 twice); only layers within one row block; default: the first layer twice when that fits one array (LeNet conv1: 2,1,1)" };
            foreach (Option o in new Option[] { model, data, mode, epochs, batches, batch, testImages, lr, bits, outDir, resume, noBaseline, macThreads, maxPayload, checkpointEvery, gmin, gmax, ginit, hostForward, diagnose, currentTarget, clipQuantile, repeats, copies, perArray, noNoise })
            {
                command.Options.Add(o);
            }

            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                string? resumeDir = parse.GetValue(resume);
                MnistDataset dataset = LoadData(parse.GetValue(data));
                RunState? state = null;
                TrainRunOptions options;
                if (resumeDir != null)
                {
                    try
                    {
                        state = Checkpoint.Load(Path.Combine(resumeDir, Checkpoint.FileName));
                    }
                    catch (CheckpointException e)
                    {
                        throw new UsageException("--resume: " + e.Message);
                    }
                    options = state.Options;
                }
                else
                {
                    TrainingMode m = parse.GetValue(mode) switch
                    {
                        "mixed" => TrainingMode.Mixed,
                        "naive" => TrainingMode.Naive,
                        "software" => TrainingMode.Software,
                        string other => throw new UsageException("--mode '" + other + "' is not known; accepted: mixed, naive, software"),
                        null => TrainingMode.Mixed,
                    };
                    options = new TrainRunOptions
                    {
                        Model = parse.GetValue(model) ?? "lenet",
                        Mode = m,
                        Epochs = parse.GetValue(epochs),
                        BatchesPerEpoch = parse.GetValue(batches),
                        BatchSize = parse.GetValue(batch),
                        Seed = g.Seed,
                        TestImages = parse.GetValue(testImages),
                        LearningRate = parse.GetValue(lr),
                        GranularityBits = parse.GetValue(bits),
                        CheckpointEvery = parse.GetValue(checkpointEvery),
                        GminNs = parse.GetValue(gmin) * 1000,
                        GmaxNs = parse.GetValue(gmax) * 1000,
                        GinitMaxNs = parse.GetValue(ginit) * 1000,
                        HostForward = parse.GetValue(hostForward),
                        DiagnoseEvery = parse.GetValue(diagnose),
                        CurrentTarget = parse.GetValue(currentTarget),
                        ClipQuantile = parse.GetValue(clipQuantile),
                        Repeats = string.IsNullOrWhiteSpace(parse.GetValue(repeats)) ? TrainRunOptions.DefaultRepeats : OptionParsing.Integers("--repeats", parse.GetValue(repeats), 1, 256),
                        Copies = string.IsNullOrWhiteSpace(parse.GetValue(copies)) ? null : OptionParsing.Integers("--copies", parse.GetValue(copies), 1, 64),
                        PerVectorScale = !parse.GetValue(perArray),
                    };
                    try
                    {
                        options.Validate();
                    }
                    catch (ArgumentException e)
                    {
                        throw new UsageException(e.Message);
                    }
                    if (options.BatchesPerEpoch * options.BatchSize > dataset.Train.Count)
                    {
                        throw new UsageException("--batches-per-epoch " + options.BatchesPerEpoch + " x --batch " + options.BatchSize + " exceeds the " + dataset.Train.Count + " training images");
                    }
                }

                string folder = resumeDir ?? parse.GetValue(outDir) ?? Path.Combine("runs", "train-" + options.Mode.ToString().ToLowerInvariant() + "-" + options.Model + "-seed" + options.Seed);
                Directory.CreateDirectory(folder);
                int threads = parse.GetValue(macThreads);
                int payload = parse.GetValue(maxPayload);
                Func<CimClient>? connect = options.Mode == TrainingMode.Software ? null : () => ConnectBoard(g, threads, payload, !parse.GetValue(noNoise));

                var log = new System.Collections.Generic.List<string>();
                void Say(string line)
                {
                    log.Add(line);
                    if (!g.Json)
                    {
                        AnsiConsole.MarkupLine("[grey]" + Markup.Escape(line) + "[/]");
                    }
                }

                if (!g.Json)
                {
                    AnsiConsole.MarkupLine("[grey]train[/] " + Markup.Escape(options.Model + ", mode " + options.Mode.ToString().ToLowerInvariant() + ", " + options.Epochs + " epochs x "
                        + options.BatchesPerEpoch + " x " + options.BatchSize + ", board " + (options.Mode == TrainingMode.Software ? "none" : g.Board) + ", profile " + g.Profile
                        + ", seed " + options.Seed + ", data " + dataset.Folder + ", run folder " + folder + (state != null ? " (resuming at epoch " + state.Epoch + " batch " + state.BatchInEpoch + ")" : "")));
                }

                if (state == null && options.Mode != TrainingMode.Software && !parse.GetValue(noBaseline))
                {
                    Say("software baseline (FP32, same seed and batches) first");
                    var baseline = new OnChipTrainer(options with { Mode = TrainingMode.Software }, dataset, null, null);
                    RunState bs = Run(baseline, g, "baseline").State;
                    state = new RunState { Options = options, Baseline = bs.History };
                }

                var trainer = state != null ? new OnChipTrainer(state, dataset, connect, folder) : new OnChipTrainer(options, dataset, connect, folder);
                trainer.Notice += Say;
                TrainRunResult result = Run(trainer, g, options.Mode.ToString().ToLowerInvariant());
                string modelFile = WriteModelFile(trainer, result.State, g, folder);
                object summary = RunFolder.Summary(result.State);
                if (g.Json)
                {
                    JsonNode doc = JsonSerializer.SerializeToNode(summary, Checkpoint.Json)!;
                    doc["board"] = options.Mode == TrainingMode.Software ? "none" : g.Board;
                    doc["profile"] = g.Profile;
                    doc["runFolder"] = folder;
                    doc["modelFile"] = modelFile;
                    doc["log"] = JsonOutput.Array(log.ToArray());
                    JsonOutput.Write(doc);
                }
                else
                {
                    PrintSummary(result.State, folder);
                    AnsiConsole.MarkupLine(Markup.Escape("model file " + modelFile + " (cimctl deploy / infer --model)"));
                }
                return ExitCodes.Ok;
            });
            return command;
        }

        /// <summary>The board: for the emulator, firmware core + emulator in process with the firmware's payload limit raised to <paramref name="payload"/>.</summary>
        private static CimClient ConnectBoard(GlobalSettings g, int threads, int payload, bool noise = true)
        {
            var clientOptions = new CimClientOptions { TimeoutMs = Math.Max(g.TimeoutMs, 60000), ClientName = "cimctl train", MaxPayload = payload };
            BoardAddress address = g.Address;
            if (address.Kind != BoardAddressKind.Emulator)
            {
                return BoardConnector.Connect(address, clientOptions);
            }
            var emulator = new EmulatorOptions { ProfileName = g.Profile, Seed = g.Seed, MacThreads = Math.Max(1, threads), Noise = noise };
            // The firmware core runs on this thread (DirectFirmwareTransport): every frame still goes through its decoder,
            // CRC, dispatcher, board driver and the emulator's SPI; only the link thread hand-over is skipped.
            var client = new CimClient(Host.Transports.DirectFirmwareTransport.StartEmulator(emulator, c => c.MaxPayload = payload), clientOptions);
            try
            {
                client.Connect();
                return client;
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        /// <summary>Writes the trained network (W_FP) with its mapping choices as the run's model file (host/CimController.Learning/MODEL-FILE.md).</summary>
        private static string WriteModelFile(OnChipTrainer trainer, RunState s, GlobalSettings g, string folder)
        {
            TrainRunOptions o = s.Options;
            EpochMetrics? last = s.History.Count > 0 ? s.History[^1] : null;
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            var meta = new System.Collections.Generic.Dictionary<string, string>
            {
                ["trained.mode"] = o.Mode.ToString().ToLowerInvariant(),
                ["trained.seed"] = o.Seed.ToString(inv),
                ["trained.epochs"] = (last?.Epoch ?? 0).ToString(inv),
                ["trained.batches_per_epoch"] = o.BatchesPerEpoch.ToString(inv),
                ["trained.test_accuracy"] = (last?.TestAccuracy ?? 0).ToString("0.0000", inv),
                ["mapping.profile"] = o.Mode == TrainingMode.Software ? "none" : g.Profile,
                ["mapping.levels"] = ((1 << o.GranularityBits)).ToString(inv),
                ["mapping.g_min_us"] = (o.GminNs / 1000).ToString(inv),
                ["mapping.g_max_us"] = (o.GmaxNs / 1000).ToString(inv),
                ["mapping.tile_rows"] = s.TileRows.ToString(inv),
                ["mapping.tile_cols"] = s.TileColumns.ToString(inv),
            };
            string path = Path.Combine(folder, "model.safetensors");
            CimController.Learning.ModelFiles.ModelFile.Save(path, trainer.Network, meta);
            return path;
        }

        private static MnistDataset LoadData(string? folder)
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

        private static TrainRunResult Run(OnChipTrainer trainer, GlobalSettings g, string label)
        {
            if (!g.Interactive)
            {
                return trainer.Run(new CallbackProgress<TrainProgress>(p =>
                {
                    if (!g.Json && p.Event != null)
                    {
                        Console.WriteLine(label + ": " + p.Event);
                    }
                }));
            }
            TrainRunResult result = null!;
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    ProgressTask task = ctx.AddTask(Markup.Escape(label));
                    result = trainer.Run(new CallbackProgress<TrainProgress>(p =>
                    {
                        task.MaxValue = (double)p.Epochs * p.Batches;
                        task.Value = ((double)(p.Epoch - 1) * p.Batches) + p.Batch;
                        task.Description = Markup.Escape($"{label} epoch {p.Epoch}/{p.Epochs} batch {p.Batch}/{p.Batches} loss {p.Loss:0.000} acc {p.TrainAccuracy:P1} test {(double.IsNaN(p.LastTestAccuracy) ? "-" : p.LastTestAccuracy.ToString("P1"))} writes {p.Writes} ETA {p.Remaining:hh\\:mm\\:ss}");
                        if (p.Event != null)
                        {
                            AnsiConsole.MarkupLine("[grey]" + Markup.Escape(label + ": " + p.Event) + "[/]");
                        }
                    }));
                });
            return result;
        }

        private static void PrintSummary(RunState s, string folder)
        {
            var table = new Table().AddColumns("epoch", "test acc", "baseline", "writes", "train s", "chip s", "test s");
            foreach (EpochMetrics m in s.History)
            {
                EpochMetrics? b = s.Baseline.Find(x => x.Epoch == m.Epoch);
                table.AddRow(m.Epoch.ToString(), m.TestAccuracy.ToString("P2"), b == null ? "-" : b.TestAccuracy.ToString("P2"), m.Writes.ToString(), m.TrainSeconds.ToString("0.0"), m.ChipSeconds.ToString("0.0"), m.TestSeconds.ToString("0.0"));
            }
            AnsiConsole.Write(table);
            long writes = 0;
            foreach (EpochMetrics m in s.History)
            {
                writes += m.Writes;
            }
            long software = (long)s.History.Count * s.Options.BatchesPerEpoch * s.NetworkWeights;
            string reduction = writes > 0 ? "x" + (software / (double)writes).ToString("0.#") + " fewer" : "no device writes";
            AnsiConsole.MarkupLine(Markup.Escape($"device writes {writes} vs software {software} ({reduction}), mean writes per weight {(s.NetworkWeights > 0 ? writes / (double)s.NetworkWeights : 0):0.##} ({s.NetworkWeights} weights on {s.Writes.Length} device pairs), firmware resets {s.FirmwareResets}, restore writes {s.RestoreWrites}; seed {s.Options.Seed}; run folder {folder}"));
        }
    }
}
