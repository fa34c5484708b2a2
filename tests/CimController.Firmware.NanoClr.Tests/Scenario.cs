using System;
using System.IO;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Firmware.Desktop.Recording;
using CimController.Host;
using CimController.Host.Transports;
using CimController.LocalBoard;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// One recorded session: the emulated board and profile it runs on, the firmware configuration, and what the host
/// does (<see cref="Body"/>, through the client and raw frames). <see cref="Record"/> runs it against the firmware core on
/// the desktop with a <see cref="SessionRecorder"/> and returns the transcript.
/// </summary>
public sealed record Scenario(string Name, string Board, string Profile, int Seed, Action<ScenarioRun> Body)
{
    /// <summary>Adjusts the firmware configuration (payload limit, progress interval ...).</summary>
    public Action<FirmwareConfig>? Configure { get; init; }

    /// <summary>Host-silence watchdog wrapped around the link, ms (0: none).</summary>
    public int WatchdogSilenceMs { get; init; }

    /// <summary>Emulator noise (ADC noise, read variation).</summary>
    public bool Noise { get; init; } = true;

    /// <summary>Runs the scenario and returns its transcript.</summary>
    public byte[] Record()
    {
        var output = new MemoryStream();
        var recorder = new SessionRecorder(output, Name) { WatchdogSilenceMs = WatchdogSilenceMs };
        var clock = new SteppingClock();
        var probe = new WatchdogProbe();
        Func<FirmwareHost, IHostLink, IHostLink>? wrap = WatchdogSilenceMs > 0
            ? (host, link) => probe.Wrap(new SilenceWatchdogLink(link, host.Controller.Board, host.Clock, WatchdogSilenceMs))
            : null;
        var fw = EmulatedFirmware.StartBoard(Board, new EmulatorOptions { ProfileName = Profile, Seed = Seed, Noise = Noise }, Configure, clock, recorder, wrap);
        try
        {
            var run = new ScenarioRun(fw, clock, probe);
            try
            {
                Body(run);
            }
            finally
            {
                run.Client.Dispose();
            }
            // The host end is closed: the firmware reads the link as closed and returns from Serve by itself, which
            // is where the recording (and the replay) ends.
            if (!fw.WaitForServeEnd(TimeSpan.FromSeconds(30)))
                throw new TimeoutException($"scenario {Name}: the firmware did not stop serving within 30 s of the host closing the link");
            if (fw.Fault != null) throw new InvalidOperationException($"scenario {Name}: the firmware thread failed", fw.Fault);
        }
        finally
        {
            fw.Dispose();
        }
        recorder.Finish();
        return output.ToArray();
    }

    public override string ToString() => Name;
}

/// <summary>What a scenario's body works with: the client on the in-process link, the link itself for raw bytes, the clock.</summary>
public sealed class ScenarioRun
{
    public ScenarioRun(EmulatedFirmware firmware, SteppingClock clock, WatchdogProbe watchdog)
    {
        Firmware = firmware;
        Clock = clock;
        Watchdog = watchdog;
        Link = firmware.HostEnd;
        Client = new CimClient(new InProcessTransport(firmware.HostEnd, (IDisposable)firmware.HostEnd, "emulator"), new CimClientOptions { TimeoutMs = 60_000 });
    }

    public EmulatedFirmware Firmware { get; }

    public SteppingClock Clock { get; }

    /// <summary>The host-silence watchdog around the link (when the scenario has one).</summary>
    public WatchdogProbe Watchdog { get; }

    /// <summary>The host end of the link (raw frames; do not interleave with a client request in flight).</summary>
    public IHostLink Link { get; }

    /// <summary>The protocol client (not yet connected).</summary>
    public CimClient Client { get; }

    /// <summary>The emulated register-map board, or null on the discrete board.</summary>
    public BoardEmulator? Emulator => Firmware.Host.Emulator;
}
