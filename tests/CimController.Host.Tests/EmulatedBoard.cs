using System;
using CimController.Emulator;
using CimController.Firmware;
using CimController.Firmware.Desktop;
using CimController.Host.Transports;
using CimController.LocalBoard;

namespace CimController.Host.Tests;

/// <summary>Clients over the real firmware core and the emulated board, in this process.</summary>
internal static class EmulatedBoard
{
    /// <summary>Seed of every emulated board in these tests (printed by each test that uses one).</summary>
    public const int Seed = 7;

    /// <summary>A connected client over a fresh in-process firmware with <paramref name="profile"/> and <see cref="Seed"/>.</summary>
    public static CimClient Connect(string profile = "brram", CimClientOptions? options = null, Action<FirmwareConfig>? configure = null, int tileRows = 64)
    {
        Console.WriteLine($"emulator: profile {profile}, seed {Seed}, tiles of {tileRows}x64");
        EmulatedFirmware firmware = EmulatedFirmware.Start(new EmulatorOptions { ProfileName = profile, Seed = Seed, Rows = tileRows }, configure);
        var client = new CimClient(new InProcessTransport(firmware.HostEnd, firmware), options ?? new CimClientOptions { TimeoutMs = 10000 });
        client.Connect();
        return client;
    }
}
