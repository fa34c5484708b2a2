using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Crossbar;
using CimController.Emulator;
using CimController.Host;
using CimController.Learning.Data;
using CimController.Learning.Models;
using CimController.Learning.ModelFiles;
using CimController.Protocol.Messages;
using CimController.Training;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// What <c>cimctl train</c> checks before any work (run folder, header, baseline): the options and the setup, the
    /// options against the data set, and the network against the board's arrays. Each refusal is a
    /// <see cref="UsageException"/>: one line naming the value and what is accepted.
    /// </summary>
    internal static class TrainOptionsValidation
    {
        /// <summary>Arrays of the board the refusal plans on to count what a network needs (far beyond any network cimctl trains).</summary>
        private const int UnboundedTiles = 65536;

        /// <summary>Most boards one run trains on (data-parallel).</summary>
        public const int MaxBoards = 16;

        /// <summary>
        /// Checks the options and the setup, and returns the config with the architecture under its short name (lenet,
        /// lenet5, mlp; a config file may give a long name such as wu-lenet).
        /// </summary>
        public static TrainConfig Check(TrainConfig config)
        {
            string? arch = ModelArchitectures.ShortName(config.Options.Model);
            if (arch is null)
            {
                throw new UsageException("--arch '" + config.Options.Model + "' is not known; accepted: " + ModelArchitectures.Names);
            }

            config = config with { Options = config.Options with { Model = arch } };
            try
            {
                config.Options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }

            RunSetup s = config.Setup;
            if (s.MacThreads < 1 || s.MacThreads > 2)
            {
                throw new UsageException("--mac-threads " + s.MacThreads + " is out of range; accepted: 1 (the firmware's thread only) or 2 (with the MAC helper thread)");
            }

            if (s.MaxPayload < 64 || s.MaxPayload > 65535)
            {
                throw new UsageException("--max-payload " + s.MaxPayload + " is out of range; accepted: 64..65535 bytes");
            }

            if (s.TimeoutMs < 1)
            {
                throw new UsageException("--timeout " + s.TimeoutMs + " is not valid; give a positive number of milliseconds");
            }

            if (config.Options.Mode == TrainingMode.Software)
            {
                return config;
            }

            bool anyEmulator = false;
            string[] boards = TrainingRun.BoardAddresses(s);
            foreach (string board in boards)
            {
                if (!BoardAddress.TryParse(board, out BoardAddress? address, out string? error))
                {
                    throw new UsageException("--board " + (boards.Length > 1 ? "entry '" + board + "'" : board) + ": " + error
                        + (boards.Length > 1 ? "; several boards are separated by commas: emulator,tcp://HOST:PORT,..." : ""));
                }

                if (address!.Kind == BoardAddressKind.Emulator && address.StatePath.Length > 0)
                {
                    throw new UsageException("--board " + board + ": train runs on an emulated chip of its own (a run resumes from its checkpoint, not from a chip); give emulator or a real board");
                }

                anyEmulator |= address.Kind == BoardAddressKind.Emulator;
            }

            if (boards.Length > MaxBoards)
            {
                throw new UsageException("--board lists " + boards.Length + " boards; data-parallel training takes 1.." + MaxBoards);
            }

            if (anyEmulator)
            {
                _ = DeviceProfile.Load(s.Profile); // an unknown profile or chip is refused now, not after the baseline
                try
                {
                    _ = ChipDefinition.Load(s.Chip);
                }
                catch (ChipDefinitionException e)
                {
                    throw new UsageException("--chip: " + e.Message);
                }
            }

            return config;
        }

        /// <summary>Checks the batches and test images against the data set's sizes.</summary>
        public static void CheckAgainstData(TrainRunOptions o, MnistDataset dataset)
        {
            if ((long)o.BatchesPerEpoch * o.BatchSize > dataset.Train.Count)
            {
                throw new UsageException("--batches-per-epoch " + o.BatchesPerEpoch + " x --batch " + o.BatchSize + " exceeds the " + dataset.Train.Count + " training images; give fewer");
            }

            if (o.TestImages > dataset.Test.Count)
            {
                throw new UsageException("--test-images " + o.TestImages + " exceeds the " + dataset.Test.Count + " test images of " + dataset.Folder + "; accepted: 0.." + dataset.Test.Count);
            }
        }

        /// <summary>
        /// For a chip run: asks the board for its arrays and plans the network's device layout on them as the trainer will
        /// (<see cref="DeviceLayout.Plan"/> with the run's copies), so a network that does not fit is refused before the
        /// baseline and the run folder, naming the arrays it needs and the arrays the board has. A board that cannot be
        /// reached fails here too (exit 1), before any work.
        /// </summary>
        public static void CheckBoardFits(TrainConfig config)
        {
            TrainRunOptions o = config.Options;
            if (o.Mode == TrainingMode.Software)
            {
                return;
            }

            int tiles, rows, columns;
            IReadOnlyList<CimClient> clients = TrainingRun.ConnectBoards(o.Seed, config.Setup);
            try
            {
                InfoMessage info = AlikeBoards.Check(clients, TrainingRun.BoardAddresses(config.Setup));
                (tiles, rows, columns) = (info.Tiles, info.Rows, info.Columns);
            }
            catch (InvalidOperationException e)
            {
                throw new UsageException("--board: " + e.Message);
            }
            finally
            {
                foreach (CimClient c in clients)
                {
                    c.Dispose();
                }
            }

            int boards = TrainingRun.BoardAddresses(config.Setup).Length;
            if (o.Spread && boards > 1)
            {
                tiles *= boards; // one copy over all boards, their tiles one after another
            }

            Network network = TrainRunOptions.CreateNetwork(o.Model, o.Seed);
            int[] copies = o.Copies ?? DeviceLayout.DefaultCopies(network, rows);
            try
            {
                _ = DeviceLayout.Plan(network, rows, columns, tiles, copies);
            }
            catch (ArgumentException e)
            {
                throw new UsageException("--copies " + string.Join(",", copies) + ": " + e.Message);
            }
            catch (InvalidOperationException)
            {
                // The same plan on a board without a limit on its arrays says how many the network needs.
                int needed = DeviceLayout.Plan(network, rows, columns, UnboundedTiles, copies).TilesUsed;
                string fitting = string.Join(" or ", FittingArchitectures(rows, columns, tiles, o.Seed));
                throw new UsageException("--arch " + o.Model + " (" + network.Name + ") needs " + needed + " arrays of " + rows + "x" + columns
                    + " for on-chip training (copies " + string.Join(",", copies) + ", device pairs on adjacent columns); " + (o.Spread && boards > 1 ? "the " + boards + " boards have " + tiles + " together" : "the board has " + tiles)
                    + ". Give " + (fitting.Length > 0 ? "--arch " + fitting + ", " : "") + "--mode software (no chip), more boards with --spread, or a board with more or larger arrays"
                    + (ChipsThatFit(network).Length > 0 ? " (emulated: --chip " + string.Join(" or ", ChipsThatFit(network)) + ")" : ""));
            }
        }

        /// <summary>The built-in chips on which <paramref name="network"/>'s default layout fits, for the refusal.</summary>
        private static string[] ChipsThatFit(Network network)
        {
            return ChipDefinition.BuiltInNames.Where(name =>
            {
                ChipDefinition chip = ChipDefinition.Load(name);
                try
                {
                    _ = DeviceLayout.Plan(network, chip.Rows, chip.Columns, chip.Tiles, DeviceLayout.DefaultCopies(network, chip.Rows));
                    return true;
                }
                catch (InvalidOperationException)
                {
                    return false;
                }
            }).ToArray();
        }

        /// <summary>The short names of the architectures whose default layout fits <paramref name="tiles"/> arrays, for the refusal.</summary>
        private static string[] FittingArchitectures(int rows, int columns, int tiles, int seed)
        {
            return new[] { "lenet", "lenet5", "mlp" }.Where(name =>
            {
                Network n = TrainRunOptions.CreateNetwork(name, seed);
                try
                {
                    _ = DeviceLayout.Plan(n, rows, columns, tiles, DeviceLayout.DefaultCopies(n, rows));
                    return true;
                }
                catch (InvalidOperationException)
                {
                    return false;
                }
            }).ToArray();
        }

        /// <summary>The data set of <paramref name="setup"/> and its fingerprint; when the setup records a fingerprint, the data must match it.</summary>
        public static (MnistDataset Data, string Sha256) LoadData(RunSetup setup)
        {
            MnistDataset dataset;
            try
            {
                dataset = FashionMnist.Load(setup.Data);
            }
            catch (DatasetException e)
            {
                throw new UsageException("--data: " + e.Message);
            }

            string got = DataFingerprint.Of(dataset);
            string? want = setup.DataSha256;
            if (want is not null && !string.Equals(got, want, StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException($"--data {dataset.Folder} holds other data than the run's (SHA-256 {got[..12]}.. instead of {want[..Math.Min(12, want.Length)]}..); give the folder of the data the run was trained on");
            }

            return (dataset, got);
        }
    }
}
