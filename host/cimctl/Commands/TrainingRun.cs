using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using CimController.Emulator;
using CimController.Host;
using CimController.Learning.ModelFiles;
using CimController.LocalBoard;
using CimController.Training;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary>What <c>train</c> and <c>demo</c> share around a training run: the board connection, the model file, mode names.</summary>
    public static class TrainingRun
    {
        /// <summary>The mode as the command line and the run folder name it: software | mixed | naive.</summary>
        public static string ModeName(TrainingMode mode) => mode.ToString().ToLowerInvariant();

        /// <summary>The boards of <paramref name="setup"/>'s <c>--board</c>: one address, or several separated by commas (data-parallel).</summary>
        public static string[] BoardAddresses(RunSetup setup) => BoardList.Addresses(setup.Board);

        /// <summary>Connects every board of <paramref name="setup"/>; the n-th emulator gets seed <paramref name="seed"/> + n (other devices).</summary>
        public static IReadOnlyList<CimClient> ConnectBoards(int seed, RunSetup setup) =>
            BoardList.ConnectEach(BoardAddresses(setup), (i, address) => ConnectBoard(unchecked(seed + i), setup with { Board = address }));

        /// <summary>The board: for the emulator, firmware core + emulator in process with the firmware's payload limit raised to the setup's.</summary>
        public static CimClient ConnectBoard(int seed, RunSetup setup)
        {
            var clientOptions = new CimClientOptions { TimeoutMs = Math.Max(setup.TimeoutMs, 60000), ClientName = "cimctl train", MaxPayload = setup.MaxPayload };
            if (!BoardAddress.TryParse(setup.Board, out BoardAddress? address, out string? error))
            {
                throw new UsageException("--board " + setup.Board + ": " + error);
            }

            if (address!.Kind != BoardAddressKind.Emulator)
            {
                return BoardConnector.Connect(address, clientOptions);
            }
            var emulator = new EmulatorOptions { ProfileName = setup.Profile, Seed = seed, MacThreads = setup.MacThreads, Noise = setup.Noise, Chip = ChipDefinition.Load(setup.Chip),
                DrawEachConversion = setup.DrawEachConversion };
            // The firmware core runs on this thread (DirectFirmwareTransport): every frame still goes through its decoder,
            // CRC, dispatcher, board driver and the emulator's SPI; only the link thread hand-over is skipped.
            var client = new CimClient(DirectFirmwareTransport.StartEmulator(emulator, c => c.MaxPayload = setup.MaxPayload), clientOptions);
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
        public static string WriteModelFile(OnChipTrainer trainer, RunState s, string folder)
        {
            TrainRunOptions o = s.Options;
            EpochMetrics? last = s.History.Count > 0 ? s.History[^1] : null;
            var inv = CultureInfo.InvariantCulture;
            var meta = new Dictionary<string, string>
            {
                ["trained.mode"] = ModeName(o.Mode),
                ["trained.seed"] = o.Seed.ToString(inv),
                ["trained.epochs"] = (last?.Epoch ?? 0).ToString(inv),
                ["trained.batches_per_epoch"] = o.BatchesPerEpoch.ToString(inv),
                ["trained.test_accuracy"] = (last?.TestAccuracy ?? 0).ToString("0.0000", inv),
                ["trained.data_sha256"] = s.Setup?.DataSha256 ?? "",
                ["trained.software"] = BuildInfo.Version + "+" + BuildInfo.Commit,
            };
            new MappingMetadata
            {
                Profile = o.Mode == TrainingMode.Software ? MappingMetadata.SoftwareProfile : s.Setup!.Profile,
                Levels = 1 << o.GranularityBits,
                MinMicrosiemens = o.GminNanosiemens / 1000,
                MaxMicrosiemens = o.GmaxNanosiemens / 1000,
                TileRows = s.TileRows,
                TileColumns = s.TileColumns,
            }.WriteTo(meta);
            string path = Path.Combine(folder, "model.safetensors");
            ModelFile.Save(path, trainer.Network, meta);
            return path;
        }

        /// <summary>Runs <paramref name="trainer"/> with progress: a live bar on a terminal, its events as plain lines otherwise (none under --json).</summary>
        public static TrainRunResult Run(OnChipTrainer trainer, GlobalSettings g, string label, RunStopSignal stop)
        {
            if (!g.Interactive)
            {
                return trainer.Run(new CallbackProgress<TrainProgress>(p =>
                {
                    if (!g.Json && p.Event != null)
                    {
                        Console.WriteLine(label + ": " + p.Event);
                    }
                }), stop.Token);
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
                    }), stop.Token);
                });
            return result;
        }
    }
}
