using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;

namespace CimController.Firmware.Desktop.Nspi;

/// <summary>
/// Serves an <see cref="NspiBoard"/> to the kit's virtual ESP32: the POSIX nanoCLR, started with
/// NANOCLR_SPI_SOCKET=<see cref="SocketPath"/>, connects as a client and sends every SPI transfer of the app as one
/// NSPI request (<see cref="NspiCodec"/>). One connection is served at a time; after a disconnect the next one is
/// (the nanoCLR reconnects once when a connection breaks). Requests are routed by (bus, chip select) to the board's
/// devices and checked against them; a refusal is answered with a non-zero <see cref="NspiStatus"/> and one log line.
/// <para>Transfers: full duplex is one device transfer of max(writeLen, readLen) bytes (write data, then
/// <see cref="ReadPhaseFiller"/> bytes when readLen is longer), answering its first readLen bytes. Half duplex keeps
/// chip select down across both phases, so it is one device transfer of the write data followed by readLen
/// <see cref="ReadPhaseFiller"/> bytes, answering the bytes clocked in during the read phase. A transfer of no bytes
/// clocks nothing: it is answered (ok, no data) without touching the device.</para>
/// </summary>
public sealed partial class NspiBoardServer : IDisposable
{
    /// <summary>Largest writeLen and readLen accepted, bytes. The nanoCLR's SPI natives count elements in an int16
    /// (at most 32767 16-bit words = 65534 bytes), and the ESP32's SPI DMA moves 16384; larger is refused.</summary>
    public const int MaxTransferBytes = 65536;

    /// <summary>The byte MOSI carries while only reading (half-duplex read phase, or the tail of a full-duplex transfer
    /// whose readLen exceeds writeLen): 0x00, the dummy byte every emulated device ignores (the register map's reads
    /// send zeros after their header; the MCP3208 waits for a 1 start bit; the AD5328 ignores bits after its 16th).</summary>
    public const byte ReadPhaseFiller = 0x00;

    /// <summary>Longest wait of <see cref="Dispose"/> for the serving thread.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Time a begun request has to arrive completely, and a reply to be taken by the client; past it the connection is closed.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private const int AcceptPollMicroseconds = 100_000;

    private readonly Socket _listener;
    private readonly Action<string>? _log;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private readonly NspiRequestReader _reader = new();
    private Socket? _current;
    private bool _stopping;
    private long _transfers;
    private long _refusals;
    private int _connections;
    private volatile NspiTransferObserver? _observer;

    private NspiBoardServer(string socketPath, NspiBoard board, Action<string>? log, Socket listener)
    {
        SocketPath = socketPath;
        Board = board;
        _log = log;
        _listener = listener;
        _thread = new Thread(AcceptLoop) { IsBackground = true, Name = "nspi " + socketPath };
    }

    /// <summary>The Unix socket path to give the nanoCLR as NANOCLR_SPI_SOCKET.</summary>
    public string SocketPath { get; }

    /// <summary>The board served.</summary>
    public NspiBoard Board { get; }

    /// <summary>Transfers done by a device (status ok) so far, over all connections.</summary>
    public long TransferCount => Interlocked.Read(ref _transfers);

    /// <summary>Requests answered with a non-zero status so far.</summary>
    public long RefusalCount => Interlocked.Read(ref _refusals);

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Called after each transfer (see <see cref="NspiTransferObserver"/>); null: none. May be set at any time.</summary>
    public NspiTransferObserver? Observer
    {
        get => _observer;
        set => _observer = value;
    }

    /// <summary>
    /// Listens on <paramref name="socketPath"/> and serves <paramref name="board"/> on a background thread. A stale
    /// socket file at the path is replaced. <paramref name="log"/> gets one line per connection opened or closed and per
    /// refusal (no prefix); null: silent.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty or too long for a Unix socket.</exception>
    /// <exception cref="DirectoryNotFoundException">The path's folder does not exist.</exception>
    /// <exception cref="IOException">A live socket, or something that is not a socket, is at the path.</exception>
    /// <exception cref="SocketException">The path cannot be bound (missing folder, no permission).</exception>
    public static NspiBoardServer Start(string socketPath, NspiBoard board, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(socketPath);
        ArgumentNullException.ThrowIfNull(board);
        NspiSocketFile.PrepareForBind(socketPath);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            listener.Listen(4);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        var server = new NspiBoardServer(socketPath, board, log, listener);
        server._thread.Start();
        return server;
    }

    /// <summary>Stops listening, closes the current connection, waits (at most <see cref="StopTimeout"/>) for the
    /// serving thread and deletes the socket file.</summary>
    public void Dispose()
    {
        Socket? current;
        lock (_gate)
        {
            if (_stopping) return;
            _stopping = true;
            current = _current;
        }
        try
        {
            // Wakes the serving thread out of a blocking receive; the thread then disposes the connection.
            current?.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        _listener.Dispose();
        if (!_thread.Join(StopTimeout))
            Log($"the serving thread did not stop within {StopTimeout.TotalSeconds:0} s (a device transfer still running)");
        try
        {
            File.Delete(SocketPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log($"could not delete {SocketPath}: {e.Message}");
        }
    }

    private bool IsStopping
    {
        get { lock (_gate) return _stopping; }
    }

    private void Log(string line) => _log?.Invoke(line);

    private void AcceptLoop()
    {
        while (true)
        {
            Socket connection;
            try
            {
                // Poll rather than block in Accept, so that Dispose is seen within AcceptPollMicroseconds.
                if (!_listener.Poll(AcceptPollMicroseconds, SelectMode.SelectRead))
                {
                    if (IsStopping) return;
                    continue;
                }
                connection = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (IsStopping) return;
                Log("accept failed: " + e.Message);
                continue;
            }
            lock (_gate)
            {
                if (_stopping)
                {
                    connection.Dispose();
                    return;
                }
                _current = connection;
            }
            Serve(connection, Interlocked.Increment(ref _connections));
            lock (_gate) _current = null;
            connection.Dispose();
        }
    }

    /// <summary>Serves requests on <paramref name="connection"/> until it closes, breaks or is refused for good.</summary>
    private void Serve(Socket connection, int number)
    {
        long before = TransferCount;
        Log($"connection {number} open");
        string end;
        try
        {
            connection.SendTimeout = (int)RequestTimeout.TotalMilliseconds;
            _reader.Reset();
            string? why;
            do
            {
                why = ServeRequest(connection);
            }
            while (why == null);
            end = why;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            end = IsStopping ? "the server is stopping" : "broken: " + e.Message;
        }
        if (IsStopping && end == "the client closed it") end = "the server is stopping";
        Log($"connection {number} closed after {TransferCount - before} transfers: {end}");
    }
}
