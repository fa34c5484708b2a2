using System;
using System.Runtime.InteropServices;
using CimController.Emulator;
using CimController.Firmware.Desktop;

namespace CimController.LocalBoard
{
    /// <summary>
    /// The in-process firmware over an emulated chip kept in a state file (<c>--board emulator:PATH</c>): opens the file
    /// (<see cref="EmulatorStateFile"/>), starts the firmware on a board built from it and restores the chip. The chip is
    /// saved when the session ends (the command's end, also after an error) and when SIGINT or SIGTERM arrives (the state
    /// as of that moment, between two SPI transactions, like a board whose host was cut off); the signal then takes its
    /// usual course. The firmware itself starts fresh each session, as after an MCU reset.
    /// </summary>
    public sealed class EmulatorStateSession : IDisposable
    {
        private readonly EmulatorStateFile _file;
        private readonly EmulatedFirmware _firmware;
        private readonly PosixSignalRegistration _sigint;
        private readonly PosixSignalRegistration _sigterm;
        private readonly Action<string> _say;
        private int _disposed;

        private EmulatorStateSession(EmulatorStateFile file, EmulatedFirmware firmware, Action<string> say)
        {
            _file = file;
            _firmware = firmware;
            _say = say;
            _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        }

        /// <summary>
        /// Opens the chip in <paramref name="path"/> and starts the firmware over it. <paramref name="profile"/> and
        /// <paramref name="seed"/>: the values asked for, null to take the file's (a new file: brram, 1).
        /// <paramref name="say"/> gets the line printed when a signal saves the chip (default: standard error).
        /// </summary>
        /// <exception cref="EmulatorStateException">The file is corrupt, in use, contradicts a value given, or cannot be written.</exception>
        /// <exception cref="DeviceProfileException">A new file's profile cannot be loaded.</exception>
        public static EmulatorStateSession Open(string path, string? profile, int? seed, Action<string>? say = null, ChipDefinition? chip = null)
        {
            EmulatorStateFile file = EmulatorStateFile.Open(path, profile, seed, chip);
            EmulatedFirmware? firmware = null;
            try
            {
                firmware = EmulatedFirmware.Start(file.Options);
                file.Attach(firmware.Emulator);
                return new EmulatorStateSession(file, firmware, say ?? (line => Console.Error.WriteLine(line)));
            }
            catch
            {
                firmware?.Dispose();
                file.Dispose();
                throw;
            }
        }

        /// <summary>The host's end of the firmware's link.</summary>
        public CimController.Firmware.IHostLink HostEnd => _firmware.HostEnd;

        /// <summary>The emulated chip (bench back door).</summary>
        public BoardEmulator Emulator => _firmware.Emulator;

        /// <summary>The state file, as a full path.</summary>
        public string FullPath => _file.FullPath;

        /// <summary>True when this session created the file.</summary>
        public bool Created => _file.Created;

        /// <summary>Sessions the chip has served, this one included.</summary>
        public long Sessions => _file.Sessions;

        /// <summary>Stops the firmware, saves the chip and releases the file.</summary>
        /// <exception cref="EmulatorStateException">The chip could not be saved (the file keeps the previous state).</exception>
        public void Dispose()
        {
            if (System.Threading.Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            _sigint.Dispose();
            _sigterm.Dispose();
            _firmware.Dispose();
            try
            {
                _file.Save();
            }
            finally
            {
                _file.Dispose();
            }
        }

        private void OnSignal(PosixSignalContext context)
        {
            try
            {
                _file.Save();
                _say("cimctl: " + context.Signal + ": emulated chip saved to " + _file.FullPath);
            }
            catch (EmulatorStateException e)
            {
                _say("cimctl: " + context.Signal + ": " + e.Message);
            }
        }
    }
}
