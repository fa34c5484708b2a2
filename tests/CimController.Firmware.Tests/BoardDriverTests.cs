using System;
using CimController.Protocol;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>The board driver against a fake board: bursts, chunking, bounded polls, board errors, identification.</summary>
[TestClass]
public sealed class BoardDriverTests
{
    private static FirmwareConfig Config(int pollLimit = 50) => new FirmwareConfig { BoardPollLimit = pollLimit, MaxPayload = 65535 };

    [TestMethod]
    public void WrongBoardIdFailsClearly()
    {
        var board = new FakeBoard { Id = 0xFFFFFFFF };
        var e = Assert.ThrowsExactly<BoardException>(() => new Controller(board, new FakeClock(), Config()));
        Assert.AreEqual(ErrorCode.BoardError, e.Code);
        StringAssert.Contains(e.Message, "0xFFFFFFFF");
        StringAssert.Contains(e.Message, "CIMB");
    }

    [TestMethod]
    public void MacSplitsBatchesToTheBoardBuffersAndBurstsAt4096()
    {
        var board = new FakeBoard(inputBytes: 10000, outputBytes: 3000);
        var c = new Controller(board, new FakeClock(), Config());
        // 64-row vectors: 156 fit the input buffer, 3000/32 = 93 fit the output buffer: 200 vectors -> 3 MACs.
        var input = new byte[200 * 64];
        new Random(5).NextBytes(input);
        var output = new byte[200 * 32];
        c.Board.Mac(1, 0, 64, 0, 32, 200, input, 0, output, 0);
        Assert.AreEqual(3, board.MacCommands);
        Assert.AreEqual(SpiOpcode.MaxBurstData, board.LargestBurst);
        for (int v = 0; v < 200; v++)
        {
            int sum = 0;
            for (int r = 0; r < 64; r++) sum += input[v * 64 + r];
            for (int col = 0; col < 32; col++) Assert.AreEqual((byte)(sum + col), output[v * 32 + col], $"vector {v} col {col}");
        }
    }

    [TestMethod]
    public void CommandThatNeverFinishesIsABoardTimeoutAfterThePollLimit()
    {
        var board = new FakeBoard { HangOnCommand = BoardCommand.Mac };
        var f = new DirectFirmware(board, Config(pollLimit: 37));
        int polls = board.StatusPolls;
        var e = f.Send(TestFrames.Vmm(5, 0, 0, 64, 0, 64, new byte[64])).AsError();
        Assert.AreEqual(ErrorCode.BoardTimeout, e.Code);
        StringAssert.Contains(e.Message, "37 status polls");
        Assert.AreEqual(37, board.StatusPolls - polls);
    }

    [TestMethod]
    public void BoardErrorIsClearedAndReportedWithItsCode()
    {
        var board = new FakeBoard { FailOnCommand = BoardCommand.ReadCell, FailCode = BoardError.CellOutOfRange };
        var f = new DirectFirmware(board, Config());
        uint clears = board.ErrorClears;
        var reply = f.Send(TestFrames.ReadConductance(6, 0, 0, 1, 0, 1, 1));
        var e = reply.AsError();
        Assert.AreEqual(ErrorCode.BoardError, e.Code);
        Assert.AreEqual(6, reply.Sequence);
        StringAssert.Contains(e.Message, "error 10 (cell out of range)");
        StringAssert.Contains(e.Message, "READ_CELL");
        Assert.AreEqual(clears + 1, board.ErrorClears, "the board's error was cleared");
        board.FailOnCommand = 0;
        Assert.AreEqual(MessageType.Conductance, f.Send(TestFrames.ReadConductance(7, 0, 0, 1, 0, 1, 1)).Type, "next request served");
    }

    [TestMethod]
    public void ConductanceIsSenseCurrentOverReadVoltage()
    {
        var board = new FakeBoard { SenseCode = 3000 }; // 3000 x 1 nA = 3 uA at 0.1 V = 30 uS
        var f = new DirectFirmware(board, Config());
        var r = f.Send(TestFrames.ReadConductance(1, 0, 0, 1, 0, 1, 16)).Reader();
        r.ReadUInt16(); r.ReadUInt16(); r.ReadUInt16();
        Assert.AreEqual(30000u, r.ReadUInt32());
    }

    /// <summary>The controller over any bus, frame by frame.</summary>
    private sealed class DirectFirmware
    {
        private readonly Controller _controller;
        private readonly byte[] _reply;

        public DirectFirmware(ISpiBus bus, FirmwareConfig config)
        {
            _controller = new Controller(bus, new FakeClock(), config);
            _reply = new byte[_controller.ReplyBufferLength];
        }

        public Reply Send(byte[] frame) => TestFrames.Decode(_reply, _controller.HandleFrame(frame, frame.Length, _reply));
    }
}
