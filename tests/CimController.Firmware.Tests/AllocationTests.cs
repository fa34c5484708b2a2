using System;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// The firmware allocates nothing per Vmm command after warm-up (NANOFRAMEWORK.md: preallocate, no
/// per-command allocation on hot paths). Measured with GC.GetAllocatedBytesForCurrentThread around 100
/// Vmm frames: over the non-allocating <see cref="FakeBoard"/> (the firmware alone), through both
/// <see cref="Controller.HandleFrame"/> and the real serve loop; and over the emulator, whose own
/// allocations are reported.
/// </summary>
[TestClass]
public sealed class AllocationTests
{
    private const int Frames = 100;

    private static byte[] VmmFrame(int seq, int flags, int conversions = 0) =>
        TestFrames.Vmm(seq, 1, 0, 64, 0, 64, FilledInputs(8 * 64), flags, conversions);

    private static byte[] FilledInputs(int n)
    {
        var b = new byte[n];
        new Random(99).NextBytes(b);
        for (int i = 0; i < n; i++) b[i] >>= 2;
        return b;
    }

    private static long MeasureHandleFrame(Controller controller, byte[][] frames)
    {
        var reply = new byte[controller.ReplyBufferLength];
        for (int i = 0; i < 10; i++)
        {
            controller.HandleFrame(frames[i % frames.Length], frames[i % frames.Length].Length, reply);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Frames; i++)
        {
            byte[] frame = frames[i % frames.Length];
            int n = controller.HandleFrame(frame, frame.Length, reply);
            if (reply[FrameFormat.TypeOffset] != MessageType.VmmResult || n < VmmReply.HeaderLength) throw new InvalidOperationException("not a VmmResult");
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [TestMethod]
    public void VmmAllocatesNothingInTheFirmware_HandleFrame()
    {
        var controller = new Controller(new FakeBoard(), new FakeClock(), new FirmwareConfig { MaxPayload = 65535 });
        var frames = new[] { VmmFrame(1, 0), VmmFrame(2, VmmFlags.Differential) };
        long bytes = MeasureHandleFrame(controller, frames);
        Console.WriteLine($"firmware (fake board), HandleFrame: {bytes} bytes allocated for {Frames} Vmm frames");
        Assert.AreEqual(0L, bytes);
    }

    /// <summary>Summed conversions (protocol 1.4): on a map 1.2 board (CONVERSIONS) and on a map 1.1 board (N MACs summed by the driver).</summary>
    [TestMethod]
    [DataRow(0x0102u)]
    [DataRow(0x0101u)]
    public void SummedVmmAllocatesNothingInTheFirmware(uint mapVersion)
    {
        var board = new FakeBoard { MapVersion = mapVersion };
        var controller = new Controller(board, new FakeClock(), new FirmwareConfig { MaxPayload = 65535 });
        var frames = new[] { VmmFrame(1, 0, 4), VmmFrame(2, VmmFlags.Differential, 4), VmmFrame(3, VmmFlags.Differential, 128), VmmFrame(4, 0) };
        long bytes = MeasureHandleFrame(controller, frames);
        Console.WriteLine($"firmware (fake board, map 0x{mapVersion:X4}), summed Vmm: {bytes} bytes allocated for {Frames} Vmm frames");
        Assert.AreEqual(0L, bytes);
        Assert.AreEqual(mapVersion >= 0x0102, board.ConversionsWrites > 0, "CONVERSIONS used exactly on map 1.2");
    }

    [TestMethod]
    public void VmmAllocatesNothingInTheFirmware_ServeLoop()
    {
        var controller = new Controller(new FakeBoard(), new FakeClock(), new FirmwareConfig { MaxPayload = 65535 });
        var frame = VmmFrame(3, VmmFlags.Differential);
        var warm = new ReplayLink(frame, 10);
        controller.Serve(warm);
        var link = new ReplayLink(frame, Frames);
        long before = GC.GetAllocatedBytesForCurrentThread();
        controller.Serve(link);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine($"firmware (fake board), Serve loop: {bytes} bytes allocated for {Frames} Vmm frames");
        Assert.AreEqual(Frames, link.RepliesWritten);
        Assert.AreEqual(0L, bytes);
    }

    [TestMethod]
    public void VmmOverTheEmulatorReportsItsAllocation()
    {
        using var f = new FirmwareFixture(4242);
        var frames = new[] { VmmFrame(1, 0), VmmFrame(2, VmmFlags.Differential) };
        long bytes = MeasureHandleFrame(f.Controller, frames);
        Console.WriteLine($"firmware + emulator (ideal, noise off), HandleFrame: {bytes} bytes allocated for {Frames} Vmm frames ({bytes / Frames} per frame, all in the emulator: the firmware alone allocates 0)");
        Assert.IsTrue(bytes / Frames < 4096, $"{bytes / Frames} bytes per Vmm frame");
    }

    /// <summary>Plays one frame <c>count</c> times without allocating, discards replies, then reads as closed.</summary>
    private sealed class ReplayLink : IHostLink
    {
        private readonly byte[] _frame;
        private int _left;
        private int _offset;

        public ReplayLink(byte[] frame, int count)
        {
            _frame = frame;
            _left = count;
        }

        public int RepliesWritten { get; private set; }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (_left == 0) return -1;
            int n = Math.Min(count, _frame.Length - _offset);
            Array.Copy(_frame, _offset, buffer, offset, n);
            _offset += n;
            if (_offset == _frame.Length)
            {
                _offset = 0;
                _left--;
            }
            return n;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            if (buffer[offset + FrameFormat.TypeOffset] != MessageType.VmmResult) throw new InvalidOperationException("not a VmmResult");
            RepliesWritten++;
        }
    }
}
