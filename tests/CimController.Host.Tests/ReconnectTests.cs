using System;
using System.Net;
using CimController.Emulator;
using CimController.Host.Transports;
using CimController.LocalBoard;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>Dropped TCP links: idempotent requests reconnect once, others report the drop.</summary>
[TestClass]
public sealed class ReconnectTests
{
    private static EmulatorTcpServer StartServer()
    {
        Console.WriteLine($"emulator over TCP: profile brram, seed {EmulatedBoard.Seed}");
        return EmulatorTcpServer.Start(new EmulatorOptions { Seed = EmulatedBoard.Seed }, new IPEndPoint(IPAddress.Loopback, 0));
    }

    private static CimClient Connect(DroppableTcpProxy proxy)
    {
        var client = new CimClient(new TcpTransport("127.0.0.1", proxy.Port), new CimClientOptions { TimeoutMs = 5000 });
        client.Connect();
        return client;
    }

    [TestMethod]
    public void IdempotentRequestReconnectsOnceAfterTheLinkDrops()
    {
        using EmulatorTcpServer server = StartServer();
        using var proxy = new DroppableTcpProxy(server.LocalEndPoint);
        using CimClient client = Connect(proxy);
        Assert.IsNotNull(client.Stats());

        proxy.DropAll();
        var result = client.Vmm(0, 0, 4, 0, 4, new byte[] { 10, 20, 30, 40 }, 1);

        Assert.AreEqual(1, client.Reconnects);
        Assert.AreEqual(1, result.Requests);
        Assert.AreEqual(4, result.Codes.Length);
        Assert.AreEqual(2, server.ConnectionsServed);
    }

    [TestMethod]
    public void ResetIsNotRepeatedAfterADrop()
    {
        using EmulatorTcpServer server = StartServer();
        using var proxy = new DroppableTcpProxy(server.LocalEndPoint);
        using CimClient client = Connect(proxy);

        proxy.DropAll();
        var e = Assert.ThrowsExactly<CimLinkClosedException>(() => client.Reset());
        Assert.AreEqual(ErrorCode.Timeout, e.Code);
        StringAssert.Contains(e.Message, "tcp://127.0.0.1:" + proxy.Port);

        // The next idempotent request reconnects.
        Assert.IsNotNull(client.Stats());
        Assert.AreEqual(1, client.Reconnects);
    }

    [TestMethod]
    public void VanishedServerIsAClearErrorAfterOneReconnectAttempt()
    {
        EmulatorTcpServer server = StartServer();
        using var proxy = new DroppableTcpProxy(server.LocalEndPoint);
        using CimClient client = Connect(proxy);
        int port = proxy.Port;
        proxy.Dispose();
        server.Dispose();

        var e = Assert.ThrowsExactly<CimLinkClosedException>(() => client.Stats());

        StringAssert.Contains(e.Message, "reconnecting failed");
        StringAssert.Contains(e.Message, "tcp://127.0.0.1:" + port);
        Assert.AreEqual(0, client.Reconnects);
    }

    [TestMethod]
    public void NoServerAtTheAddressIsAClearError()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var e = Assert.ThrowsExactly<CimLinkClosedException>(() => BoardConnector.Connect(BoardAddress.ForTcp("127.0.0.1", port)));

        StringAssert.Contains(e.Message, "could not connect to tcp://127.0.0.1:" + port);
    }
}
