using System;
using System.IO;
using System.Text.Json.Nodes;
using CimController.Emulator;
using CimController.Protocol.Board;

namespace CimController.Emulator.Tests
{
    /// <summary>
    /// Programs and reads single cells through SPI transactions only (PULSE and READ_CELL), the way the firmware
    /// must, with preallocated buffers so that tile-sized programming loops stay fast.
    /// </summary>
    internal sealed class CellBench
    {
        private readonly byte[] tx = new byte[6];
        private readonly byte[] rx = new byte[6];
        private uint lastAmp = uint.MaxValue, lastWidth = uint.MaxValue, lastCount = uint.MaxValue, lastAddress = uint.MaxValue, lastReadDac = uint.MaxValue;

        public CellBench(BoardEmulator board)
        {
            Board = board;
            SenseLsbPicoamps = Read(BoardRegister.SenseLsbPicoamps);
            ReadVolts = board.Profile.ReadVoltageVolts;
        }

        public BoardEmulator Board { get; }
        public uint SenseLsbPicoamps { get; }
        /// <summary>Read voltage set on READ_DAC (2 mV steps).</summary>
        public double ReadVolts { get; private set; }
        /// <summary>Voltage across the device during reads (READ_DAC minus the divider diode when RESET_PATH = 1).</summary>
        public double DeviceReadVolts { get; set; } = double.NaN;
        public long Pulses { get; private set; }
        public long Reads { get; private set; }

        public uint Read(byte register)
        {
            tx[0] = SpiOpcode.ReadRegister; tx[1] = register; tx[2] = tx[3] = tx[4] = tx[5] = 0;
            Board.Transfer(tx, rx, 6);
            return BitConverter.ToUInt32(rx, 2);
        }

        public void Write(byte register, uint value)
        {
            tx[0] = SpiOpcode.WriteRegister; tx[1] = register;
            tx[2] = (byte)value; tx[3] = (byte)(value >> 8); tx[4] = (byte)(value >> 16); tx[5] = (byte)(value >> 24);
            Board.Transfer(tx, rx, 6);
        }

        public void SetReadVolts(double volts)
        {
            uint code = (uint)Math.Round(volts * 1e6 / BoardConstants.ReadLsbMicrovolts);
            if (code != lastReadDac) { Write(BoardRegister.ReadDac, code); lastReadDac = code; }
            ReadVolts = code * BoardConstants.ReadLsbMicrovolts / 1e6;
        }

        private void Select(int row, int col)
        {
            uint address = (uint)row | (uint)col << 16;
            if (address != lastAddress) { Write(BoardRegister.CellAddress, address); lastAddress = address; }
        }

        /// <summary>PULSE: <paramref name="count"/> pulses of <paramref name="volts"/> (RESET polarity when <paramref name="reset"/>).</summary>
        public void Pulse(int row, int col, double volts, bool reset, double widthNs, uint count = 1)
        {
            Select(row, col);
            uint amp = (uint)Math.Round(volts * 1e6 / BoardConstants.PulseLsbMicrovolts) | (reset ? 0x8000_0000u : 0);
            uint width = (uint)Math.Round(widthNs / BoardConstants.PulseWidthUnitNanoseconds);
            if (amp != lastAmp) { Write(BoardRegister.PulseAmplitude, amp); lastAmp = amp; }
            if (width != lastWidth) { Write(BoardRegister.PulseWidth, width); lastWidth = width; }
            if (count != lastCount) { Write(BoardRegister.PulseCount, count); lastCount = count; }
            Write(BoardRegister.Control, BoardCommand.Pulse);
            if ((rx[0] & BoardStatus.Error) != 0 || (Read(BoardRegister.Status) & BoardStatus.Error) != 0)
                throw new InvalidOperationException($"PULSE failed with error {Read(BoardRegister.Error)}");
            Pulses += count;
        }

        /// <summary>READ_CELL: the sense code.</summary>
        public uint Sense(int row, int col)
        {
            Select(row, col);
            Write(BoardRegister.Control, BoardCommand.ReadCell);
            Reads++;
            return Read(BoardRegister.CellResult) & 0xFFFF;
        }

        /// <summary>Mean current of <paramref name="averages"/> reads, uA.</summary>
        public double Microamps(int row, int col, int averages = 1)
        {
            long sum = 0;
            for (int i = 0; i < averages; i++) sum += Sense(row, col);
            return sum * (double)SenseLsbPicoamps / averages / 1e6;
        }

        /// <summary>Conductance from averaged reads, uS (current / the voltage across the device).</summary>
        public double Microsiemens(int row, int col, int averages = 1) =>
            Microamps(row, col, averages) / (double.IsNaN(DeviceReadVolts) ? ReadVolts : DeviceReadVolts);

        /// <summary>Resistance from averaged reads, ohm.</summary>
        public double Ohms(int row, int col, int averages = 1) => 1e6 / Microsiemens(row, col, averages);

        /// <summary>A built-in profile with some parameter values replaced (JSON edit, then parse).</summary>
        public static DeviceProfile Profile(string name, params (string Field, double Value)[] edits)
        {
            string file = name switch { "brram" => "brram.json", "tio2" => "tio2.json", "hfo2" => "hfo2.json", "brram-table1" => "brram-table1.json", _ => "ideal.json" };
            JsonObject root = JsonNode.Parse(File.ReadAllText(Path.Combine(DeviceProfile.ProfilesFolder(), file)))!.AsObject();
            foreach (var (field, value) in edits)
                root["parameters"]![field]!["value"] = value;
            return DeviceProfile.Parse(root.ToJsonString(), file + " (edited)");
        }

        public static BoardEmulator Board_(string profile, int seed, int rows = 64, int cols = 64, int tiles = 1, bool noise = true) =>
            new BoardEmulator(new EmulatorOptions { ProfileName = profile, Seed = seed, Rows = rows, Columns = cols, Tiles = tiles, Noise = noise });

        public static BoardEmulator Board_(DeviceProfile profile, int seed, int rows = 64, int cols = 64, int tiles = 1, bool noise = true) =>
            new BoardEmulator(new EmulatorOptions { Profile = profile, Seed = seed, Rows = rows, Columns = cols, Tiles = tiles, Noise = noise });

        /// <summary>Largest deviation of a curve, normalised between its first and last point, from the straight line between them.</summary>
        public static double Nonlinearity(double[] curve)
        {
            int n = curve.Length - 1;
            double span = curve[n] - curve[0];
            double worst = 0;
            for (int i = 0; i <= n; i++)
                worst = Math.Max(worst, Math.Abs((curve[i] - curve[0]) / span - (double)i / n));
            return worst;
        }
    }
}
