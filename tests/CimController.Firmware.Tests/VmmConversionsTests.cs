using System;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Protocol;
using CimController.Protocol.Board;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// Vmm with a conversions byte (protocol 1.4): the board converts each vector N times (CONVERSIONS on map 1.2, N single
/// MACs summed by the driver on map 1.1) and the reply carries u16 sums and differences of sums.
/// </summary>
[TestClass]
public sealed class VmmConversionsTests
{
    /// <summary>A VmmResult read back: sums (or codes widened), differential codes, counters.</summary>
    internal sealed record Result(int Flags, uint Cycles, uint TileOps, int[] Codes, int[] Differences);

    internal static Result Parse(Reply reply, int vectors, int cols)
    {
        Assert.AreEqual(MessageType.VmmResult, reply.Type, reply.ToString());
        var r = reply.Reader();
        Assert.AreEqual(vectors, r.ReadUInt16());
        Assert.AreEqual(cols, r.ReadUInt16());
        int flags = r.ReadByte();
        uint cycles = r.ReadUInt32();
        uint ops = r.ReadUInt32();
        Assert.AreEqual(VmmReply.PayloadLength(vectors, cols, flags), reply.Payload.Length);
        var codes = new int[vectors * cols];
        for (int i = 0; i < codes.Length; i++) codes[i] = (flags & VmmFlags.Summed) != 0 ? r.ReadUInt16() : r.ReadByte();
        var diffs = new int[(flags & VmmFlags.Differential) != 0 ? vectors * cols / 2 : 0];
        for (int i = 0; i < diffs.Length; i++) diffs[i] = r.ReadInt16();
        return new Result(flags, cycles, ops, codes, diffs);
    }

    private static byte[] Inputs(int vectors, int rows, int seed)
    {
        var x = new byte[vectors * rows];
        new Random(seed).NextBytes(x);
        for (int i = 0; i < x.Length; i++) x[i] >>= 2;
        return x;
    }

    /// <summary>Noise off, map 1.2: sums are N x the single codes, differences of sums, N tile ops per vector; 200 vectors of u16
    /// sums take two MAC commands (OUTPUT holds 128).</summary>
    [TestMethod]
    [DataRow(5, 200, 64, true)]
    [DataRow(2, 7, 12, false)]
    [DataRow(128, 3, 64, true)]
    public void SummedVmmIsNTimesTheSingleCodesWithoutNoise(int n, int vectors, int cols, bool differential)
    {
        using var f = new FirmwareFixture(515);
        const int rows = 64;
        byte[] x = Inputs(vectors, rows, 515 + n);
        int flags = differential ? VmmFlags.Differential : 0;
        Result single = Parse(f.Send(TestFrames.Vmm(1, 0, 0, rows, 0, cols, x, flags)), vectors, cols);
        Result summed = Parse(f.Send(TestFrames.Vmm(2, 0, 0, rows, 0, cols, x, flags, n)), vectors, cols);
        Assert.AreEqual(flags | VmmFlags.Summed, summed.Flags);
        for (int i = 0; i < single.Codes.Length; i++) Assert.AreEqual(n * single.Codes[i], summed.Codes[i], $"value {i}");
        for (int i = 0; i < summed.Differences.Length; i++)
            Assert.AreEqual(summed.Codes[2 * i] - summed.Codes[2 * i + 1], summed.Differences[i], $"pair {i}");
        Assert.AreEqual((uint)(vectors * n), summed.TileOps);
        Assert.AreEqual((uint)(n * single.Cycles), summed.Cycles);
        Assert.AreEqual(1u, ReadConversionsRegister(f), "the driver puts CONVERSIONS back to 1");
    }

    private static uint ReadConversionsRegister(FirmwareFixture f) =>
        ((RegisterMapBoard)f.Controller.Board).Driver.ReadRegister(BoardRegister.Conversions);

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    public void ConversionsZeroOrOneIsTheSingleVmm(int n)
    {
        using var f = new FirmwareFixture(516);
        byte[] x = Inputs(4, 64, 516);
        Result single = Parse(f.Send(TestFrames.Vmm(1, 0, 0, 64, 0, 64, x, VmmFlags.Differential)), 4, 64);
        Reply reply = f.Send(TestFrames.Build(MessageType.Vmm, 2, w =>
        {
            new VmmRequest { Tile = 0, Rows = 64, Cols = 64, VectorCount = 4, Flags = VmmFlags.Differential, Inputs = x }.Write(w);
            w.WriteByte(n); // explicit trailing byte
        }));
        Result again = Parse(reply, 4, 64);
        Assert.AreEqual(VmmFlags.Differential, again.Flags);
        CollectionAssert.AreEqual(single.Codes, again.Codes);
        CollectionAssert.AreEqual(single.Differences, again.Differences);
    }

    [TestMethod]
    [DataRow(129)]
    [DataRow(255)]
    public void ConversionsAbove128AreRefused(int n)
    {
        using var f = new FirmwareFixture(517);
        Reply reply = f.Send(TestFrames.Vmm(1, 0, 0, 64, 0, 64, Inputs(2, 64, 1), 0, n));
        ErrorMessage e = reply.AsError();
        Assert.AreEqual(ErrorCode.OutOfRange, e.Code);
        StringAssert.Contains(e.Message, "conversions per vector " + n);
        StringAssert.Contains(e.Message, "2..128");
        Assert.AreEqual(0ul, f.Board.Counters.TileOps, "nothing ran");
    }

    [TestMethod]
    public void SummedReplyThatDoesNotFitIsRefusedNamingTheSums()
    {
        using var f = new FirmwareFixture(518);
        // 1000 vectors of 1 row: the request fits, the reply (2 x 1000 x 64 + differences) does not.
        Reply reply = f.Send(TestFrames.Vmm(1, 0, 0, 1, 0, 64, Inputs(1000, 1, 2), VmmFlags.Differential, 4));
        ErrorMessage e = reply.AsError();
        Assert.AreEqual(ErrorCode.OutOfRange, e.Code);
        StringAssert.Contains(e.Message, "u16 sums of 4 conversions");
        StringAssert.Contains(e.Message, "send fewer vectors");
    }

    /// <summary>
    /// A map 1.1 board (no CONVERSIONS register): the driver writes each batch once and runs N single MACs, adding their codes.
    /// With noise on, the sums equal the codes of N separate Vmm commands on a twin board (same seed, same noisy commands).
    /// </summary>
    [TestMethod]
    [DataRow(3, 10, 24)]
    [DataRow(6, 1, 64)]
    public void Map11BoardSumsNSingleMacsInTheFirmware(int n, int vectors, int cols)
    {
        int seed = 700 + n;
        Console.WriteLine($"emulator seed {seed}, brram-table1, noise on, {vectors} vectors x {cols} columns, {n} conversions");
        var options = new EmulatorOptions { ProfileName = "brram-table1", Seed = seed };
        var oldBoard = new OlderMapBus(new BoardEmulator(options), 0x0101);
        var twin = new BoardEmulator(options);
        FirmwareConfig config = FirmwareHost.ConfigFor(twin.Profile, FirmwareHost.EmulatorBoard);
        var old = new Controller(oldBoard, new FakeClock(), config);
        var reference = new Controller(twin, new FakeClock(), FirmwareHost.ConfigFor(twin.Profile, FirmwareHost.EmulatorBoard));
        Assert.IsFalse(((RegisterMapBoard)old.Board).Driver.HasConversionsRegister);
        Assert.IsTrue(((RegisterMapBoard)reference.Board).Driver.HasConversionsRegister);

        byte[] x = Inputs(vectors, 64, seed);
        Result summed = Parse(Send(old, TestFrames.Vmm(1, 0, 0, 64, 0, cols, x, VmmFlags.Differential, n)), vectors, cols);
        var expected = new int[vectors * cols];
        for (int k = 0; k < n; k++)
        {
            Result one = Parse(Send(reference, TestFrames.Vmm(k + 1, 0, 0, 64, 0, cols, x, VmmFlags.Differential)), vectors, cols);
            for (int i = 0; i < expected.Length; i++) expected[i] += one.Codes[i];
        }
        Assert.AreEqual(VmmFlags.Differential | VmmFlags.Summed, summed.Flags);
        CollectionAssert.AreEqual(expected, summed.Codes);
        for (int i = 0; i < summed.Differences.Length; i++)
            Assert.AreEqual(expected[2 * i] - expected[2 * i + 1], summed.Differences[i], $"pair {i}");
        Assert.AreEqual((uint)(vectors * n), summed.TileOps);
        Assert.AreEqual(n, oldBoard.MacCommands, "one input burst, N MAC commands");
        Assert.AreEqual(1, oldBoard.InputBursts);
    }

    internal static Reply Send(Controller controller, byte[] frame)
    {
        var buffer = new byte[controller.ReplyBufferLength];
        int length = controller.HandleFrame(frame, frame.Length, buffer);
        return TestFrames.Decode(buffer, length);
    }
}
