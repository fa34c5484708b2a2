using System;
using System.IO;
using System.Text;

namespace CimController.Emulator
{
    /// <summary>
    /// One emulated chip kept in a file between processes (<see cref="EmulatorStateJson"/> is the format), so that
    /// commands run one after another behave like commands on one physical board.
    /// <list type="bullet">
    /// <item>A missing file is created from the profile and seed asked for (default brram, 1) when a board is
    /// <see cref="Attach">attached</see>; an existing file is loaded. A profile or seed asked for explicitly that contradicts
    /// the file is refused, naming both; one not asked for (null) is taken from the file.</item>
    /// <item>While open, the file is locked (one chip serves one command at a time): a second opener is refused.</item>
    /// <item><see cref="Save"/> writes a temporary file next to it and renames it over the file, so a reader sees the
    /// old state or the new one, never a mixture. A file that does not parse, has another format version, or whose
    /// checksum does not match is refused with its name and the problem, and never overwritten.</item>
    /// <item>Random streams continue exactly: the positions of the noise generators are part of the state, so a run
    /// split over several commands draws the same noise as the same run in one process.</item>
    /// </list>
    /// </summary>
    public sealed class EmulatorStateFile : IDisposable
    {
        private readonly object sync = new object();
        private readonly EmulatorState? loaded;
        private readonly DateTime createdUtc;
        private FileStream? lockStream;
        private BoardEmulator? board;
        private bool disposed;

        private EmulatorStateFile(string fullPath, EmulatorOptions options, EmulatorState? loaded, DateTime createdUtc, long sessions, FileStream? lockStream)
        {
            FullPath = fullPath;
            Options = options;
            this.loaded = loaded;
            this.createdUtc = createdUtc;
            Sessions = sessions;
            this.lockStream = lockStream;
        }

        /// <summary>The file, as a full path.</summary>
        public string FullPath { get; }

        /// <summary>Build the board from these (the file's profile copy, seed and geometry), then <see cref="Attach"/> it.</summary>
        public EmulatorOptions Options { get; }

        /// <summary>True when the file did not exist and this session creates it.</summary>
        public bool Created => loaded == null;

        /// <summary>Sessions the chip has served, this one included.</summary>
        public long Sessions { get; }

        /// <summary>
        /// The profile (name or path) and seed a session on <paramref name="path"/> uses: the file's when it exists (after
        /// checking the whole file), else <paramref name="profile"/> ?? brram and <paramref name="seed"/> ?? 1.
        /// </summary>
        /// <exception cref="EmulatorStateException">The file cannot be read, is corrupt or in use, or contradicts a value given.</exception>
        public static (string Profile, int Seed) Resolve(string path, string? profile, int? seed)
        {
            string full = FullPathOf(path);
            if (!File.Exists(full))
                return (profile ?? new EmulatorOptions().ProfileName, seed ?? new EmulatorOptions().Seed);
            using FileStream stream = OpenLocked(full, FileShare.Read);
            EmulatorState state = EmulatorStateJson.Read(ReadAll(stream, full), full).State;
            CheckAgainst(full, state, profile, seed);
            return (state.ProfileNameOrPath, state.Seed);
        }

        /// <summary>
        /// Opens the chip in <paramref name="path"/>: an existing file is locked, read and checked; for a missing one the
        /// options come from <paramref name="profile"/> ?? brram, <paramref name="seed"/> ?? 1 and <paramref name="chip"/> (null:
        /// the Wu 2023 SoC) and the file is written
        /// at <see cref="Attach"/>.
        /// </summary>
        /// <exception cref="EmulatorStateException">As <see cref="Resolve"/>; also a stored profile that no longer parses.</exception>
        /// <exception cref="DeviceProfileException">A new file's profile cannot be loaded.</exception>
        public static EmulatorStateFile Open(string path, string? profile, int? seed, ChipDefinition? chip = null)
        {
            string full = FullPathOf(path);
            if (!File.Exists(full))
            {
                string profileName = profile ?? new EmulatorOptions().ProfileName;
                var fresh = new EmulatorOptions { ProfileName = profileName, Profile = DeviceProfile.Load(profileName), Seed = seed ?? new EmulatorOptions().Seed, Chip = chip };
                return new EmulatorStateFile(full, fresh, null, DateTime.UtcNow, 1, null);
            }
            FileStream stream = OpenLocked(full, FileShare.None);
            try
            {
                var (state, created, _, sessions) = EmulatorStateJson.Read(ReadAll(stream, full), full);
                CheckAgainst(full, state, profile, seed);
                if (chip != null && chip.Json != state.ChipJson && !(state.ChipJson.Length == 0 && chip.Name == ChipDefinition.DefaultName
                    && state.Tiles == chip.Tiles && state.Rows == chip.Rows && state.Columns == chip.Columns))
                {
                    throw new EmulatorStateException($"state file {full} holds a {state.Tiles} x {state.Rows}x{state.Columns} chip, not chip {chip.Name} ({chip.Tiles} x {chip.Rows}x{chip.Columns}); leave out --chip or start another file");
                }
                EmulatorOptions options;
                try
                {
                    options = state.Options(full + " (the profile copy inside)");
                }
                catch (DeviceProfileException e)
                {
                    throw new EmulatorStateException("state file " + full + ": its profile copy is not valid: " + e.Message, e);
                }
                return new EmulatorStateFile(full, options, state, created, sessions + 1, stream);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Attaches the board built from <see cref="Options"/>: a loaded chip is restored into it; a new file is written now
        /// (refused if another command created it meanwhile) and locked.
        /// </summary>
        /// <exception cref="EmulatorStateException">The stored state does not fit the board, or the new file cannot be written.</exception>
        public void Attach(BoardEmulator emulator)
        {
            ArgumentNullException.ThrowIfNull(emulator);
            lock (sync)
            {
                if (board != null) throw new InvalidOperationException("a board is already attached to " + FullPath);
                if (loaded != null)
                {
                    try
                    {
                        emulator.RestoreState(loaded);
                    }
                    catch (EmulatorStateException e)
                    {
                        throw new EmulatorStateException("state file " + FullPath + " does not fit the board it describes: " + e.Message + "; it is refused and left as it is", e);
                    }
                    board = emulator;
                    return;
                }
                WriteAtomically(emulator.CaptureState(), replace: false);
                lockStream = OpenLocked(FullPath, FileShare.None);
                board = emulator;
            }
        }

        /// <summary>Writes the attached board's state now (temporary file + rename); safe from any thread, e.g. a signal handler.</summary>
        /// <exception cref="EmulatorStateException">The file cannot be written (the old one is left as it was).</exception>
        public void Save()
        {
            lock (sync)
            {
                if (disposed || board == null) return;
                WriteAtomically(board.CaptureState(), replace: true);
                // The rename put a new file in place; lock it and let the old one go.
                FileStream? old = lockStream;
                try
                {
                    lockStream = OpenLocked(FullPath, FileShare.None);
                }
                catch (EmulatorStateException)
                {
                    lockStream = null;
                }
                old?.Dispose();
            }
        }

        /// <summary>Releases the lock; does not save (call <see cref="Save"/> first).</summary>
        public void Dispose()
        {
            lock (sync)
            {
                disposed = true;
                lockStream?.Dispose();
                lockStream = null;
            }
        }

        private void WriteAtomically(EmulatorState state, bool replace)
        {
            string text = EmulatorStateJson.Write(state, createdUtc, DateTime.UtcNow, Sessions);
            string temporary = FullPath + ".tmp-" + Environment.ProcessId;
            try
            {
                using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    stream.Write(Encoding.UTF8.GetBytes(text));
                    stream.Flush(flushToDisk: true);
                }
                File.Move(temporary, FullPath, overwrite: replace);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                TryDelete(temporary);
                if (!replace && File.Exists(FullPath))
                    throw new EmulatorStateException("state file " + FullPath + " was created by another command meanwhile; run this one again", e);
                throw new EmulatorStateException("state file " + FullPath + " cannot be written: " + e.Message, e);
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Left behind; the next save of this process overwrites it.
            }
        }

        /// <summary>Refuses a profile or seed given explicitly that is not the file's.</summary>
        private static void CheckAgainst(string full, EmulatorState state, string? profile, int? seed)
        {
            string made = "its chip was made with profile " + state.ProfileNameOrPath + " and seed " + state.Seed;
            if (profile != null)
            {
                DeviceProfile asked = DeviceProfile.Load(profile);
                if (asked.Json != state.ProfileJson)
                {
                    string differs = string.Equals(profile, state.ProfileNameOrPath, StringComparison.OrdinalIgnoreCase)
                        ? "--profile " + profile + " now differs from the copy in state file " + full + " (" + made + ")"
                        : "--profile " + profile + " contradicts state file " + full + ": " + made;
                    throw new EmulatorStateException(differs + "; leave out --profile to use the file's, or give another state file");
                }
            }
            if (seed != null && seed.Value != state.Seed)
                throw new EmulatorStateException("--seed " + seed.Value + " contradicts state file " + full + ": " + made + "; leave out --seed to use the file's, or give another state file");
        }

        private static string FullPathOf(string path)
        {
            if (string.IsNullOrWhiteSpace(path))
                throw new EmulatorStateException("the emulator state file path is empty; give a file, e.g. emulator:chip.json");
            string full = Path.GetFullPath(path);
            if (Directory.Exists(full))
                throw new EmulatorStateException("emulator state file " + full + " is a folder; give a file, e.g. emulator:" + Path.Combine(path, "chip.json"));
            string? folder = Path.GetDirectoryName(full);
            if (folder != null && !Directory.Exists(folder))
                throw new EmulatorStateException("emulator state file " + full + ": its folder " + folder + " does not exist");
            return full;
        }

        private static FileStream OpenLocked(string full, FileShare share)
        {
            try
            {
                return new FileStream(full, FileMode.Open, FileAccess.Read, share);
            }
            catch (IOException e) when (IsLocked(e))
            {
                throw new EmulatorStateException("state file " + full + " is in use by another command (one chip serves one command at a time); run this one when it has ended", e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new EmulatorStateException("state file " + full + " cannot be read: " + e.Message, e);
            }
        }

        /// <summary>The lock is held elsewhere: EWOULDBLOCK from flock on Linux (11) and macOS (35), a sharing or lock violation on Windows (32, 33).</summary>
        private static bool IsLocked(IOException e) => (e.HResult & 0xFFFF) is 11 or 35 or 32 or 33;

        private static string ReadAll(FileStream stream, string full)
        {
            try
            {
                using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 65536, leaveOpen: true);
                return reader.ReadToEnd();
            }
            catch (IOException e)
            {
                throw new EmulatorStateException("state file " + full + " cannot be read: " + e.Message, e);
            }
        }
    }
}
