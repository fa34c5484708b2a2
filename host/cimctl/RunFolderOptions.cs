using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using CimController.Analysis;

namespace CimController.Cli
{
    /// <summary>
    /// <c>--out DIR</c> and <c>--overwrite</c> for commands that write a run folder (train, characterize, sweep). A default
    /// folder is new and time-stamped (<see cref="ResultsFolder"/>'s rule: <c>runs/NAME-&lt;UTC time&gt;</c>, -2, -3 ... when
    /// taken). An existing non-empty <c>--out</c> is refused, so no run replaces another, unless <c>--overwrite</c> is given
    /// and the folder is a cimctl run folder (it holds summary.json, checkpoint.json, config.json or metrics.json): then its
    /// contents are deleted first, so nothing of the old run mixes with the new. A folder that holds anything else is never
    /// emptied.
    /// </summary>
    public sealed class RunFolderOptions
    {
        private static readonly string[] RunFolderMarks = { "summary.json", "checkpoint.json", "config.json", "metrics.json" };

        /// <summary>Creates the options; <paramref name="what"/> says what the folder holds and <paramref name="defaultName"/> how a default folder is named, for the help text.</summary>
        public RunFolderOptions(string what, string defaultName)
        {
            Out = new Option<string?>("--out") { Description = what + "; default runs/" + defaultName + "-<UTC time>; an existing non-empty folder is refused unless --overwrite" };
        }

        /// <summary><c>--out</c>.</summary>
        public Option<string?> Out { get; }

        /// <summary><c>--overwrite</c>.</summary>
        public Option<bool> Overwrite { get; } = new Option<bool>("--overwrite")
        {
            Description = "Let --out name an existing run folder: its contents are deleted before this run writes",
        };

        /// <summary>Adds both options.</summary>
        public void AddTo(Command command)
        {
            command.Options.Add(Out);
            command.Options.Add(Overwrite);
        }

        /// <summary>
        /// Throws <see cref="UsageException"/> when <c>--out</c> cannot take a new run (a file, a non-empty folder without
        /// --overwrite, a folder that is not a run folder). Call it before any work; <see cref="Create"/> repeats it.
        /// </summary>
        public void Check(ParseResult parse)
        {
            string? dir = parse.GetValue(Out);
            if (string.IsNullOrWhiteSpace(dir))
            {
                return;
            }

            if (File.Exists(dir))
            {
                throw new UsageException("--out " + dir + " is a file; give a folder for the run");
            }

            string[] entries = Directory.Exists(dir) ? Directory.EnumerateFileSystemEntries(dir).Select(e => Path.GetFileName(e) ?? e).ToArray() : Array.Empty<string>();
            if (entries.Length == 0)
            {
                return;
            }

            bool runFolder = entries.Any(e => RunFolderMarks.Contains(e));
            if (!runFolder)
            {
                throw new UsageException("--out " + dir + " holds files that are not a cimctl run (" + string.Join(", ", entries.Take(3)) + (entries.Length > 3 ? ", ..." : "")
                    + "); give a new or empty folder");
            }

            if (!parse.GetValue(Overwrite))
            {
                throw new UsageException("--out " + dir + " holds an earlier run (" + string.Join(", ", entries.Where(e => RunFolderMarks.Contains(e))) + "); give a new folder, leave --out away for a time-stamped one, or add --overwrite to replace it");
            }
        }

        /// <summary>
        /// Checks <c>--out</c> again and creates the run folder (emptying an earlier run's folder with --overwrite). The
        /// returned lease removes the folder again when the command ends and it is still empty.
        /// </summary>
        public RunFolderLease Create(ParseResult parse, string name)
        {
            Check(parse);
            string? dir = parse.GetValue(Out);
            bool existed = !string.IsNullOrWhiteSpace(dir) && Directory.Exists(dir);
            try
            {
                if (existed && parse.GetValue(Overwrite))
                {
                    foreach (string entry in Directory.EnumerateFileSystemEntries(dir!))
                    {
                        if (Directory.Exists(entry))
                        {
                            Directory.Delete(entry, recursive: true);
                        }
                        else
                        {
                            File.Delete(entry);
                        }
                    }
                }

                return new RunFolderLease(ResultsFolder.Create(name, dir), !existed);
            }
            catch (Exception e) when (dir != null && e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException("--out " + dir + " cannot be used: " + e.Message);
            }
        }
    }

    /// <summary>Checks of a single output file (e.g. a model file) before any work is done.</summary>
    public static class OutputFile
    {
        /// <summary>
        /// Throws <see cref="UsageException"/> unless <paramref name="path"/> can be written: its folder exists and takes a
        /// new file (probed by creating and deleting one), the path is not a folder, and an existing file is only replaced
        /// with <paramref name="overwrite"/>.
        /// </summary>
        public static void Check(string option, string path, bool overwrite)
        {
            if (Directory.Exists(path))
            {
                throw new UsageException(option + " " + path + " is a folder; give a file name, e.g. " + System.IO.Path.Combine(path, "model.safetensors"));
            }

            string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
            if (!Directory.Exists(folder))
            {
                throw new UsageException(option + " " + path + ": the folder " + folder + " does not exist; create it or give a file in an existing folder");
            }

            if (File.Exists(path) && !overwrite)
            {
                throw new UsageException(option + " " + path + " exists; give a new file name or add --overwrite to replace it");
            }

            string probe = System.IO.Path.Combine(folder, ".cimctl-probe-" + Guid.NewGuid().ToString("N"));
            try
            {
                using (File.Create(probe, 1, FileOptions.DeleteOnClose))
                {
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException(option + " " + path + ": cannot write in " + folder + " (" + e.Message + ")");
            }
        }
    }

    /// <summary>A run folder a command writes; disposing it removes the folder when the command created it and left it empty.</summary>
    public sealed class RunFolderLease : IDisposable
    {
        private readonly bool _created;

        /// <summary>Wraps <paramref name="folder"/>; <paramref name="created"/> when this command created it.</summary>
        public RunFolderLease(ResultsFolder folder, bool created)
        {
            Folder = folder;
            _created = created;
        }

        /// <summary>The folder.</summary>
        public ResultsFolder Folder { get; }

        /// <summary>Its full path.</summary>
        public string Path => Folder.Path;

        /// <summary>Removes the folder when it was created here and holds nothing (a command that failed before writing).</summary>
        public void Dispose()
        {
            try
            {
                if (_created && Directory.Exists(Path) && !Directory.EnumerateFileSystemEntries(Path).Any())
                {
                    Directory.Delete(Path);
                }
            }
            catch (IOException)
            {
                // Someone else is writing into it now: then it is not an empty folder left behind by this command.
            }
        }
    }
}
