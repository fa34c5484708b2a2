using System;
using CimController.Firmware;
using CimController.Protocol;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.DiscreteBoard.Tests;

/// <summary>The firmware controller serving the discrete DAC/ADC board through the real wire frames, as the ESP32 app does.</summary>
[TestClass]
public sealed class DiscreteControllerTests
{
    private readonly byte[] _reply = new byte[FrameFormat.Overhead + FrameFormat.MaxPayloadLimit];
    private int _sequence;

    private (byte Type, PayloadReader Payload) Call(Controller controller, byte type, Action<PayloadWriter>? payload = null)
    {
        var frame = new byte[FrameFormat.Overhead + 4096];
        var w = new PayloadWriter();
        w.Reset(frame, FrameFormat.PayloadOffset, 4096);
        payload?.Invoke(w);
        int n = FrameEncoder.Seal(frame, 0, w.Length, ++_sequence, type, 0);
        int m = controller.HandleFrame(frame, n, _reply);
        var decoder = new FrameDecoder(FrameFormat.MaxPayloadLimit);
        decoder.Push(_reply, 0, m);
        Assert.AreEqual(DecodeStatus.Frame, decoder.Status);
        Assert.AreEqual(_sequence, decoder.Sequence);
        var r = new PayloadReader();
        r.Reset(decoder.Frame, FrameFormat.PayloadOffset, decoder.PayloadLength);
        return (decoder.MessageType, r);
    }

    [TestMethod]
    public void InfoVmmReadAndPulsesWorkOverTheProtocol()
    {
        const int seed = 3;
        Console.WriteLine($"seed {seed}");
        var f = new DiscreteFixture(seed, init: false);
        var controller = new Controller(f.Driver, f.Clock, f.Config);

        var (type, payload) = Call(controller, MessageType.Hello, new HelloMessage { ClientName = "test" }.Write);
        Assert.AreEqual(MessageType.Info, type);
        var info = new InfoMessage();
        info.Read(payload);
        Assert.AreEqual("discrete", info.BoardKind);
        Assert.AreEqual((1, f.Driver.Rows, f.Driver.Columns), (info.Tiles, info.Rows, info.Columns));

        f.Board.SetConductanceMicrosiemens(1, 2, 25);
        (type, payload) = Call(controller, MessageType.ReadConductance, new RegionRequest { Tile = 0, Row0 = 1, Rows = 1, Col0 = 2, Cols = 1, Averages = 4 }.Write);
        Assert.AreEqual(MessageType.Conductance, type);
        payload.ReadUInt16();
        payload.ReadUInt16();
        payload.ReadUInt16();
        Assert.AreEqual(25.0, payload.ReadUInt32() / 1000.0, 1.0, "the cell reads back within the sense resolution");

        var inputs = new byte[f.Driver.Rows];
        Array.Fill(inputs, (byte)128);
        (type, payload) = Call(controller, MessageType.Vmm, new VmmRequest { Tile = 0, Rows = f.Driver.Rows, Cols = f.Driver.Columns, VectorCount = 1, Inputs = inputs }.Write);
        Assert.AreEqual(MessageType.VmmResult, type);

        (type, payload) = Call(controller, MessageType.Pulse, new PulseRequest { Tile = 0, Row = 1, Col = 2, Millivolts = 3000, WidthNs = 100_000 }.Write);
        Assert.AreEqual(MessageType.PulseResult, type);
        Assert.IsTrue(f.Board.GetConductanceMicrosiemens(1, 2) > 25, "a SET pulse within the limits raised the cell");

        double before = f.Board.GetConductanceMicrosiemens(1, 2);
        (type, payload) = Call(controller, MessageType.Pulse, new PulseRequest { Tile = 0, Row = 1, Col = 2, Millivolts = 3500, WidthNs = 100_000 }.Write);
        Assert.AreEqual(MessageType.Error, type);
        var error = new ErrorMessage();
        error.Read(payload);
        Assert.AreEqual(ErrorCode.PulseLimit, error.Code);
        StringAssert.Contains(error.Message, "exceeds the limit of profile 'brram'");
        Assert.AreEqual(before, f.Board.GetConductanceMicrosiemens(1, 2), "the refused pulse changed nothing");
    }
}
