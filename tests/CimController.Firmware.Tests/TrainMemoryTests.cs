using System;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// The training state's memory budget (FirmwareConfig.TrainMemoryLimitBytes, 14 bytes per weight) through the real
/// dispatcher: a TrainConfigure over the budget is refused with OutOfRange naming the weights, the bytes they need, the
/// bytes allowed and the weights that fit, before anything is allocated or pulsed, and the previous session stays exactly
/// as it was; one that fits exactly is accepted and TrainConfigured reports the budget's capacity.
/// </summary>
[TestClass]
public sealed class TrainMemoryTests
{
    private const int Seed = 2207;
    private const uint Token = 0x7AA1_0001, OtherToken = 0x7AA1_0002;
    private const uint Threshold = 8000, Gmin = 10_000, Gmax = 70_000;

    /// <summary>96 KiB: 7,021 weights of 14 bytes (98,294 bytes), 10 bytes to spare.</summary>
    private const int Budget = 96 * 1024;
    private const int FitsBudget = Budget / 14;

    private sealed class Board : IDisposable
    {
        private readonly FirmwareFixture _fw;
        private int _seq;

        public Board(int budgetBytes)
        {
            Console.WriteLine($"training memory budget {budgetBytes} bytes");
            _fw = new FirmwareFixture(Seed, c => c.TrainMemoryLimitBytes = budgetBytes);
        }

        /// <summary>A firmware with FirmwareConfig's default budget.</summary>
        public Board()
        {
            _fw = new FirmwareFixture(Seed);
        }

        public ulong Pulses => _fw.Board.Counters.Pulses;

        public Reply Send(byte type, Action<PayloadWriter> payload) => _fw.Send(TestFrames.Build(type, ++_seq, payload));

        public Reply Configure(uint token, uint weights, params int[] layerStarts) => Send(MessageType.TrainConfigure, w =>
        {
            if (layerStarts.Length == 0) layerStarts = new[] { 0 };
            w.WriteUInt32(token); w.WriteByte(TrainMode.Mixed); w.WriteByte(2); w.WriteByte(1); w.WriteByte(layerStarts.Length);
            w.WriteUInt32(weights); w.WriteUInt32(Threshold); w.WriteUInt32(Gmin); w.WriteUInt32(Gmax); w.WriteUInt32(500);
            w.WriteUInt32(0); w.WriteUInt32(0);
            foreach (int s in layerStarts) w.WriteUInt32((uint)s);
        });

        /// <summary>TrainConfigured: token, weights, capacity, bytes per weight.</summary>
        public (uint Token, int Weights, int Capacity, int BytesPerWeight) Configured(uint token, uint weights)
        {
            Reply r = Configure(token, weights);
            Assert.AreEqual(MessageType.TrainConfigured, r.Type, r.ToString());
            var m = new TrainConfiguredReply();
            m.Read(r.Reader());
            return (m.Token, m.Weights, m.Capacity, m.BytesPerWeight);
        }

        public ErrorMessage Refused(uint token, uint weights)
        {
            ErrorMessage e = Configure(token, weights).AsError();
            Console.WriteLine($"{ErrorCode.Name(e.Code)}: {e.Message}");
            Assert.AreEqual(ErrorCode.OutOfRange, e.Code, e.Message);
            return e;
        }

        /// <summary>Weight i's pair at tile 0, row i, columns 2i and 2i + 1.</summary>
        public Reply LoadAll(uint token, int weights) => Send(MessageType.TrainLoad, w =>
        {
            w.WriteUInt32(token); w.WriteUInt32(0); w.WriteUInt16(weights);
            for (int i = 0; i < weights; i++)
            {
                w.WriteByte(0); w.WriteUInt16(i); w.WriteUInt16(2 * i);
                w.WriteUInt32(BitConverter.SingleToUInt32Bits(0f)); w.WriteUInt32(BitConverter.SingleToUInt32Bits(0f)); w.WriteUInt16(0);
            }
        });

        public Reply LoadOne(uint token, int index, int tile, int row, int col) => Send(MessageType.TrainLoad, w =>
        {
            w.WriteUInt32(token); w.WriteUInt32((uint)index); w.WriteUInt16(1);
            w.WriteByte(tile); w.WriteUInt16(row); w.WriteUInt16(col);
            w.WriteUInt32(0); w.WriteUInt32(0); w.WriteUInt16(0);
        });

        public double Microsiemens(int tile, int row, int col) => _fw.Board.GetConductanceMicrosiemens(tile, row, col);

        public Reply Update(uint token, uint step, params float[] d) => Send(MessageType.TrainUpdate, w =>
        {
            w.WriteUInt32(token); w.WriteUInt32(step); w.WriteUInt16(1); w.WriteUInt32(0); w.WriteUInt16(d.Length);
            foreach (float v in d) w.WriteUInt32(BitConverter.SingleToUInt32Bits(v));
        });

        public TrainStatusReply Status()
        {
            Reply r = Send(MessageType.TrainStatus, _ => { });
            Assert.AreEqual(MessageType.TrainStatusResult, r.Type, r.ToString());
            var s = new TrainStatusReply();
            s.Read(r.Reader());
            return s;
        }

        /// <summary>W_FP, dW_FP and writes of weights 0..count-1.</summary>
        public (float W, float Acc, int Writes)[] State(uint token, int count)
        {
            Reply r = Send(MessageType.TrainStateGet, w => { w.WriteUInt32(token); w.WriteUInt32(0); w.WriteUInt16(count); });
            Assert.AreEqual(MessageType.TrainState, r.Type, r.ToString());
            PayloadReader rd = r.Reader();
            rd.ReadUInt32(); rd.ReadUInt16();
            var s = new (float, float, int)[count];
            for (int i = 0; i < count; i++)
                s[i] = (BitConverter.UInt32BitsToSingle(rd.ReadUInt32()), BitConverter.UInt32BitsToSingle(rd.ReadUInt32()), rd.ReadUInt16());
            return s;
        }

        public void Dispose() => _fw.Dispose();
    }

    /// <summary>A session of 4 weights, loaded, after one step in which weight 0 crossed the threshold and weight 1 accumulated.</summary>
    private static void StartSession(Board b)
    {
        b.Configured(Token, 4);
        Assert.AreEqual(MessageType.TrainLoaded, b.LoadAll(Token, 4).Type);
        Reply u = b.Update(Token, 1, 9000f, 100f, 0f, 0f);
        Assert.AreEqual(MessageType.TrainUpdated, u.Type, u.ToString());
    }

    [TestMethod]
    public void AConfigureOverTheBudgetIsRefusedNamingTheBytesAndThePreviousSessionIsKept()
    {
        using var b = new Board(Budget);
        StartSession(b);
        var before = b.State(Token, 4);
        Assert.AreEqual((9000f, 0f, 1), before[0]);
        Assert.AreEqual((0f, 100f, 0), before[1]);
        ulong pulses = b.Pulses;
        Assert.IsTrue(pulses > 0, "weight 0's pair was programmed");

        ErrorMessage e = b.Refused(OtherToken, 202_364);
        StringAssert.Contains(e.Message, "TrainConfigure 202364 weights need 2833096 bytes of training state; this firmware allows 98304 bytes (7021 weights, 14 bytes each)");
        StringAssert.Contains(e.Message, "nothing allocated, session 7AA10001 kept");
        e = b.Refused(OtherToken, FitsBudget + 1);
        StringAssert.Contains(e.Message, "TrainConfigure 7022 weights need 98308 bytes of training state; this firmware allows 98304 bytes (7021 weights");

        Assert.AreEqual(pulses, b.Pulses, "a refused TrainConfigure applies no pulse");
        TrainStatusReply s = b.Status();
        Assert.AreEqual((Token, 4, 4, 1u, 1u, 1u), (s.Token, s.Weights, s.Loaded, s.LastStep, s.ChunksApplied, s.WritesTotal), "the session is the one before");
        CollectionAssert.AreEqual(before, b.State(Token, 4), "W_FP, dW_FP and write counts unchanged");

        // ... and it goes on: the next step applies to the kept state (weight 1: 100 + 7900 crosses the threshold).
        Reply next = b.Update(Token, 2, 0f, 7900f, 0f, 0f);
        Assert.AreEqual(MessageType.TrainUpdated, next.Type, next.ToString());
        Assert.AreEqual((8000f, 0f, 1), b.State(Token, 4)[1]);
        Assert.AreNotEqual(MessageType.Error, b.Send(MessageType.TrainStatus, _ => { }).Type);
    }

    [TestMethod]
    public void AConfigureOverTheBudgetWithNoSessionSaysSoAndLeavesNone()
    {
        using var b = new Board(Budget);
        ErrorMessage e = b.Refused(Token, FitsBudget + 1);
        StringAssert.Contains(e.Message, "no session was active");
        Assert.AreEqual(0u, b.Status().Token);
        Assert.AreEqual(ErrorCode.NotReady, b.LoadAll(Token, 1).AsError().Code, "no session was made of the refused request");
        Assert.AreEqual(0ul, b.Pulses);
    }

    [TestMethod]
    public void AWeightCountBeyondTheInt32RangeIsCountedIn64Bits()
    {
        using var b = new Board(Budget);
        ErrorMessage e = b.Refused(Token, uint.MaxValue);
        StringAssert.Contains(e.Message, "TrainConfigure 4294967295 weights need 60129542130 bytes of training state; this firmware allows 98304 bytes (7021 weights");
        e = b.Refused(Token, 0x8000_0000);
        StringAssert.Contains(e.Message, "TrainConfigure 2147483648 weights need 30064771072 bytes");
        e = b.Refused(Token, 0);
        StringAssert.Contains(e.Message, "TrainConfigure weights 0 is outside 1..7021");
    }

    [TestMethod]
    public void AConfigureThatExactlyFitsIsAcceptedAndReportsTheBudgetsCapacity()
    {
        using var b = new Board(FitsBudget * 14);
        var c = b.Configured(Token, FitsBudget);
        Assert.AreEqual((Token, FitsBudget, FitsBudget, 14), c);
        Assert.AreEqual(14, UpdateAccumulator.BytesPerWeight, "W_FP 4, dW_FP 4, address 4 (with the loaded bit), writes 2");
        TrainStatusReply s = b.Status();
        Assert.AreEqual((Token, FitsBudget, 0), (s.Token, s.Weights, s.Loaded));
        // One byte less and the same request no longer fits.
        using var tight = new Board(FitsBudget * 14 - 1);
        StringAssert.Contains(tight.Refused(Token, FitsBudget).Message,
            $"TrainConfigure {FitsBudget} weights need {FitsBudget * 14} bytes of training state; this firmware allows {FitsBudget * 14 - 1} bytes ({FitsBudget - 1} weights");
        // A smaller session reports the same capacity: it is the budget's, not the request's.
        Assert.AreEqual(FitsBudget, b.Configured(OtherToken, 10).Capacity);
    }

    [TestMethod]
    [DataRow(1_400, 100)]
    [DataRow(16 * 1024, 1_170)]
    [DataRow(2 * 1024 * 1024, 149_796)]
    [DataRow(4 * 1024 * 1024, 299_593)]
    public void TheBudgetOfFirmwareConfigIsHonoured(int budget, int capacity)
    {
        using var b = new Board(budget);
        Assert.AreEqual(capacity, b.Configured(Token, 1).Capacity);
        Assert.AreEqual(capacity, b.Configured(Token, (uint)capacity).Weights);
        ErrorMessage e = b.Refused(OtherToken, (uint)capacity + 1);
        StringAssert.Contains(e.Message, $"this firmware allows {budget} bytes ({capacity} weights");
        StringAssert.Contains(e.Message, $"session {Token:X8} kept");
        Assert.AreEqual((Token, capacity), (b.Status().Token, b.Status().Weights));
    }

    [TestMethod]
    public void TheDesktopDefaultHoldsTheLargestNetworkCimctlTrains()
    {
        Assert.AreEqual(8 << 20, new FirmwareConfig().TrainMemoryLimitBytes);
        using var b = new Board();
        // The Diao 2025 MLP, 784-256-128-10: 234,752 mapped weights (host/CimController.Learning/Models/Mlp.cs).
        var c = b.Configured(Token, 234_752);
        Assert.AreEqual((234_752, 599_186, 14), (c.Weights, c.Capacity, c.BytesPerWeight));
    }

    [TestMethod]
    public void TheLoadedFlagInTheAddressCountsAWeightOnceAndTheHighestPairIsWrittenWhereItWasLoaded()
    {
        using var b = new Board(Budget);
        b.Configured(Token, 2);
        Assert.AreEqual(MessageType.TrainLoaded, b.LoadOne(Token, 0, 3, 63, 62).Type);
        Assert.AreEqual(MessageType.TrainLoaded, b.LoadOne(Token, 0, 3, 63, 62).Type);
        Assert.AreEqual(1, b.Status().Loaded, "loading weight 0 again does not count it twice");
        Assert.AreEqual(ErrorCode.NotReady, b.Update(Token, 1, 9000f, 0f).AsError().Code, "weight 1 is not loaded yet");
        Assert.AreEqual(MessageType.TrainLoaded, b.LoadOne(Token, 1, 0, 0, 0).Type);
        Assert.AreEqual(2, b.Status().Loaded);
        Reply u = b.Update(Token, 1, 9000f, 0f);
        Assert.AreEqual(MessageType.TrainUpdated, u.Type, u.ToString());
        // Tile 3, row 63, columns 62/63: G+ = Gmin + 9 uS, G- = Gmin (ideal profile, 0.5 uS tolerance).
        Assert.AreEqual(19.0, b.Microsiemens(3, 63, 62), 0.5);
        Assert.AreEqual(10.0, b.Microsiemens(3, 63, 63), 0.5);
        // A new session clears the flags: nothing is loaded until TrainLoad again.
        b.Configured(OtherToken, 2);
        Assert.AreEqual(0, b.Status().Loaded);
    }

    [TestMethod]
    public void AnyRefusedConfigureLeavesThePreviousSessionIntact()
    {
        using var b = new Board(Budget);
        StartSession(b);
        var before = b.State(Token, 4);
        // Layer starts that do not rise: refused after the memory check passed, still before the session is touched.
        ErrorMessage e = b.Configure(OtherToken, 8, 0, 5, 3).AsError();
        Assert.AreEqual(ErrorCode.OutOfRange, e.Code, e.Message);
        StringAssert.Contains(e.Message, "TrainConfigure layer 2 starts at weight 3");
        TrainStatusReply s = b.Status();
        Assert.AreEqual((Token, 4, 4, 1u), (s.Token, s.Weights, s.Loaded, s.LastStep));
        CollectionAssert.AreEqual(before, b.State(Token, 4));
    }
}
