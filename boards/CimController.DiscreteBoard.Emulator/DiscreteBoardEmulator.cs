using System;
using System.Diagnostics;
using CimController.Protocol.Board;

namespace CimController.DiscreteBoard.Emulator;

/// <summary>
/// The discrete DAC/ADC board (boards/discrete-dac-adc-board.md) at its two chip selects: <see cref="Dac"/> (the
/// AD5328) and <see cref="Adc"/> (the MCP3208), each an <see cref="ISpiBus"/>. Behind them: every row driven by a DAC
/// channel, every column held at its bias DAC channel by a TIA (output = bias - I x Rf, clamped to the rails; with the
/// mode line high the TIA feedback is shunted and the output equals the bias), and a crossbar of cells.
/// <para>Physics: a cell's voltage is V_row - V_col. Cells move only while their voltage is beyond a threshold:
/// dG/dt = +-Step / ReferenceWidth x (|V| - V_th) / (V_max - V_th), clamped to the conductance range, integrated
/// exactly between output changes on the board clock (<see cref="DiscreteBoardEmulatorOptions.NowMicroseconds"/>).
/// Column current I_c = sum_r G[r][c] (V_row_r - V_col_c); the optional TIA noise is one seeded Gaussian draw per
/// conversion.</para>
/// Bench back door (tests only, not reachable over SPI): <see cref="GetConductanceMicrosiemens"/>,
/// <see cref="SetConductanceMicrosiemens"/>, <see cref="LineVolts"/>, <see cref="TiaOutputVolts"/>.
/// Not thread-safe.
/// </summary>
public sealed class DiscreteBoardEmulator
{
    private readonly DiscreteBoardEmulatorOptions _o;
    private readonly double[][] _g;      // siemens
    private readonly Func<long> _now;
    private readonly Random _noise;
    private readonly Stopwatch? _watch;
    private long _lastUs;

    /// <summary>Builds the board; conductances start seeded-uniform over the initial range.</summary>
    public DiscreteBoardEmulator(DiscreteBoardEmulatorOptions? options = null)
    {
        _o = options ?? new DiscreteBoardEmulatorOptions();
        _o.Validate();
        if (_o.NowMicroseconds != null)
        {
            _now = _o.NowMicroseconds;
        }
        else
        {
            _watch = Stopwatch.StartNew();
            _now = () => _watch.ElapsedTicks * 1_000_000 / Stopwatch.Frequency;
        }
        var init = new Random(_o.Seed);
        _noise = new Random(unchecked(_o.Seed * 31 + 7));
        _g = new double[_o.Rows][];
        for (int r = 0; r < _o.Rows; r++)
        {
            _g[r] = new double[_o.Columns];
            for (int c = 0; c < _o.Columns; c++)
                _g[r][c] = 1e-6 * (_o.InitialMinMicrosiemens + init.NextDouble() * (_o.InitialMaxMicrosiemens - _o.InitialMinMicrosiemens));
        }
        DacChip = new Ad5328Emulator(_o.SupplyVolts, _o.DacReferenceVolts, _o.DacReferenceVolts) { BeforeOutputChange = Advance };
        AdcChip = new Mcp3208Emulator(ChannelVolts, _o.AdcReferenceVolts);
        _lastUs = _now();
    }

    /// <summary>The options the board was built with.</summary>
    public DiscreteBoardEmulatorOptions Options => _o;
    /// <summary>The AD5328's chip select (SPI mode 1).</summary>
    public ISpiBus Dac => DacChip;
    /// <summary>The MCP3208's chip select (SPI mode 0).</summary>
    public ISpiBus Adc => AdcChip;
    /// <summary>The emulated DAC (register state, counters).</summary>
    public Ad5328Emulator DacChip { get; }
    /// <summary>The emulated ADC (counters).</summary>
    public Mcp3208Emulator AdcChip { get; }
    /// <summary>True while the mode line is above the switches' threshold (TIA feedback shunted: pulse mode).</summary>
    public bool PulseMode => DacChip.OutputVolts(_o.ModeChannel) >= _o.ModeThresholdVolts;
    /// <summary>Board microseconds during which some cell was beyond a threshold.</summary>
    public double ProgrammingMicroseconds { get; private set; }
    /// <summary>Largest cell voltage magnitude seen over any interval between output changes, volts (half-selected cells included).</summary>
    public double PeakCellVolts { get; private set; }

    /// <summary>Bench back door: conductance of a cell, uS.</summary>
    public double GetConductanceMicrosiemens(int row, int col)
    {
        Advance();
        return _g[row][col] * 1e6;
    }

    /// <summary>Bench back door: sets a cell's conductance, uS (clamped to the range).</summary>
    public void SetConductanceMicrosiemens(int row, int col, double microsiemens)
    {
        Advance();
        _g[row][col] = 1e-6 * Math.Clamp(microsiemens, _o.ConductanceMinMicrosiemens, _o.ConductanceMaxMicrosiemens);
    }

    /// <summary>Voltage of an AD5328 output, volts.</summary>
    public double LineVolts(int dacChannel) => DacChip.OutputVolts(dacChannel);

    /// <summary>Column <paramref name="col"/>'s TIA output without noise, volts.</summary>
    public double TiaOutputVolts(int col)
    {
        double vCol = DacChip.OutputVolts(_o.ColumnChannels[col]);
        if (PulseMode)
            return vCol;
        double current = 0;
        for (int r = 0; r < _o.Rows; r++)
            current += _g[r][col] * (DacChip.OutputVolts(_o.RowChannels[r]) - vCol);
        return Math.Clamp(vCol - current * _o.FeedbackOhms, 0, _o.SupplyVolts);
    }

    private double ChannelVolts(int adcChannel)
    {
        Advance();
        for (int c = 0; c < _o.Columns; c++)
        {
            if (_o.AdcChannels[c] == adcChannel)
            {
                double v = TiaOutputVolts(c);
                if (_o.TiaNoiseMillivolts > 0)
                {
                    double u1 = 1.0 - _noise.NextDouble();
                    double u2 = _noise.NextDouble();
                    v += 1e-3 * _o.TiaNoiseMillivolts * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                }
                return Math.Clamp(v, 0, _o.SupplyVolts);
            }
        }
        return 0;
    }

    /// <summary>Integrates the cells' motion from the last output change to now (outputs are constant in between).</summary>
    private void Advance()
    {
        long now = _now();
        long dt = now - _lastUs;
        _lastUs = now;
        if (dt <= 0)
            return;
        bool programming = false;
        double rate = 1e-6 * _o.StepMicrosiemens / _o.ReferenceWidthMicroseconds;   // S per us at full drive
        double gMin = 1e-6 * _o.ConductanceMinMicrosiemens, gMax = 1e-6 * _o.ConductanceMaxMicrosiemens;
        for (int r = 0; r < _o.Rows; r++)
        {
            double vRow = DacChip.OutputVolts(_o.RowChannels[r]);
            for (int c = 0; c < _o.Columns; c++)
            {
                double v = vRow - DacChip.OutputVolts(_o.ColumnChannels[c]);
                double drive = 0;
                if (v > _o.SetThresholdVolts)
                    drive = (v - _o.SetThresholdVolts) / (_o.MaxSetVolts - _o.SetThresholdVolts);
                else if (-v > _o.ResetThresholdVolts)
                    drive = -(-v - _o.ResetThresholdVolts) / (_o.MaxResetVolts - _o.ResetThresholdVolts);
                if (Math.Abs(v) > 0.05)
                    PeakCellVolts = Math.Max(PeakCellVolts, Math.Abs(v));
                if (drive != 0)
                {
                    programming = true;
                    _g[r][c] = Math.Clamp(_g[r][c] + drive * rate * dt, gMin, gMax);
                }
            }
        }
        if (programming)
            ProgrammingMicroseconds += dt;
    }
}
