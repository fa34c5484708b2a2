using System;
using CimController.Protocol.Board;

namespace CimController.DiscreteBoard.Emulator;

/// <summary>
/// The AD5328 octal 12-bit DAC at its SPI pins (AD5308/AD5318/AD5328 data sheet, Rev. F): one 16-bit word per
/// chip-select period, MSB first. Data words (bit 15 = 0) load input register A2..A0 (bits 14-12) with bits 11-0;
/// control words (bit 15 = 1) by bits 14-13: 00 GAIN (bits 5-4) / BUF (3-2) / VDD-as-reference (1-0), the lower
/// bit of each pair for quad A-D and the upper for E-H; 01 LDAC mode (bits 1-0: 00 outputs follow writes, 01 outputs
/// held, 10 one update of all outputs, 11 no effect); 10 power-down mask (bits 7-0 = H..A); 11 reset (bit 12: 0 data,
/// 1 data and control). Power-on: every register 0 (outputs 0 V), LDAC mode 00.
/// A transaction shorter than 16 bits is ignored (SYNC interrupt); bits after the 16th are ignored.
/// MISO is not driven: rx bytes read 0xFF (pulled up).
/// Emulator simplifications (documented on boards/discrete-dac-adc-board.md): a powered-down output reads 0 V,
/// outputs change at once (no 0.7 V/us slew), BUF has no effect.
/// </summary>
public sealed class Ad5328Emulator : ISpiBus
{
    private readonly int[] _input = new int[8];
    private readonly int[] _dac = new int[8];
    private readonly double _vdd;
    private readonly double _refAbcd;
    private readonly double _refEfgh;
    private int _control;
    private int _ldacMode;
    private int _powerDown;

    /// <summary>Creates the chip with supply <paramref name="vdd"/> and the two reference inputs, volts.</summary>
    public Ad5328Emulator(double vdd, double referenceAbcd, double referenceEfgh)
    {
        _vdd = vdd;
        _refAbcd = referenceAbcd;
        _refEfgh = referenceEfgh;
    }

    /// <summary>Called before any output changes (the board advances its physics to now).</summary>
    public Action? BeforeOutputChange { get; set; }

    /// <summary>Words taken.</summary>
    public long Words { get; private set; }

    /// <summary>Transactions ignored for being shorter than 16 bits.</summary>
    public long IgnoredTransactions { get; private set; }

    /// <summary>The LDAC mode (0 follow, 1 held).</summary>
    public int LdacMode => _ldacMode;

    /// <summary>The DAC register (output code) of <paramref name="channel"/>.</summary>
    public int OutputCode(int channel) => _dac[channel];

    /// <summary>The input register of <paramref name="channel"/>.</summary>
    public int InputCode(int channel) => _input[channel];

    /// <summary>Output voltage of <paramref name="channel"/> (0..7), volts.</summary>
    public double OutputVolts(int channel)
    {
        if ((_powerDown & (1 << channel)) != 0)
        {
            return 0;
        }
        int quadBit = channel < 4 ? 0 : 1;
        double reference = (_control & (1 << quadBit)) != 0 ? _vdd : (quadBit == 0 ? _refAbcd : _refEfgh);
        double gain = (_control & (1 << (4 + quadBit))) != 0 ? 2 : 1;
        double v = reference * gain * _dac[channel] / 4096.0;
        return v > _vdd ? _vdd : v;
    }

    /// <inheritdoc />
    public void Transfer(byte[] tx, byte[] rx, int count)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(rx);
        for (int i = 0; i < count; i++)
        {
            rx[i] = 0xFF;
        }
        if (count < 2)
        {
            IgnoredTransactions++;
            return;
        }
        Words++;
        Apply((tx[0] << 8) | tx[1]);
    }

    private void Apply(int word)
    {
        if ((word & 0x8000) == 0)
        {
            int channel = (word >> 12) & 0x7;
            _input[channel] = word & 0xFFF;
            if (_ldacMode == 0)
            {
                SetOutput(channel, _input[channel]);
            }
            return;
        }
        switch ((word >> 13) & 0x3)
        {
            case 0:
                BeforeOutputChange?.Invoke();
                _control = word & 0x3F;
                break;
            case 1:
                int mode = word & 0x3;
                if (mode == 2)
                {
                    BeforeOutputChange?.Invoke();
                    Array.Copy(_input, _dac, 8);
                }
                else if (mode < 2)
                {
                    _ldacMode = mode;
                    if (mode == 0)
                    {
                        BeforeOutputChange?.Invoke();
                        Array.Copy(_input, _dac, 8);
                    }
                }
                break;
            case 2:
                BeforeOutputChange?.Invoke();
                _powerDown = word & 0xFF;
                break;
            default:
                BeforeOutputChange?.Invoke();
                Array.Clear(_input);
                Array.Clear(_dac);
                if ((word & 0x1000) != 0)
                {
                    _control = 0;
                    _ldacMode = 0;
                    _powerDown = 0;
                }
                break;
        }
    }

    private void SetOutput(int channel, int code)
    {
        if (_dac[channel] != code)
        {
            BeforeOutputChange?.Invoke();
            _dac[channel] = code;
        }
    }
}
