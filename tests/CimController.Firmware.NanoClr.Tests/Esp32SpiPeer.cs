using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;

namespace CimController.Firmware.NanoClr.Tests;

/// <summary>
/// The far end of the nanoCLR's virtual SPI (NANOCLR_SPI_SOCKET, kit README "Virtual ESP32") with nothing wired to it:
/// every transfer is answered with 0xFF bytes, as a floating MISO reads, and recorded with its time, so a test can see
/// what the firmware asks of the bus and when. Serves one connection at a time until disposed.
/// </summary>
public sealed class Esp32SpiPeer : IDisposable
{
    private const uint Magic = 0x4950534E; // "NSPI"
    private const int HeaderBytes = 24;
    private const int MaxTransferBytes = 1 << 20; // far above the ESP32's 16384-byte DMA limit

    private readonly Socket _listener;
    private readonly Thread _thread;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private readonly List<Transfer> _transfers = new();
    private Socket? _connection;
    private volatile bool _stopping;

    /// <summary>One SPI transfer as the firmware issued it.</summary>
    public sealed record Transfer(TimeSpan At, int Bus, int ChipSelect, int Mode, byte[] Written, int ReadLength);

    private Esp32SpiPeer(string socketPath)
    {
        SocketPath = socketPath;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(1);
        _thread = new Thread(Serve) { IsBackground = true, Name = "esp32-spi-peer" };
        _thread.Start();
    }

    /// <summary>The Unix socket to pass as NANOCLR_SPI_SOCKET.</summary>
    public string SocketPath { get; }

    /// <summary>A request that broke the wire format, if any (the connection was dropped).</summary>
    public string? ProtocolError { get; private set; }

    /// <summary>Listens on <paramref name="socketPath"/> (a path that does not exist yet).</summary>
    public static Esp32SpiPeer Listen(string socketPath) => new(socketPath);

    /// <summary>The transfers so far, oldest first.</summary>
    public IReadOnlyList<Transfer> Transfers
    {
        get { lock (_gate) return _transfers.ToList(); }
    }

    /// <summary>Waits until <paramref name="done"/> holds for the transfers so far (true), or the deadline passes (false).</summary>
    public bool WaitFor(Func<IReadOnlyList<Transfer>, bool> done, DateTime deadlineUtc)
    {
        lock (_gate)
        {
            while (!done(_transfers))
            {
                TimeSpan left = deadlineUtc - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(_gate, left);
            }
            return true;
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _listener.Dispose();
        _connection?.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
        File.Delete(SocketPath);
    }

    private void Serve()
    {
        while (!_stopping)
        {
            try
            {
                using Socket c = _listener.Accept();
                _connection = c;
                while (!_stopping && Answer(c))
                {
                }
            }
            catch (SocketException) when (_stopping)
            {
                return;
            }
            catch (ObjectDisposedException) when (_stopping)
            {
                return;
            }
            catch (SocketException)
            {
                // the nanoCLR went away mid-request: wait for the next connection
            }
        }
    }

    /// <summary>Reads one request and answers it; false when the peer closed the connection or broke the format.</summary>
    private bool Answer(Socket c)
    {
        byte[] header = new byte[HeaderBytes];
        if (!ReadExactly(c, header)) return false;
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        byte op = header[4];
        uint writeLen = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(16));
        uint readLen = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(20));
        if (magic != Magic || op != 1 || writeLen > MaxTransferBytes || readLen > MaxTransferBytes)
        {
            ProtocolError = $"bad request: magic 0x{magic:X8}, op {op}, write {writeLen}, read {readLen}";
            return false;
        }
        byte[] written = new byte[writeLen];
        if (!ReadExactly(c, written)) return false;
        var transfer = new Transfer(_clock.Elapsed, header[5], BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8)), header[7],
            written, (int)readLen);

        byte[] reply = new byte[8 + readLen];
        BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(0), 0); // status: ok
        BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(4), readLen);
        reply.AsSpan(8).Fill(0xFF);
        c.Send(reply);
        lock (_gate)
        {
            _transfers.Add(transfer);
            Monitor.PulseAll(_gate);
        }
        return true;
    }

    private static bool ReadExactly(Socket c, byte[] buffer)
    {
        int got = 0;
        while (got < buffer.Length)
        {
            int n = c.Receive(buffer, got, buffer.Length - got, SocketFlags.None);
            if (n == 0) return false;
            got += n;
        }
        return true;
    }
}
