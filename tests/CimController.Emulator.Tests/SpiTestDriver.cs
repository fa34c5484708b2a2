using System;
using CimController.Emulator;
using CimController.Protocol.Board;

namespace CimController.Emulator.Tests
{
    /// <summary>Builds raw SPI transactions for the tests (deliberately independent of the firmware's driver).</summary>
    internal sealed class SpiTestDriver
    {
        public SpiTestDriver(BoardEmulator board) { Board = board; }

        public BoardEmulator Board { get; }

        /// <summary>rx[0] of the last transaction: STATUS low byte as the transaction began.</summary>
        public byte LastStatusByte { get; private set; }

        public byte[] Raw(byte[] tx, int? count = null)
        {
            int n = count ?? tx.Length;
            var rx = new byte[Math.Max(n, 1)];
            for (int i = 0; i < rx.Length; i++) rx[i] = 0xEE; // the board must overwrite every byte it clocks
            Board.Transfer(tx, rx, n);
            if (n > 0) LastStatusByte = rx[0];
            return rx;
        }

        public uint Read(byte register)
        {
            byte[] rx = Raw(new byte[] { SpiOpcode.ReadRegister, register, 0, 0, 0, 0 });
            return BitConverter.ToUInt32(rx, 2);
        }

        public void Write(byte register, uint value)
        {
            var tx = new byte[6];
            tx[0] = SpiOpcode.WriteRegister;
            tx[1] = register;
            BitConverter.TryWriteBytes(tx.AsSpan(2), value);
            Raw(tx);
        }

        public void WriteBurst(byte buffer, int offset, byte[] data)
        {
            var tx = new byte[SpiOpcode.BurstWriteHeaderLength + data.Length];
            Header(tx, SpiOpcode.WriteBurst, buffer, offset, data.Length);
            data.CopyTo(tx, SpiOpcode.BurstWriteHeaderLength);
            Raw(tx);
        }

        /// <summary>Writes any length, split into bursts of at most 4096 bytes.</summary>
        public void WriteBuffer(byte buffer, byte[] data)
        {
            for (int off = 0; off < data.Length; off += SpiOpcode.MaxBurstData)
                WriteBurst(buffer, off, data.AsSpan(off, Math.Min(SpiOpcode.MaxBurstData, data.Length - off)).ToArray());
        }

        public byte[] ReadBurst(byte buffer, int offset, int length)
        {
            var tx = new byte[SpiOpcode.BurstReadHeaderLength + length];
            Header(tx, SpiOpcode.ReadBurst, buffer, offset, length);
            byte[] rx = Raw(tx);
            return rx.AsSpan(SpiOpcode.BurstReadHeaderLength, length).ToArray();
        }

        /// <summary>Reads any length, split into bursts of at most 4096 bytes.</summary>
        public byte[] ReadBuffer(byte buffer, int length)
        {
            var result = new byte[length];
            for (int off = 0; off < length; off += SpiOpcode.MaxBurstData)
            {
                int len = Math.Min(SpiOpcode.MaxBurstData, length - off);
                ReadBurst(buffer, off, len).CopyTo(result, off);
            }
            return result;
        }

        public static void Header(byte[] tx, byte opcode, byte buffer, int offset, int length)
        {
            tx[0] = opcode;
            tx[1] = buffer;
            tx[2] = (byte)offset;
            tx[3] = (byte)(offset >> 8);
            tx[4] = (byte)length;
            tx[5] = (byte)(length >> 8);
        }

        public uint Error => Read(BoardRegister.Error);
        public uint Status => Read(BoardRegister.Status);

        public void ClearError() => Write(BoardRegister.Error, 0);

        /// <summary>Runs a command and returns STATUS after it.</summary>
        public uint Command(uint command)
        {
            Write(BoardRegister.Control, command);
            return Status;
        }

        /// <summary>MAC of row-major vectors (count x rowCount) through the current windows; returns count x colCount codes.</summary>
        public byte[] Mac(byte[] inputs, int vectors, int colCount)
        {
            WriteBuffer(SpiBuffer.Input, inputs);
            Write(BoardRegister.VectorCount, (uint)vectors);
            uint status = Command(BoardCommand.Mac);
            if ((status & BoardStatus.Error) != 0)
                throw new InvalidOperationException($"MAC failed with error {Error}");
            return ReadBuffer(SpiBuffer.Output, vectors * colCount);
        }

        public void SetWindows(int rowStart, int rowCount, int colStart, int colCount)
        {
            Write(BoardRegister.RowWindow, (uint)rowStart | (uint)rowCount << 16);
            Write(BoardRegister.ColumnWindow, (uint)colStart | (uint)colCount << 16);
        }

        public void SelectCell(int row, int col) => Write(BoardRegister.CellAddress, (uint)row | (uint)col << 16);

        public ulong Read64(byte low, byte high)
        {
            uint lo = Read(low);
            return lo | (ulong)Read(high) << 32;
        }
    }
}
