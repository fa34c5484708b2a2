using CimController.DiscreteBoard.Emulator;
using CimController.Firmware;

namespace CimController.DiscreteBoard.Tests;

/// <summary>The emulated discrete board, its driver, one shared clock and b-RRAM-like limits (3 V SET/RESET, 20 us..1 ms).</summary>
public sealed class DiscreteFixture
{
    public BoardClock Clock { get; } = new();
    public DiscreteBoardEmulator Board { get; }
    public DiscreteBoardDriver Driver { get; }
    public FirmwareConfig Config { get; }

    public DiscreteFixture(int seed = 1, double tiaNoiseMillivolts = 0, bool init = true)
    {
        Board = new DiscreteBoardEmulator(new DiscreteBoardEmulatorOptions { Seed = seed, TiaNoiseMillivolts = tiaNoiseMillivolts, NowMicroseconds = Clock.Now });
        Config = new FirmwareConfig
        {
            BoardKind = "discrete",
            ProfileName = "brram",
            ReadMillivolts = 100,
            MaxSetMillivolts = 3000,
            MaxResetMillivolts = 3000,
            MinPulseWidthNs = 10,
            MaxPulseWidthNs = 1_000_000,
        };
        Driver = new DiscreteBoardDriver(Board.Dac, Board.Adc, Clock, DiscreteBoardDefinition.Standard(), Config);
        if (init)
            Driver.Init(Config.ReadMillivolts);
    }

    /// <summary>The conductance the firmware would report for a sense code: G = code x SENSE_LSB / V_read, uS.</summary>
    public double SenseToMicrosiemens(int code) => code * (double)Driver.SenseLsbPicoamps / Driver.ReadMicrovolts;
}
