using System;
using System.Linq;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// The training messages through the real dispatcher under errors: pair addresses checked against the board at TrainLoad,
/// non-finite values refused whole, and a TrainUpdate applied all or nothing, so that its retry after an Error is exactly
/// once (W_FP, dW_FP, write counts, step and counters; the emulator's pulse counter shows what reached the board).
/// </summary>
[TestClass]
public sealed class TrainingRefusalTests
{
    private const int Seed = 914;
    internal const uint Token = 0x5EED0914;
    private const uint Threshold = 8000, Gmin = 10_000, Gmax = 70_000;

    internal sealed class Session : IDisposable
    {
        public readonly BoardEmulator Emulator;
        public readonly FaultingBoard Board;
        public readonly Controller Controller;
        private readonly byte[] _reply;
        private int _seq;

        public Session(int weights, IClock? clock = null)
        {
            Console.WriteLine($"emulator seed {Seed}, profile ideal, noise off; {weights} weights, threshold {Threshold} nS, window {Gmin}..{Gmax} nS");
            Emulator = new BoardEmulator(new EmulatorOptions { ProfileName = "ideal", Noise = false, Seed = Seed });
            FirmwareConfig config = FirmwareHost.ConfigFor(Emulator.Profile, FirmwareHost.EmulatorBoard);
            Board = new FaultingBoard(new RegisterMapBoard(new BoardDriver(Emulator, config.BoardPollLimit), config));
            Controller = new Controller(Board, clock ?? new FakeClock(), config);
            _reply = new byte[Controller.ReplyBufferLength];
            Reply r = Send(MessageType.TrainConfigure, w =>
            {
                w.WriteUInt32(Token); w.WriteByte(TrainMode.Mixed); w.WriteByte(2); w.WriteByte(1); w.WriteByte(1);
                w.WriteUInt32((uint)weights); w.WriteUInt32(Threshold); w.WriteUInt32(Gmin); w.WriteUInt32(Gmax); w.WriteUInt32(500);
                w.WriteUInt32(0); w.WriteUInt32(0); w.WriteUInt32(0);
            });
            Assert.AreEqual(MessageType.TrainConfigured, r.Type, r.ToString());
        }

        public Reply Send(byte type, Action<PayloadWriter> payload)
        {
            byte[] frame = TestFrames.Build(type, ++_seq, payload);
            return TestFrames.Decode(_reply, Controller.HandleFrame(frame, frame.Length, _reply));
        }

        public ErrorMessage ExpectError(byte type, Action<PayloadWriter> payload, int code)
        {
            ErrorMessage e = Send(type, payload).AsError();
            Console.WriteLine($"{ErrorCode.Name(e.Code)}: {e.Message}");
            Assert.AreEqual(code, e.Code, e.Message);
            return e;
        }

        /// <summary>Weight i's pair: tile 0, row i, columns 2i and 2i + 1.</summary>
        public static void Entry(PayloadWriter w, int tile, int row, int col, float wFp, float acc = 0f)
        {
            w.WriteByte(tile); w.WriteUInt16(row); w.WriteUInt16(col);
            w.WriteUInt32(BitConverter.SingleToUInt32Bits(wFp)); w.WriteUInt32(BitConverter.SingleToUInt32Bits(acc)); w.WriteUInt16(0);
        }

        public Reply Load(int first, params (int Tile, int Row, int Col, float W)[] entries) => Send(MessageType.TrainLoad, w =>
        {
            w.WriteUInt32(Token); w.WriteUInt32((uint)first); w.WriteUInt16(entries.Length);
            foreach (var e in entries) Entry(w, e.Tile, e.Row, e.Col, e.W);
        });

        public Reply LoadAll(int weights) => Load(0, Enumerable.Range(0, weights).Select(i => (0, i, 2 * i, 0f)).ToArray());

        public static Action<PayloadWriter> Update(uint step, int first, params float[] d) => w =>
        {
            w.WriteUInt32(Token); w.WriteUInt32(step); w.WriteUInt16(1); w.WriteUInt32((uint)first); w.WriteUInt16(d.Length);
            foreach (float v in d) w.WriteUInt32(BitConverter.SingleToUInt32Bits(v));
        };

        /// <summary>W_FP, dW_FP and writes of every weight.</summary>
        public (float W, float Acc, int Writes)[] State(int weights)
        {
            Reply r = Send(MessageType.TrainStateGet, w => { w.WriteUInt32(Token); w.WriteUInt32(0); w.WriteUInt16(weights); });
            Assert.AreEqual(MessageType.TrainState, r.Type, r.ToString());
            PayloadReader rd = r.Reader();
            rd.ReadUInt32(); rd.ReadUInt16();
            var s = new (float, float, int)[weights];
            for (int i = 0; i < weights; i++)
                s[i] = (BitConverter.UInt32BitsToSingle(rd.ReadUInt32()), BitConverter.UInt32BitsToSingle(rd.ReadUInt32()), rd.ReadUInt16());
            return s;
        }

        /// <summary>TrainStatus: loaded, last step, chunks applied, writes total, failed writes, pulses.</summary>
        public (uint Loaded, uint LastStep, uint Chunks, uint Writes, uint Failed, uint Pulses) Status()
        {
            PayloadReader rd = Send(MessageType.TrainStatus, _ => { }).Reader();
            rd.ReadUInt32(); rd.ReadByte(); rd.ReadByte(); rd.ReadUInt32();
            uint loaded = rd.ReadUInt32(), step = rd.ReadUInt32();
            rd.ReadUInt32();
            uint chunks = rd.ReadUInt32();
            rd.ReadUInt16();
            uint writes = rd.ReadUInt32();
            rd.ReadUInt32();
            uint failed = rd.ReadUInt32(), pulses = rd.ReadUInt32();
            return (loaded, step, chunks, writes, failed, pulses);
        }

        public void Dispose() => Controller.Stop();
    }

    [TestMethod]
    [DataRow(4, 0, 0, "tile 4 row 0 columns 0,1")]
    [DataRow(0, 64, 0, "tile 0 row 64 columns 0,1")]
    [DataRow(0, 0, 63, "tile 0 row 0 columns 63,64")]
    [DataRow(0, 4095, 4094, "tile 0 row 4095 columns 4094,4095")]
    public void APairOutsideTheBoardIsRefusedAtLoadAndNothingOfTheChunkIsLoaded(int tile, int row, int col, string named)
    {
        using var s = new Session(3);
        ErrorMessage e = s.ExpectError(MessageType.TrainLoad, w =>
        {
            w.WriteUInt32(Token); w.WriteUInt32(0); w.WriteUInt16(3);
            Session.Entry(w, 0, 0, 0, 5000f);
            Session.Entry(w, tile, row, col, 5000f);
            Session.Entry(w, 0, 2, 4, 5000f);
        }, ErrorCode.OutOfRange);
        StringAssert.Contains(e.Message, $"TrainLoad weight 1 pair at {named} is outside the board: tile 0..3, row 0..63, G+ column 0..62 (G- is the next column)");
        StringAssert.Contains(e.Message, "nothing of this chunk was loaded");
        Assert.AreEqual(0u, s.Status().Loaded, "not even weight 0, which was valid");
        ErrorMessage notReady = s.ExpectError(MessageType.TrainUpdate, Session.Update(1, 0, 9000f, 9000f, 9000f), ErrorCode.NotReady);
        StringAssert.Contains(notReady.Message, "only 0 of 3 weights are loaded");
        Assert.AreEqual(0ul, s.Emulator.Counters.Pulses, "no pulse reached the board");
    }

    [TestMethod]
    [DataRow(float.NaN, "NaN (bits 0xFFC00000)")]
    [DataRow(float.PositiveInfinity, "+Infinity (bits 0x7F800000)")]
    [DataRow(float.NegativeInfinity, "-Infinity (bits 0xFF800000)")]
    public void ANonFiniteValueIsRefusedWholeAtLoadAndAtUpdate(float bad, string named)
    {
        using var s = new Session(3);
        ErrorMessage e = s.ExpectError(MessageType.TrainLoad, w =>
        {
            w.WriteUInt32(Token); w.WriteUInt32(0); w.WriteUInt16(3);
            Session.Entry(w, 0, 0, 0, 1000f);
            Session.Entry(w, 0, 1, 2, 1000f);
            Session.Entry(w, 0, 2, 4, 1000f, bad);
        }, ErrorCode.OutOfRange);
        StringAssert.Contains(e.Message, $"TrainLoad weight 2 dW_FP is {named}; accepted: a finite f32; nothing of this chunk was loaded");
        Assert.AreEqual(0u, s.Status().Loaded);
        e = s.ExpectError(MessageType.TrainLoad, w =>
        {
            w.WriteUInt32(Token); w.WriteUInt32(0); w.WriteUInt16(1);
            Session.Entry(w, 0, 0, 0, bad);
        }, ErrorCode.OutOfRange);
        StringAssert.Contains(e.Message, $"TrainLoad weight 0 W_FP is {named}");

        Assert.AreEqual(MessageType.TrainLoaded, s.LoadAll(3).Type);
        e = s.ExpectError(MessageType.TrainUpdate, Session.Update(1, 0, 9000f, 100f, bad), ErrorCode.OutOfRange);
        StringAssert.Contains(e.Message, $"TrainUpdate dW_new of weight 2 (entry 2 of the chunk) is {named}; accepted: a finite f32; nothing of this chunk was applied");
        var state = s.State(3);
        CollectionAssert.AreEqual(new[] { (0f, 0f, 0), (0f, 0f, 0), (0f, 0f, 0) }, state, "weight 0 crossed and weight 1 accumulated, but neither was applied");
        var st = s.Status();
        Assert.AreEqual((0u, 0u, 0u), (st.LastStep, st.Chunks, st.Writes));
        Assert.AreEqual(0ul, s.Emulator.Counters.Pulses, "no pulse reached the board");

        Reply ok = s.Send(MessageType.TrainUpdate, Session.Update(1, 0, 9000f, 100f, 0f));
        Assert.AreEqual(MessageType.TrainUpdated, ok.Type, "the same step, now finite, is still the next one: " + ok);
        state = s.State(3);
        Assert.AreEqual((9000f, 0f, 1), state[0]);
        Assert.AreEqual((0f, 100f, 0), state[1]);
    }

    [TestMethod]
    public void AWriteRefusedMidChunkAppliesNothingAndItsRetryAppliesTheChunkExactlyOnce()
    {
        using var s = new Session(4);
        Assert.AreEqual(MessageType.TrainLoaded, s.LoadAll(4).Type);
        // Weights 0, 1 and 2 cross the threshold; weight 3 only accumulates. The board refuses the first pulse to
        // weight 1's G+ (tile 0, row 1, column 2), after weight 0's pair was programmed.
        Action<PayloadWriter> update = Session.Update(1, 0, 9000f, -9000f, 12_000f, 100f);
        s.Board.FailNextPulseTo(0, 1, 2);
        ErrorMessage e = s.ExpectError(MessageType.TrainUpdate, update, ErrorCode.BoardError);
        StringAssert.Contains(e.Message, "injected fault");
        Assert.AreEqual(1, s.Board.Faults);
        ulong pulsesAfterFault = s.Emulator.Counters.Pulses;
        Assert.IsTrue(pulsesAfterFault > 0, "weight 0's pair was programmed before the fault");
        CollectionAssert.AreEqual(new[] { (0f, 0f, 0), (0f, 0f, 0), (0f, 0f, 0), (0f, 0f, 0) }, s.State(4), "nothing of the chunk was applied");
        var st = s.Status();
        Assert.AreEqual((0u, 0u, 0u, 0u, 0u), (st.LastStep, st.Chunks, st.Writes, st.Failed, st.Pulses));

        Reply r = s.Send(MessageType.TrainUpdate, update);
        Assert.AreEqual(MessageType.TrainUpdated, r.Type, "the retry is the chunk's first application: " + r);
        PayloadReader rd = r.Reader();
        rd.ReadUInt32(); Assert.AreEqual(1u, rd.ReadUInt32()); Assert.AreEqual(0u, rd.ReadUInt32()); Assert.AreEqual(4, rd.ReadUInt16());
        int written = rd.ReadUInt16();
        uint failed = (uint)rd.ReadUInt16();
        uint replyPulses = rd.ReadUInt32();
        var entries = Enumerable.Range(0, written).Select(_ =>
        {
            int i = (int)rd.ReadUInt32(); int status = rd.ReadByte(); rd.ReadByte(); int p = rd.ReadUInt16(); uint plus = rd.ReadUInt32(); uint minus = rd.ReadUInt32();
            return (Index: i, Status: status, Pulses: p, Plus: plus, Minus: minus);
        }).ToArray();
        foreach (var x in entries) Console.WriteLine($"retry wrote weight {x.Index}: {WriteVerifyStatus.Name(x.Status)}, {x.Pulses} pulses, G+ {x.Plus} nS, G- {x.Minus} nS");
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, entries.Select(x => x.Index).ToArray());
        var state = s.State(4);
        Assert.AreEqual((9000f, 0f, 1), state[0], "W_FP moved once, one write");
        Assert.AreEqual((-9000f, 0f, 1), state[1]);
        Assert.AreEqual((12_000f, 0f, 1), state[2]);
        Assert.AreEqual((0f, 100f, 0), state[3], "dW_FP accumulated once");
        st = s.Status();
        Assert.AreEqual((1u, 1u, 3u, failed, replyPulses), (st.LastStep, st.Chunks, st.Writes, st.Failed, st.Pulses), "the counters hold the retry once");
        Console.WriteLine($"pulses: {pulsesAfterFault} before the fault, {replyPulses} in the retry");

        ulong pulses = s.Emulator.Counters.Pulses;
        Reply again = s.Send(MessageType.TrainUpdate, update);
        CollectionAssert.AreEqual(r.Payload, again.Payload, "a second retry is answered from the cache");
        Assert.AreEqual(pulses, s.Emulator.Counters.Pulses, "and applies nothing");
        Assert.AreEqual((9000f, 0f, 1), s.State(4)[0]);
    }
}
