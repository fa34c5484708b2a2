using System;
using System.CommandLine;
using CimController.Cli.Commands;

namespace CimController.Cli
{
    /// <summary>cimctl's entry point: builds the command tree, maps parse errors to exit code 2 and failures to 1.</summary>
    public static class Program
    {
        /// <summary>Runs cimctl.</summary>
        public static int Main(string[] args)
        {
            var globals = new GlobalOptions();
            RootCommand root = Build(globals);
            ParseResult parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors)
                {
                    Console.Error.WriteLine("cimctl: " + error.Message);
                }
                Console.Error.WriteLine("Run 'cimctl --help' (or 'cimctl COMMAND --help') for usage.");
                return ExitCodes.BadArguments;
            }
            try
            {
                return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
            }
            catch (Exception e)
            {
                return ErrorReporter.Report(e, parse.GetValue(globals.Json));
            }
        }

        /// <summary>The command tree.</summary>
        public static RootCommand Build(GlobalOptions globals)
        {
            var root = new RootCommand("cimctl: talk to a memristor compute-in-memory board (or its emulator) through the CimController firmware");
            globals.AddTo(root);
            root.Subcommands.Add(InfoCommand.Create(globals));
            root.Subcommands.Add(ReadCommand.Create(globals));
            root.Subcommands.Add(VmmCommand.Create(globals));
            root.Subcommands.Add(StatsCommand.Create(globals));
            root.Subcommands.Add(ResetCommand.Create(globals));
            root.Subcommands.Add(EmulateCommand.Create(globals));
            root.Subcommands.Add(Esp32Command.Create(globals));
            Command bench = BenchCommand.Create(globals);
            bench.Subcommands.Add(InferCommand.CreateBench(globals));
            root.Subcommands.Add(bench);
            root.Subcommands.Add(TrainCommand.Create(globals));
            root.Subcommands.Add(CharacterizeCommand.Create(globals));
            root.Subcommands.Add(FfpCommand.Create(globals));
            root.Subcommands.Add(ProgramCommand.Create(globals));
            root.Subcommands.Add(DeployCommand.Create(globals));
            root.Subcommands.Add(InferCommand.Create(globals));
            root.Subcommands.Add(TransferStudyCommand.Create(globals));
            root.Subcommands.Add(LevelsStudyCommand.Create(globals));
            root.Subcommands.Add(ModelFileCommand.Create(globals));
            return root;
        }
    }
}
