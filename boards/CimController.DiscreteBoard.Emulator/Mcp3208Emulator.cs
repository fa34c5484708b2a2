using System;
using CimController.Protocol.Board;

namespace CimController.DiscreteBoard.Emulator;

/// <summary>
/// The MCP3208 8-channel 12-bit ADC at its SPI pins (Microchip DS21298E, section 5.0), bit by bit: leading zeros,
/// the start bit (first 1 on DIN), SGL/DIFF, D2, D1, D0, one sample clock (DOUT high impedance), a null bit (0), the
/// 12-bit result MSB first, then the result LSB first (bits 1..11), then zeros. DOUT reads 1 while high impedance
/// (pulled up). Code = round(4096 x VIN / VREF) clamped to 0..4095. Differential mode (SGL/DIFF = 0) converts
/// IN+ - IN- of the channel pair (CH0/CH1, ...), clamped at 0.
/// </summary>
public sealed class Mcp3208Emulator : ISpiBus
{
    private readonly Func<int, double> _channelVolts;
    private readonly double _reference;

    /// <summary>Creates the chip; <paramref name="channelVolts"/> gives the voltage at each input when it is sampled.</summary>
    public Mcp3208Emulator(Func<int, double> channelVolts, double referenceVolts)
    {
        _channelVolts = channelVolts ?? throw new ArgumentNullException(nameof(channelVolts));
        _reference = referenceVolts;
    }

    /// <summary>Conversions done.</summary>
    public long Conversions { get; private set; }

    /// <summary>Transactions that ended before the result's last bit.</summary>
    public long ShortTransactions { get; private set; }

    /// <summary>The code the chip would convert for <paramref name="volts"/>.</summary>
    public int CodeFor(double volts)
    {
        double code = Math.Round(4096.0 * volts / _reference, MidpointRounding.AwayFromZero);
        return code < 0 ? 0 : code > 4095 ? 4095 : (int)code;
    }

    /// <inheritdoc />
    public void Transfer(byte[] tx, byte[] rx, int count)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(rx);
        int bits = count * 8;
        int state = 0;            // 0 wait start, 1..4 config bits, 5 sample clock, 6 null, 7..18 MSB first, 19..29 LSB first, 30 zeros
        int config = 0;
        int result = 0;
        bool converted = false;
        Array.Clear(rx, 0, count);
        for (int i = 0; i < bits; i++)
        {
            int din = (tx[i >> 3] >> (7 - (i & 7))) & 1;
            int dout;
            if (state == 0)
            {
                dout = 1;
                if (din == 1)
                {
                    state = 1;
                }
            }
            else if (state <= 4)
            {
                dout = 1;
                config = (config << 1) | din;
                state++;
            }
            else if (state == 5)
            {
                dout = 1;
                bool single = (config & 0x8) != 0;
                int channel = config & 0x7;
                double v = single ? _channelVolts(channel) : _channelVolts(channel) - _channelVolts(channel ^ 1);
                result = CodeFor(v);
                converted = true;
                Conversions++;
                state = 6;
            }
            else if (state == 6)
            {
                dout = 0;
                state = 7;
            }
            else if (state <= 18)
            {
                dout = (result >> (18 - state)) & 1;
                state++;
            }
            else if (state <= 29)
            {
                dout = (result >> (state - 18)) & 1;
                state++;
            }
            else
            {
                dout = 0;
            }
            if (dout != 0)
            {
                rx[i >> 3] |= (byte)(0x80 >> (i & 7));
            }
        }
        if (!converted || state < 19)
        {
            ShortTransactions++;
        }
    }
}
