using System;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Protocol;
using CimController.Protocol.Board;
using CimController.Protocol.Messages;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// Vmm with row copies (protocol 1.7, flags bits 4-7): each vector's rows / k codes drive the window's k copies. On a map 1.3
/// board the codes cross SPI once (ROW_REPEAT); on an older map the firmware writes them once per copy.
/// </summary>
[TestClass]
public sealed class VmmRowCopiesTests
{
    private static byte[] Frame(int sequence, int rows, int cols, int copies, byte[] codes, int conversions)
    {
        var request = new VmmRequest
        {
            Tile = 1, Row0 = 0, Rows = rows, Col0 = 0, Cols = cols, VectorCount = codes.Length / (rows / copies), Flags = VmmFlags.Differential,
            Inputs = codes, Conversions = conversions,
        };
        request.SetRowCopies(copies);
        return TestFrames.Build(MessageType.Vmm, sequence, request.Write);
    }

    private static byte[] Expand(byte[] codes, int perVector, int copies)
    {
        var rows = new byte[codes.Length * copies];
        for (int v = 0; v < codes.Length / perVector; v++)
            for (int k = 0; k < copies; k++)
                Array.Copy(codes, v * perVector, rows, ((v * copies) + k) * perVector, perVector);
        return rows;
    }

    /// <summary>Map 1.3, noise off: the copies driven by one set of codes give the codes of the expanded request (within one
    /// code of float rounding), conv1's 2 x 25 rows and a 4-copy window, single and summed conversions, 700 vectors (several
    /// MAC commands).</summary>
    [TestMethod]
    [DataRow(50, 8, 2, 0)]
    [DataRow(64, 24, 4, 8)]
    public void CopiesGiveTheCodesOfTheExpandedRequest(int rows, int cols, int copies, int conversions)
    {
        using var f = new FirmwareFixture(6100 + rows);
        const int vectors = 700;
        int perVector = rows / copies;
        var codes = new byte[vectors * perVector];
        new Random(6100 + rows).NextBytes(codes);
        Console.WriteLine($"input seed {6100 + rows}: {vectors} vectors of {perVector} codes in {copies} copies, {cols} columns, conversions {conversions}");
        var expanded = VmmConversionsTests.Parse(VmmConversionsTests.Send(f.Controller, Frame(1, rows, cols, 1, Expand(codes, perVector, copies), conversions)), vectors, cols);
        var copied = VmmConversionsTests.Parse(VmmConversionsTests.Send(f.Controller, Frame(2, rows, cols, copies, codes, conversions)), vectors, cols);
        int tolerance = Math.Max(1, conversions);
        for (int i = 0; i < expanded.Codes.Length; i++)
            Assert.IsTrue(Math.Abs(expanded.Codes[i] - copied.Codes[i]) <= tolerance, $"value {i}: {copied.Codes[i]} with copies, {expanded.Codes[i]} expanded");
        Assert.AreEqual(expanded.TileOps, copied.TileOps, "a vector through the copies is one tile operation per conversion");
        Assert.AreEqual(1u, ((RegisterMapBoard)f.Controller.Board).Driver.ReadRegister(BoardRegister.RowRepeat), "ROW_REPEAT back to 1 after the command");
    }

    /// <summary>A map 1.2 board (no ROW_REPEAT): the firmware writes each vector's codes once per copy, so the noisy codes equal
    /// those of the expanded request on a twin board code for code.</summary>
    [TestMethod]
    public void OlderMapGetsTheCodesWrittenOncePerCopy()
    {
        const int seed = 6201, rows = 50, cols = 8, copies = 2, vectors = 400;
        Console.WriteLine($"emulator seed {seed}, brram, noise on, {vectors} vectors of {rows / copies} codes in {copies} copies");
        var options = new EmulatorOptions { ProfileName = "brram", Seed = seed };
        var oldBus = new OlderMapBus(new BoardEmulator(options), 0x0102);
        var twin = new BoardEmulator(options);
        var old = new Controller(oldBus, new FakeClock(), FirmwareHost.ConfigFor(twin.Profile, FirmwareHost.EmulatorBoard));
        var reference = new Controller(twin, new FakeClock(), FirmwareHost.ConfigFor(twin.Profile, FirmwareHost.EmulatorBoard));
        Assert.IsFalse(((RegisterMapBoard)old.Board).Driver.HasRowRepeatRegister);
        var codes = new byte[vectors * (rows / copies)];
        new Random(seed).NextBytes(codes);
        var copied = VmmConversionsTests.Parse(VmmConversionsTests.Send(old, Frame(1, rows, cols, copies, codes, 8)), vectors, cols);
        var expanded = VmmConversionsTests.Parse(VmmConversionsTests.Send(reference, Frame(1, rows, cols, 1, Expand(codes, rows / copies, copies), 8)), vectors, cols);
        CollectionAssert.AreEqual(expanded.Codes, copied.Codes);
        Assert.AreEqual(vectors * rows, oldBus.InputBytes, "every copy's codes written to INPUT");
    }

    [TestMethod]
    public void CopiesThatDoNotDivideTheRowsAreOutOfRange()
    {
        using var f = new FirmwareFixture(6300);
        Reply reply = VmmConversionsTests.Send(f.Controller, Frame(1, 50, 8, 3, new byte[16 * 2], 0));
        Assert.AreEqual(MessageType.Error, reply.Type);
        StringAssert.Contains(reply.ToString(), "row copies 3");
    }
}
