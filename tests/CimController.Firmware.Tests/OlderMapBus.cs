using CimController.Protocol;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// A board that reports an older register map (<paramref name="version"/>, e.g. 0x0101 or 0x0102) in front of the emulator:
/// fails the test if the driver touches a register that map lacks (CONVERSIONS before 1.2, ROW_REPEAT before 1.3) and
/// counts MAC commands, INPUT bursts and INPUT bytes.
/// </summary>
internal sealed class OlderMapBus(ISpiBus inner, uint version) : ISpiBus
{
    public int MacCommands { get; private set; }
    public int InputBursts { get; private set; }
    public int InputBytes { get; private set; }

    public void Transfer(byte[] tx, byte[] rx, int count)
    {
        bool register = tx[0] == SpiOpcode.ReadRegister || tx[0] == SpiOpcode.WriteRegister;
        if (register && tx[1] == BoardRegister.Conversions && version < BoardRegister.ConversionsVersion)
            throw new AssertFailedException($"the driver touched CONVERSIONS on a map {version >> 8}.{version & 0xFF} board");
        if (register && tx[1] == BoardRegister.RowRepeat && version < BoardRegister.RowRepeatVersion)
            throw new AssertFailedException($"the driver touched ROW_REPEAT on a map {version >> 8}.{version & 0xFF} board");
        if (tx[0] == SpiOpcode.WriteRegister && tx[1] == BoardRegister.Control && ByteOrder.ReadUInt32(tx, 2) == BoardCommand.Mac) MacCommands++;
        if (tx[0] == SpiOpcode.WriteBurst && tx[1] == SpiBuffer.Input)
        {
            InputBursts++;
            InputBytes += count - SpiOpcode.BurstWriteHeaderLength;
        }
        inner.Transfer(tx, rx, count);
        if (tx[0] == SpiOpcode.ReadRegister && tx[1] == BoardRegister.Version) ByteOrder.WriteUInt32(rx, 2, version);
    }
}
