using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace CimController.Firmware.Desktop;

/// <summary>
/// Serves a <see cref="Firmware.Controller"/> over TCP: listens on an endpoint (port 0 picks a free one,
/// see <see cref="LocalEndPoint"/>), serves one connection at a time, in the order they arrive, and goes on
/// to the next when a client disconnects or vanishes mid-frame. <see cref="Stop"/> ends within
/// <see cref="StopTimeout"/>.
/// </summary>
public sealed class TcpFirmwareServer : IDisposable
{
    /// <summary>Longest wait of <see cref="Stop"/> for the serving thread.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private const int AcceptPollMicroseconds = 100_000;

    private readonly Controller _controller;
    private readonly Socket _listener;
    private readonly object _gate = new();
    private Thread? _thread;
    private TcpHostLink? _current;
    private bool _stopping;
    private int _connections;

    /// <summary>Binds and listens on <paramref name="endpoint"/>; call <see cref="Start"/> to serve.</summary>
    /// <exception cref="SocketException">The endpoint cannot be bound.</exception>
    public TcpFirmwareServer(Controller controller, IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(endpoint);
        _controller = controller;
        _listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(endpoint);
            _listener.Listen(4);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    /// <summary>The bound endpoint (with the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionsServed => Volatile.Read(ref _connections);

    /// <summary>Wraps each host link before it is served (a <see cref="Recording.SessionRecorder"/>'s Link); null: served as is.</summary>
    public Func<IHostLink, IHostLink>? WrapLink { get; set; }

    /// <summary>Receives one line per connection event (accepted, closed); null: silent.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Starts the serving thread.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_stopping) throw new ObjectDisposedException(nameof(TcpFirmwareServer));
            if (_thread != null) return;
            _thread = new Thread(AcceptLoop) { IsBackground = true, Name = "cimfw tcp " + LocalEndPoint };
            _thread.Start();
        }
    }

    /// <summary>Stops listening, drops the current client and waits (bounded) for the serving thread.</summary>
    public void Stop()
    {
        Thread? thread;
        lock (_gate)
        {
            _stopping = true;
            thread = _thread;
            _current?.Dispose();
        }
        _controller.Stop();
        _listener.Dispose();
        if (thread != null && thread != Thread.CurrentThread) thread.Join(StopTimeout);
    }

    /// <summary>Same as <see cref="Stop"/>.</summary>
    public void Dispose() => Stop();

    private void AcceptLoop()
    {
        while (true)
        {
            Socket client;
            try
            {
                // Poll rather than block in Accept, so that Stop is seen within AcceptPollMicroseconds on every OS.
                if (!_listener.Poll(AcceptPollMicroseconds, SelectMode.SelectRead))
                {
                    if (IsStopping) return;
                    continue;
                }
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (IsStopping) return;
                Log?.Invoke("accept failed: " + e.Message);
                continue;
            }
            var link = new TcpHostLink(client);
            lock (_gate)
            {
                if (_stopping)
                {
                    link.Dispose();
                    return;
                }
                _current = link;
            }
            Interlocked.Increment(ref _connections);
            var peer = link.RemoteEndPoint;
            Log?.Invoke("client " + peer + " connected");
            try
            {
                _controller.Serve(WrapLink?.Invoke(link) ?? link);
            }
            catch (Exception e)
            {
                // Serve handles link failures itself; anything else is a bug, logged so the server keeps going.
                Log?.Invoke("serving " + peer + " failed: " + e);
            }
            finally
            {
                lock (_gate) _current = null;
                link.Dispose();
                Log?.Invoke("client " + peer + " disconnected");
            }
        }
    }

    private bool IsStopping
    {
        get { lock (_gate) return _stopping; }
    }
}
