using System;
using System.IO;
using System.Net.Sockets;
using CimController.Firmware.Desktop.Nspi;
using CimController.Protocol.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CimController.Firmware.Tests.NspiTestData;

namespace CimController.Firmware.Tests;

/// <summary>The nanoCLR's side of the socket: requests out, replies in; every wait bounded by <see cref="NspiTestData.Wait"/>.</summary>
internal sealed class NspiSocketClient : ISpiBus, IDisposable
{
    private readonly Socket _socket;

    private NspiSocketClient(Socket socket) => _socket = socket;

    public static NspiSocketClient Connect(string path)
    {
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        {
            ReceiveTimeout = (int)Wait.TotalMilliseconds,
            SendTimeout = (int)Wait.TotalMilliseconds,
        };
        s.Connect(new UnixDomainSocketEndPoint(path));
        return new NspiSocketClient(s);
    }

    public void Send(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
            bytes = bytes[_socket.Send(bytes)..];
    }

    public (NspiStatus Status, byte[] Rx) Request(NspiRequestHeader h, byte[] write)
    {
        Send(Concat(Header(h), write));
        return ReadReply();
    }

    public (NspiStatus Status, byte[] Rx) ReadReply()
    {
        var header = new byte[NspiCodec.ReplyHeaderLength];
        ReceiveExactly(header);
        NspiCodec.ReadReplyHeader(header, out var status, out uint length);
        Assert.IsTrue(length <= NspiBoardServer.MaxTransferBytes, $"reply len {length}");
        var data = new byte[length];
        ReceiveExactly(data);
        return (status, data);
    }

    /// <summary>The register-map board's ID register through the socket reads "CIMB".</summary>
    public void AssertIdIsCimb()
    {
        var (status, rx) = Request(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, 6, 6), new byte[] { SpiOpcode.ReadRegister, BoardRegister.Id, 0, 0, 0, 0 });
        Assert.AreEqual(NspiStatus.Ok, status);
        Assert.AreEqual(BoardRegister.IdValue, BitConverter.ToUInt32(rx, 2));
    }

    /// <summary>True when the server has closed the connection (end of stream within <see cref="NspiTestData.Wait"/>).</summary>
    public bool ClosedByServer()
    {
        try
        {
            return _socket.Receive(new byte[1]) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    /// <summary>Full duplex on bus 1 CS 5, mode 0, as the ESP32 app's Esp32SpiBus does it.</summary>
    public void Transfer(byte[] tx, byte[] rx, int count)
    {
        var (status, data) = Request(NspiRequestHeader.Transfer(1, 5, 0, 8_000_000, (uint)count, (uint)count), tx[..count]);
        if (status != NspiStatus.Ok) throw new IOException("NSPI status " + status);
        data.CopyTo(rx, 0);
    }

    private void ReceiveExactly(byte[] buffer)
    {
        int got = 0;
        while (got < buffer.Length)
        {
            int n = _socket.Receive(buffer, got, buffer.Length - got, SocketFlags.None);
            if (n == 0) throw new IOException($"the server closed the connection after {got} of {buffer.Length} reply bytes");
            got += n;
        }
    }

    public void Dispose() => _socket.Dispose();
}
