using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace CimController.Firmware.Tests;

/// <summary>What <see cref="TlsRecordProxy"/> does to the next TLS record the client sends.</summary>
public enum RecordTamper
{
    /// <summary>Flip one bit in the record's last byte (its authentication tag).</summary>
    Flip,
    /// <summary>Send the record, then the same record again (a replay inside the session).</summary>
    Duplicate,
    /// <summary>Send bytes of the attacker's choosing (a plaintext frame) before the record.</summary>
    Inject,
}

/// <summary>
/// A man in the middle for one TCP connection on loopback: forwards both directions, cuts the client-to-board direction
/// into TLS records (5-byte header, then its length), keeps a copy of every byte the client sent, and, once armed,
/// tampers with the next client record. Lets tests show what TLS does with tampered, replayed and injected traffic.
/// </summary>
public sealed class TlsRecordProxy : IDisposable
{
    private readonly Socket _listener;
    private readonly IPEndPoint _target;
    private readonly MemoryStream _captured = new();
    private readonly object _gate = new();
    private Socket? _client;
    private Socket? _server;
    private RecordTamper? _armed;
    private byte[] _inject = Array.Empty<byte>();

    public TlsRecordProxy(IPEndPoint target)
    {
        _target = target;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        new Thread(Run) { IsBackground = true, Name = "tls record proxy" }.Start();
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Set once the armed tamper was applied.</summary>
    public ManualResetEventSlim Tampered { get; } = new(false);

    /// <summary>Every byte the client sent so far.</summary>
    public byte[] ClientBytes
    {
        get { lock (_gate) return _captured.ToArray(); }
    }

    /// <summary>Tampers with the next record the client sends.</summary>
    public void Arm(RecordTamper tamper, byte[]? inject = null)
    {
        lock (_gate)
        {
            _armed = tamper;
            _inject = inject ?? Array.Empty<byte>();
        }
    }

    private void Run()
    {
        try
        {
            _client = _listener.Accept();
            _server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            _server.Connect(_target);
            _client.NoDelay = true;
            new Thread(() => Copy(_server, _client)) { IsBackground = true, Name = "proxy board->host" }.Start();
            ForwardRecords(_client, _server);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            Close();
        }
    }

    private void ForwardRecords(Socket from, Socket to)
    {
        var header = new byte[5];
        while (ReadInto(from, header, 0, 5))
        {
            int length = (header[3] << 8) | header[4];
            var record = new byte[5 + length];
            Array.Copy(header, record, 5);
            if (!ReadInto(from, record, 5, length)) break;
            RecordTamper? tamper;
            byte[] inject;
            lock (_gate)
            {
                _captured.Write(record);
                tamper = _armed;
                inject = _inject;
                _armed = null;
            }
            switch (tamper)
            {
                case RecordTamper.Flip:
                    record[^1] ^= 0x01;
                    to.Send(record);
                    break;
                case RecordTamper.Duplicate:
                    to.Send(record);
                    to.Send(record);
                    break;
                case RecordTamper.Inject:
                    to.Send(inject);
                    to.Send(record);
                    break;
                default:
                    to.Send(record);
                    break;
            }
            if (tamper != null) Tampered.Set();
        }
        try { to.Shutdown(SocketShutdown.Send); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    private static bool ReadInto(Socket from, byte[] buffer, int offset, int count)
    {
        while (count > 0)
        {
            int n = from.Receive(buffer, offset, count, SocketFlags.None);
            if (n == 0) return false;
            offset += n;
            count -= n;
        }
        return true;
    }

    private static void Copy(Socket from, Socket to)
    {
        var buffer = new byte[16384];
        try
        {
            int n;
            while ((n = from.Receive(buffer)) > 0) to.Send(buffer, 0, n, SocketFlags.None);
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private void Close()
    {
        _client?.Dispose();
        _server?.Dispose();
    }

    public void Dispose()
    {
        _listener.Dispose();
        Close();
    }
}
