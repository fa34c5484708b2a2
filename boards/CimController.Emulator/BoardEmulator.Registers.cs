using CimController.Protocol.Board;

namespace CimController.Emulator
{
    /// <summary>Register reads and writes (SPI-REGISTER-MAP.md, "Registers").</summary>
    public sealed partial class BoardEmulator
    {
        /// <summary>READ_REG. Unknown address: error 2 and value 0. CONTROL is write-only and reads 0.</summary>
        private bool TryReadRegister(byte address, out uint value)
        {
            value = 0;
            switch (address)
            {
                case BoardRegister.Id: value = BoardRegister.IdValue; return true;
                case BoardRegister.Version: value = BoardRegister.VersionValue; return true;
                case BoardRegister.Caps:
                    value = (uint)Tiles
                        | (uint)BoardConstants.RowDacBits << 8
                        | (uint)adc.Bits << 12
                        | (uint)BoardConstants.WordLineDacBits << 16
                        | (uint)ColumnsPerAdc << 20;
                    return true;
                case BoardRegister.Geometry: value = (uint)Rows | (uint)Columns << 16; return true;
                case BoardRegister.BufferCaps: value = (uint)inputBuffer.Length | (uint)outputBuffer.Length << 16; return true;
                case BoardRegister.Status: value = StatusValue(); return true;
                case BoardRegister.Error: value = registers.Error; return true;
                case BoardRegister.Control: value = 0; return true;
                case BoardRegister.TileSelect: value = registers.TileSelect; return true;
                case BoardRegister.RowWindow: value = registers.RowWindow; return true;
                case BoardRegister.ColumnWindow: value = registers.ColumnWindow; return true;
                case BoardRegister.VectorCount: value = registers.VectorCount; return true;
                case BoardRegister.WordLineDac: value = registers.WordLineDac; return true;
                case BoardRegister.ReadDac: value = registers.ReadDac; return true;
                case BoardRegister.CellAddress: value = registers.CellAddress; return true;
                case BoardRegister.CellResult: value = registers.CellResult; return true;
                case BoardRegister.PulseAmplitude: value = registers.PulseAmplitude; return true;
                case BoardRegister.PulseWidth: value = registers.PulseWidth; return true;
                case BoardRegister.PulseCount: value = registers.PulseCount; return true;
                case BoardRegister.ReadLsbMicrovolts: value = BoardConstants.ReadLsbMicrovolts; return true;
                case BoardRegister.PulseLsbMicrovolts: value = BoardConstants.PulseLsbMicrovolts; return true;
                case BoardRegister.WordLineLsbMicrovolts: value = BoardConstants.WordLineLsbMicrovolts; return true;
                case BoardRegister.SenseLsbPicoamps: value = (uint)Profile.SenseLsbPicoamps; return true;
                case BoardRegister.AdcFullScaleNanoamps: value = (uint)System.Math.Round(Profile.AdcFullScaleMicroamps * 1000); return true;
                case BoardRegister.CyclesLow:
                    registers.CyclesHighLatch = (uint)(counters.Cycles >> 32);
                    value = (uint)counters.Cycles;
                    return true;
                case BoardRegister.CyclesHigh: value = registers.CyclesHighLatch; return true;
                case BoardRegister.TileOps: value = (uint)counters.TileOps; return true;
                case BoardRegister.EnergyLow:
                    {
                        ulong energy = EnergyRegisterValue();
                        registers.EnergyHighLatch = (uint)(energy >> 32);
                        value = (uint)energy;
                        return true;
                    }
                case BoardRegister.EnergyHigh: value = registers.EnergyHighLatch; return true;
                case BoardRegister.PulsesApplied: value = (uint)counters.Pulses; return true;
                case BoardRegister.CellReads: value = (uint)counters.CellReads; return true;
                case BoardRegister.ClockKilohertz: value = BoardConstants.ClockKilohertz; return true;
                case BoardRegister.PulseLimits: value = pulseLimits; return true;
                case BoardRegister.ResetPath: value = registers.ResetPath; return true;
                case BoardRegister.Conversions: value = registers.Conversions; return true;
                case BoardRegister.RowRepeat: value = registers.RowRepeat; return true;
                default:
                    Fail(BoardError.BadRegister);
                    return false;
            }
        }

        private ulong EnergyRegisterValue() => (ulong)System.Math.Round(counters.EnergyPicojoules);

        /// <summary>WRITE_REG. Unknown address: error 2; read-only register: error 3; register unchanged.</summary>
        private void WriteRegister(byte address, uint value)
        {
            switch (address)
            {
                case BoardRegister.Error:
                    registers.Error = BoardError.None; // any value clears
                    return;
                case BoardRegister.Control: Execute(value); return;
                case BoardRegister.TileSelect: registers.TileSelect = value; return;
                case BoardRegister.RowWindow: registers.RowWindow = value; return;
                case BoardRegister.ColumnWindow: registers.ColumnWindow = value; return;
                case BoardRegister.VectorCount: registers.VectorCount = value; return;
                case BoardRegister.WordLineDac: registers.WordLineDac = value & ((1u << BoardConstants.WordLineDacBits) - 1); return;
                case BoardRegister.ReadDac: registers.ReadDac = value & ((1u << BoardConstants.ReadDacBits) - 1); return;
                case BoardRegister.CellAddress: registers.CellAddress = value; return;
                case BoardRegister.PulseAmplitude: registers.PulseAmplitude = value; return;
                case BoardRegister.PulseWidth: registers.PulseWidth = value; return;
                case BoardRegister.PulseCount: registers.PulseCount = value; return;
                case BoardRegister.ResetPath: registers.ResetPath = value & 1u; return;
                case BoardRegister.Conversions: registers.Conversions = value; return;
                case BoardRegister.RowRepeat: registers.RowRepeat = value; return;
                default:
                    Fail(address < BoardRegister.Count ? BoardError.ReadOnlyRegister : BoardError.BadRegister);
                    return;
            }
        }
    }
}
