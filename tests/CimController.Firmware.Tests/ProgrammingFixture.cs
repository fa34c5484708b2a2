using System;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Protocol;
using CimController.Protocol.Board;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// An SPI proxy in front of the emulator that makes chosen cells stuck (non-responsive): a PULSE on one of
/// them is sent with amplitude code 0 (the pulse is counted by the board but moves nothing). Independent of
/// the emulator's device model.
/// </summary>
public sealed class StuckCellsBus : ISpiBus
{
    private readonly ISpiBus _inner;
    private readonly (int Tile, int Row, int Col)[] _stuck;
    private readonly byte[] _tx = new byte[6];
    private readonly byte[] _rx = new byte[6];
    private uint _tile;
    private uint _cell;
    private uint _amp;

    public StuckCellsBus(ISpiBus inner, params (int Tile, int Row, int Col)[] stuck)
    {
        _inner = inner;
        _stuck = stuck;
    }

    public int SuppressedPulses { get; private set; }

    public void Transfer(byte[] tx, byte[] rx, int count)
    {
        if (count >= 6 && tx[0] == SpiOpcode.WriteRegister)
        {
            uint v = ByteOrder.ReadUInt32(tx, 2);
            if (tx[1] == BoardRegister.TileSelect) _tile = v;
            if (tx[1] == BoardRegister.CellAddress) _cell = v;
            if (tx[1] == BoardRegister.PulseAmplitude) _amp = v;
            if (tx[1] == BoardRegister.Control && v == BoardCommand.Pulse && IsStuck())
            {
                _tx[0] = SpiOpcode.WriteRegister;
                _tx[1] = BoardRegister.PulseAmplitude;
                ByteOrder.WriteUInt32(_tx, 2, _amp & 0x80000000u);
                _inner.Transfer(_tx, _rx, 6);
                SuppressedPulses++;
            }
        }
        _inner.Transfer(tx, rx, count);
    }

    private bool IsStuck()
    {
        foreach (var s in _stuck)
        {
            if (s.Tile == _tile && s.Row == (_cell & 0xFFFF) && s.Col == (_cell >> 16)) return true;
        }
        return false;
    }
}

/// <summary>The firmware over a noise-free emulated board (ideal profile unless told), for the programming commands.</summary>
public sealed class ProgrammingFixture : IDisposable
{
    public ProgrammingFixture(int seed = 11, string profile = "ideal", IClock? clock = null, Action<FirmwareConfig>? configure = null, bool noise = false, params (int Tile, int Row, int Col)[] stuck)
    {
        Console.WriteLine($"emulator seed {seed}, profile {profile}, noise {(noise ? "on" : "off")}, stuck cells {stuck.Length}");
        Board = new BoardEmulator(new EmulatorOptions { ProfileName = profile, Noise = noise, Seed = seed });
        Config = FirmwareHost.ConfigFor(Board.Profile, FirmwareHost.EmulatorBoard);
        configure?.Invoke(Config);
        Bus = new StuckCellsBus(Board, stuck);
        Controller = new Controller(Bus, clock ?? new FakeClock(), Config);
        ReplyBuffer = new byte[Controller.ReplyBufferLength];
    }

    public Controller Controller { get; }
    public BoardEmulator Board { get; }
    public FirmwareConfig Config { get; }
    public StuckCellsBus Bus { get; }
    public byte[] ReplyBuffer { get; }
    private int _seq;

    public Reply Send(byte type, Action<PayloadWriter> payload)
    {
        byte[] frame = TestFrames.Build(type, ++_seq, payload);
        int n = Controller.HandleFrame(frame, frame.Length, ReplyBuffer);
        return TestFrames.Decode(ReplyBuffer, n);
    }

    public Reply Expect(byte type, Action<PayloadWriter> payload)
    {
        Reply r = Send(type, payload);
        Assert.AreEqual(MessageType.ReplyOf(type), r.Type, r.ToString());
        return r;
    }

    public ErrorMessage ExpectError(byte type, Action<PayloadWriter> payload, int code)
    {
        Reply r = Send(type, payload);
        ErrorMessage e = r.AsError();
        Console.WriteLine($"{ErrorCode.Name(e.Code)}: {e.Message}");
        Assert.AreEqual(code, e.Code, e.Message);
        return e;
    }

    public ulong Pulses => Board.Counters.Pulses;

    public void Dispose() => Controller.Stop();
}
