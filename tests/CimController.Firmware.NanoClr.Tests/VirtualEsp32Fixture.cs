using System;
using System.Collections.Generic;
using System.IO;
using CimController.Emulator;
using CimController.Firmware.Desktop.Esp32;
using CimController.Host;
using CimController.Host.Transports;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// The ESP32 app's .pe sets (register-map and discrete board), built once per test run from the repository with the kit,
/// and virtual ESP32s started from them with a seeded emulated board.
/// </summary>
public static class VirtualEsp32Fixture
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, PeSet> Built = new();
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "cim-vesp32-sets-" + Environment.ProcessId);

    /// <summary>The app built for <paramref name="cimBoard"/> (<c>register-map</c> or <c>discrete</c>).</summary>
    public static PeSet Set(NanoClrKit kit, string cimBoard)
    {
        lock (Gate)
        {
            if (Built.TryGetValue(cimBoard, out PeSet? set)) return set;
            string nflibs = Path.GetDirectoryName(Path.GetFullPath(kit.NfLibsDir).TrimEnd(Path.DirectorySeparatorChar))!;
            set = PeSetBuilder.Build(RepoPaths.Root, kit.KitDir, nflibs, cimBoard, Path.Combine(Root, cimBoard), TimeSpan.FromMinutes(5), Console.WriteLine);
            Built[cimBoard] = set;
            return set;
        }
    }

    /// <summary>A virtual ESP32 running the app over the emulated board <paramref name="board"/> with <paramref name="profile"/> and <paramref name="seed"/>.</summary>
    public static VirtualEsp32 Start(NanoClrKit kit, string board = "emulator", string profile = "brram", int seed = 1, bool noise = true)
    {
        PeSet set = Set(kit, board == "emulator-discrete" ? "discrete" : "register-map");
        Console.WriteLine($"virtual ESP32: board {board}, profile {profile}, seed {seed}, noise {(noise ? "on" : "off")}");
        return VirtualEsp32.Start(new VirtualEsp32Options
        {
            NanoClrKit = kit.KitDir, PeSet = set, Board = board,
            Emulator = new EmulatorOptions { ProfileName = profile, Seed = seed, Noise = noise },
        }, line => Console.WriteLine("  " + line));
    }

    /// <summary>A client on the virtual ESP32's serial port (connected).</summary>
    public static CimClient Connect(VirtualEsp32 esp32, int timeoutMs = 60_000)
    {
        var client = new CimClient(new SerialTransport(esp32.SerialPath, 921600), new CimClientOptions { TimeoutMs = timeoutMs, ClientName = "tests" });
        client.Connect();
        return client;
    }
}
