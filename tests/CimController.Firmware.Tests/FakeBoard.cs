using System;
using CimController.Protocol;
using CimController.Protocol.Board;

namespace CimController.Firmware.Tests;

/// <summary>
/// A minimal, non-allocating board behind <see cref="ISpiBus"/> for firmware-only tests: registers and
/// bursts per boards/SPI-REGISTER-MAP.md, a MAC that writes <c>(sum of inputs + column) mod 256</c>, cell
/// reads that return a fixed sense code, map 1.1 by default (<see cref="MapVersion"/> 0x0102 adds CONVERSIONS: u16 sums
/// N x code), and fault injection (wrong ID, a command that never finishes,
/// a command that fails with a board error). Counts transactions and the largest burst.
/// </summary>
public sealed class FakeBoard : ISpiBus
{
    private readonly uint[] _reg = new uint[BoardRegister.Count];
    private readonly byte[] _input;
    private readonly byte[] _output;

    public FakeBoard(int tiles = 4, int rows = 64, int cols = 64, int inputBytes = 16384, int outputBytes = 16384)
    {
        _input = new byte[inputBytes];
        _output = new byte[outputBytes];
        _reg[BoardRegister.Id] = BoardRegister.IdValue;
        _reg[BoardRegister.Version] = 0x0101;
        _reg[BoardRegister.Caps] = (uint)tiles | 8u << 8 | 8u << 12 | 10u << 16 | 8u << 20;
        _reg[BoardRegister.Geometry] = (uint)rows | (uint)cols << 16;
        _reg[BoardRegister.BufferCaps] = (uint)inputBytes | (uint)outputBytes << 16;
        _reg[BoardRegister.ReadLsbMicrovolts] = 2000;
        _reg[BoardRegister.PulseLsbMicrovolts] = 2000;
        _reg[BoardRegister.WordLineLsbMicrovolts] = 3000;
        _reg[BoardRegister.SenseLsbPicoamps] = 1000;
        _reg[BoardRegister.AdcFullScaleNanoamps] = 70000;
        _reg[BoardRegister.ClockKilohertz] = 100000;
        _reg[BoardRegister.VectorCount] = 1;
        _reg[BoardRegister.ReadDac] = 50;
    }

    /// <summary>Value the VERSION register reads: 0x0101 (default, no CONVERSIONS register) or 0x0102.</summary>
    public uint MapVersion { get => _reg[BoardRegister.Version]; set => _reg[BoardRegister.Version] = value; }
    /// <summary>Writes of the CONVERSIONS register.</summary>
    public int ConversionsWrites { get; private set; }

    /// <summary>Value the ID register reads.</summary>
    public uint Id { get => _reg[BoardRegister.Id]; set => _reg[BoardRegister.Id] = value; }
    /// <summary>Commands (CONTROL values) that leave STATUS busy forever.</summary>
    public uint HangOnCommand { get; set; }
    /// <summary>Command that fails with <see cref="FailCode"/>.</summary>
    public uint FailOnCommand { get; set; }
    public uint FailCode { get; set; } = BoardError.WindowOutOfRange;
    /// <summary>Sense code every cell read returns.</summary>
    public uint SenseCode { get; set; } = 3000;

    public int Transactions { get; private set; }
    public int MacCommands { get; private set; }
    public int LargestBurst { get; private set; }
    public int StatusPolls { get; private set; }
    public uint ErrorClears { get; private set; }
    public uint LastCommand { get; private set; }

    private bool _busy;
    private bool _done;

    public void Transfer(byte[] tx, byte[] rx, int count)
    {
        Transactions++;
        Array.Clear(rx, 0, count);
        rx[0] = (byte)Status();
        switch (tx[0])
        {
            case SpiOpcode.ReadRegister:
                if (tx[1] == BoardRegister.Status) StatusPolls++;
                ByteOrder.WriteUInt32(rx, 2, tx[1] == BoardRegister.Status ? Status() : _reg[tx[1]]);
                break;
            case SpiOpcode.WriteRegister:
                uint v = ByteOrder.ReadUInt32(tx, 2);
                if (tx[1] == BoardRegister.Error) { _reg[BoardRegister.Error] = 0; ErrorClears++; }
                else if (tx[1] == BoardRegister.Control) Command(v);
                else if (tx[1] == BoardRegister.Conversions && MapVersion < 0x0102) throw new InvalidOperationException("CONVERSIONS written on a map 1.1 board");
                else if (tx[1] == BoardRegister.Conversions) { _reg[tx[1]] = v; ConversionsWrites++; }
                else _reg[tx[1]] = v;
                break;
            case SpiOpcode.WriteBurst:
            case SpiOpcode.ReadBurst:
                bool read = tx[0] == SpiOpcode.ReadBurst;
                int header = read ? SpiOpcode.BurstReadHeaderLength : SpiOpcode.BurstWriteHeaderLength;
                byte[] buf = tx[1] == SpiBuffer.Input ? _input : _output;
                int off = ByteOrder.ReadUInt16(tx, 2);
                int len = ByteOrder.ReadUInt16(tx, 4);
                if (len > SpiOpcode.MaxBurstData || off + len > buf.Length || count != header + len)
                    throw new InvalidOperationException($"bad burst: off {off} len {len} count {count}");
                LargestBurst = Math.Max(LargestBurst, len);
                if (read) Array.Copy(buf, off, rx, header, len);
                else Array.Copy(tx, header, buf, off, len);
                break;
            default:
                throw new InvalidOperationException("bad opcode " + tx[0]);
        }
    }

    private uint Status() =>
        (_busy ? BoardStatus.Busy : 0) | (_done ? BoardStatus.Done : 0) | (_reg[BoardRegister.Error] != 0 ? BoardStatus.Error : 0);

    private void Command(uint command)
    {
        LastCommand = command;
        _done = false;
        if (command == HangOnCommand) { _busy = true; return; }
        _busy = false;
        if (command == FailOnCommand) { _reg[BoardRegister.Error] = FailCode; return; }
        if (command == BoardCommand.Mac)
        {
            MacCommands++;
            int rows = (int)(_reg[BoardRegister.RowWindow] >> 16);
            int cols = (int)(_reg[BoardRegister.ColumnWindow] >> 16);
            int vectors = (int)_reg[BoardRegister.VectorCount];
            int n = MapVersion >= 0x0102 && _reg[BoardRegister.Conversions] > 1 ? (int)_reg[BoardRegister.Conversions] : 1;
            for (int v = 0; v < vectors; v++)
            {
                int sum = 0;
                for (int r = 0; r < rows; r++) sum += _input[v * rows + r];
                for (int c = 0; c < cols; c++)
                {
                    byte code = (byte)(sum + c);
                    if (n == 1) _output[v * cols + c] = code;
                    else ByteOrder.WriteUInt16(_output, 2 * (v * cols + c), n * code);
                }
            }
            _reg[BoardRegister.TileOps] += (uint)(vectors * n);
            _reg[BoardRegister.CyclesLow] += (uint)(vectors * n * 72);
        }
        else if (command == BoardCommand.ReadCell)
        {
            _reg[BoardRegister.CellResult] = SenseCode;
        }
        _done = true;
    }
}
