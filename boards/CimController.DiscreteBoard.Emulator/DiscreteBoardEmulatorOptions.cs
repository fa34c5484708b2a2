using System;
using CimController.Emulator;

namespace CimController.DiscreteBoard.Emulator;

/// <summary>
/// The emulated discrete board: its wiring (as on boards/discrete-dac-adc-board.md), its analog parts and the
/// cells on its crossbar. Every number is a named parameter; defaults are the documented board with b-RRAM-like
/// cells (ranges from the Wu 2023 profile, <see cref="FromProfile"/>).
/// </summary>
public sealed class DiscreteBoardEmulatorOptions
{
    /// <summary>AD5328 channel driving each row.</summary>
    public int[] RowChannels { get; init; } = { 0, 1, 2 };
    /// <summary>AD5328 channel holding each column's bias (TIA non-inverting input).</summary>
    public int[] ColumnChannels { get; init; } = { 3, 4, 5, 6 };
    /// <summary>MCP3208 channel wired to each column's TIA output.</summary>
    public int[] AdcChannels { get; init; } = { 0, 1, 2, 3 };
    /// <summary>AD5328 channel driving the TIA feedback shunt switches.</summary>
    public int ModeChannel { get; init; } = 7;
    /// <summary>Logic threshold of the shunt switches' control input, volts (ADG1612-class: 2.0 V).</summary>
    public double ModeThresholdVolts { get; init; } = 2.0;
    /// <summary>Supply of the AD5328 and the TIAs, volts.</summary>
    public double SupplyVolts { get; init; } = 5.0;
    /// <summary>AD5328 reference, both quads, volts.</summary>
    public double DacReferenceVolts { get; init; } = 2.5;
    /// <summary>MCP3208 reference, volts.</summary>
    public double AdcReferenceVolts { get; init; } = 4.096;
    /// <summary>TIA feedback resistance, ohms.</summary>
    public double FeedbackOhms { get; init; } = 33000;
    /// <summary>Gaussian noise of each TIA output at conversion, mV (0: none). Seeded by <see cref="Seed"/>.</summary>
    public double TiaNoiseMillivolts { get; init; }

    /// <summary>Lowest cell conductance, uS.</summary>
    public double ConductanceMinMicrosiemens { get; init; } = 10;
    /// <summary>Highest cell conductance, uS.</summary>
    public double ConductanceMaxMicrosiemens { get; init; } = 70;
    /// <summary>Initial conductances: seeded uniform over this range, uS.</summary>
    public double InitialMinMicrosiemens { get; init; } = 10;
    /// <summary>Initial conductances: upper end, uS.</summary>
    public double InitialMaxMicrosiemens { get; init; } = 70;
    /// <summary>SET threshold: a cell voltage at or below it changes nothing, volts.</summary>
    public double SetThresholdVolts { get; init; } = 1.5;
    /// <summary>SET voltage at which a cell moves by <see cref="StepMicrosiemens"/> per <see cref="ReferenceWidthMicroseconds"/>, volts.</summary>
    public double MaxSetVolts { get; init; } = 3.0;
    /// <summary>RESET threshold (magnitude), volts.</summary>
    public double ResetThresholdVolts { get; init; } = 1.5;
    /// <summary>RESET voltage (magnitude) of the full step rate, volts.</summary>
    public double MaxResetVolts { get; init; } = 3.0;
    /// <summary>Conductance change per <see cref="ReferenceWidthMicroseconds"/> at the maximum voltage, uS; linear in (V - threshold) and in time.</summary>
    public double StepMicrosiemens { get; init; } = 1.0;
    /// <summary>Pulse time that moves a cell by one <see cref="StepMicrosiemens"/> at the maximum voltage, us (assumption: the discrete board's nominal 100 us pulse).</summary>
    public double ReferenceWidthMicroseconds { get; init; } = 100;

    /// <summary>Seed of the initial conductances and of the TIA noise.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Board time in microseconds (tests share one clock with the firmware's delay); null: a Stopwatch.</summary>
    public Func<long>? NowMicroseconds { get; init; }

    /// <summary>Rows of the crossbar.</summary>
    public int Rows => RowChannels.Length;
    /// <summary>Columns of the crossbar.</summary>
    public int Columns => ColumnChannels.Length;

    /// <summary>
    /// Options whose cell ranges, thresholds and step come from <paramref name="profile"/> (conductance range, initial
    /// range, SET/RESET thresholds and maxima); the rest, the step rate included, as given in <paramref name="baseOptions"/> or default.
    /// </summary>
    public static DiscreteBoardEmulatorOptions FromProfile(DeviceProfile profile, DiscreteBoardEmulatorOptions? baseOptions = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var b = baseOptions ?? new DiscreteBoardEmulatorOptions();
        return new DiscreteBoardEmulatorOptions
        {
            RowChannels = b.RowChannels,
            ColumnChannels = b.ColumnChannels,
            AdcChannels = b.AdcChannels,
            ModeChannel = b.ModeChannel,
            ModeThresholdVolts = b.ModeThresholdVolts,
            SupplyVolts = b.SupplyVolts,
            DacReferenceVolts = b.DacReferenceVolts,
            AdcReferenceVolts = b.AdcReferenceVolts,
            FeedbackOhms = b.FeedbackOhms,
            TiaNoiseMillivolts = b.TiaNoiseMillivolts,
            ConductanceMinMicrosiemens = profile.ConductanceMinMicrosiemens,
            ConductanceMaxMicrosiemens = profile.ConductanceMaxMicrosiemens,
            InitialMinMicrosiemens = profile.InitialMinMicrosiemens,
            InitialMaxMicrosiemens = profile.InitialMaxMicrosiemens,
            SetThresholdVolts = profile.SetThresholdVolts,
            MaxSetVolts = profile.MaxSetVolts,
            ResetThresholdVolts = profile.ResetThresholdVolts,
            MaxResetVolts = profile.MaxResetVolts,
            StepMicrosiemens = b.StepMicrosiemens,
            ReferenceWidthMicroseconds = b.ReferenceWidthMicroseconds,
            Seed = b.Seed,
            NowMicroseconds = b.NowMicroseconds,
        };
    }

    internal void Validate()
    {
        if (Rows < 1 || Columns < 1 || AdcChannels.Length != Columns)
            throw new ArgumentException($"discrete board: {Rows} rows, {Columns} columns and {AdcChannels.Length} ADC channels; need >= 1 row, >= 1 column and one ADC channel per column");
        if (!(ConductanceMinMicrosiemens >= 0 && ConductanceMaxMicrosiemens > ConductanceMinMicrosiemens))
            throw new ArgumentException($"discrete board: conductance range {ConductanceMinMicrosiemens}..{ConductanceMaxMicrosiemens} uS is empty");
        if (!(FeedbackOhms > 0 && SupplyVolts > 0 && DacReferenceVolts > 0 && AdcReferenceVolts > 0 && ReferenceWidthMicroseconds > 0))
            throw new ArgumentException("discrete board: feedback resistance, supply, references and reference width must be > 0");
        if (!(MaxSetVolts > SetThresholdVolts && MaxResetVolts > ResetThresholdVolts))
            throw new ArgumentException("discrete board: the SET/RESET maxima must exceed their thresholds");
    }
}
