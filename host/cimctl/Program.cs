using System;
using System.CommandLine;
using System.Linq;
using CimController.Cli.Commands;

namespace CimController.Cli
{
    /// <summary>cimctl's entry point: builds the command tree, maps parse errors to exit code 2 and failures to 1.</summary>
    public static class Program
    {
        /// <summary>Runs cimctl.</summary>
        public static int Main(string[] args)
        {
            ConsoleLayout.Apply();
            var globals = new GlobalOptions();
            RootCommand root = Build(globals);
            ParseResult parse = root.Parse(args);
            bool json = JsonRequested(parse, globals, args);
            if (parse.Errors.Count > 0)
            {
                return ErrorReporter.ReportUsage(parse.Errors.Select(e => ParseErrorText.Rewrite(e.Message)).ToArray(), json);
            }
            try
            {
                ProgressDisplay.Configure();
                return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
            }
            catch (Exception e)
            {
                return ErrorReporter.Report(e, json);
            }
        }

        /// <summary>True when --json was given; read from the parse, or from the words when the command line did not parse.</summary>
        private static bool JsonRequested(ParseResult parse, GlobalOptions globals, string[] args)
        {
            try
            {
                return parse.GetValue(globals.Json);
            }
            catch (InvalidOperationException)
            {
                return args.Contains("--json");
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
            root.Subcommands.Add(TlsCommand.Create(globals));
            root.Subcommands.Add(Esp32Command.Create(globals));
            Command bench = BenchCommand.Create(globals);
            bench.Subcommands.Add(InferCommand.CreateBench(globals));
            root.Subcommands.Add(bench);
            root.Subcommands.Add(DemoCommand.Create(globals));
            root.Subcommands.Add(TrainCommand.Create(globals));
            root.Subcommands.Add(CharacterizeCommand.Create(globals));
            root.Subcommands.Add(FfpCommand.Create(globals));
            root.Subcommands.Add(ProgramCommand.Create(globals));
            root.Subcommands.Add(DeployCommand.Create(globals));
            root.Subcommands.Add(InferCommand.Create(globals));
            root.Subcommands.Add(TransferStudyCommand.Create(globals));
            root.Subcommands.Add(LevelsStudyCommand.Create(globals));
            root.Subcommands.Add(ModelFileCommand.Create(globals));
            root.Subcommands.Add(SweepCommand.Create(globals));
            return root;
        }
    }
}
