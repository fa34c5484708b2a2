using System;
using CimController.Firmware.Desktop.Nspi;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CimController.Firmware.Tests.NspiTestData;

namespace CimController.Firmware.Tests;

/// <summary>Clients that go away mid-request or do not wait for their replies: the server serves the next one.</summary>
[TestClass]
public sealed class NspiBrokenClientTests
{
    [TestMethod]
    public void ClientGoneMidHeaderThenNextConnectionServed()
    {
        using var f = new NspiServerFixture(NspiBoard.RegisterMap(Options()));
        using (var client = f.Connect())
        {
            client.Send(Header(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 6, 6)).AsSpan(0, 10));
        }
        f.WaitForLine(l => l.Contains("connection 1 closed after 0 transfers: the client closed it mid-request (10 of 24 bytes)"));
        using var next = f.Connect();
        next.AssertIdIsCimb();
        Assert.AreEqual(2, f.Server.ConnectionCount);
    }

    [TestMethod]
    public void ClientGoneMidWriteDataThenNextConnectionServed()
    {
        using var f = new NspiServerFixture(NspiBoard.RegisterMap(Options()));
        using (var client = f.Connect())
        {
            client.AssertIdIsCimb();
            var request = Concat(Header(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 100, 100)), new byte[50]);
            client.Send(request);
        }
        f.WaitForLine(l => l.Contains("connection 1 closed after 1 transfers: the client closed it mid-request (74 of 124 bytes)"));
        Assert.AreEqual(1, f.Server.TransferCount, "the half request never reached the board");
        using var next = f.Connect();
        next.AssertIdIsCimb();
    }

    [TestMethod]
    public void RequestsSentAheadOfTheirRepliesAreServedInOrder()
    {
        // The nanoCLR waits for each reply; a client that does not is still served, request by request.
        using var f = new NspiServerFixture(NspiBoard.RegisterMap(Options()));
        using var client = f.Connect();
        byte[] id = Concat(Header(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 6, 6)), new byte[] { SpiOpcode.ReadRegister, BoardRegister.Id, 0, 0, 0, 0 });
        byte[] version = Concat(Header(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 6, 6)), new byte[] { SpiOpcode.ReadRegister, BoardRegister.Version, 0, 0, 0, 0 });
        client.Send(Concat(Concat(id, version), id));
        Assert.AreEqual(BoardRegister.IdValue, BitConverter.ToUInt32(client.ReadReply().Rx, 2));
        Assert.AreEqual(BoardRegister.VersionValue, BitConverter.ToUInt32(client.ReadReply().Rx, 2));
        Assert.AreEqual(BoardRegister.IdValue, BitConverter.ToUInt32(client.ReadReply().Rx, 2));
    }
}
