using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using CimController.Firmware.Desktop.Tls;
using CimController.Links.Tls;
using CimController.Protocol;

namespace CimController.Firmware.Desktop;

/// <summary>
/// Serves a <see cref="Firmware.Controller"/> over TCP, plain or TLS, under a <see cref="TcpLinkPolicy"/>: listens on an
/// endpoint (port 0 picks a free one, see <see cref="LocalEndPoint"/>) and keeps accepting while it serves. Each new
/// connection is admitted on its own thread (TLS: handshake and host check, bounded by the handshake timeout, so an
/// unauthenticated or stalled connection never holds the board); the first admitted host holds the board until it
/// disconnects, goes idle (no complete frame for the idle limit), stops reading its replies (send timeout) or the
/// server stops. A host admitted meanwhile is answered Busy within <see cref="BusySettleMs"/>, naming who holds the link
/// and for how long, then closed; when the holder has closed its end (its session is about to end) the newcomer waits, up
/// to <see cref="BusyGraceMs"/>, to take over, so a host that reconnects at once is not mistaken for a second one. A plain-TCP host on a TLS board is answered TlsRequired. <see cref="Stop"/> ends within
/// <see cref="StopTimeout"/>.
/// </summary>
public sealed class TcpFirmwareServer : IDisposable
{
    /// <summary>Longest wait of <see cref="Stop"/> for the server's threads.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a newly admitted host waits for the session of a holder that has closed its end to finish, ms.</summary>
    public const int BusyGraceMs = 1000;

    /// <summary>How long a holder whose socket still looks open is watched for a close before a new host is answered Busy.</summary>
    public const int BusySettleMs = 100;

    /// <summary>How often that watch looks at the holder's socket.</summary>
    private const int BusyPollMs = 10;

    private const int AcceptPollMicroseconds = 100_000;

    private readonly Controller _controller;
    private readonly TcpLinkPolicy _policy;
    private readonly IClock _clock = new SystemClock();
    private readonly Socket _listener;
    private readonly object _gate = new();
    private readonly HashSet<Socket> _open = new();
    private readonly List<Thread> _threads = new();
    private Thread? _acceptThread;
    private Holder? _holder;
    private bool _stopping;
    private int _admitting;
    private int _sessions;
    private int _refused;

    /// <summary>The host holding the board: its address, since when (clock ms), and its socket.</summary>
    private sealed record Holder(string Peer, long SinceMs, Socket Socket);

    /// <summary>Binds and listens on <paramref name="endpoint"/> under <paramref name="policy"/> (null: the defaults, plain TCP); call <see cref="Start"/> to serve.</summary>
    /// <exception cref="SocketException">The endpoint cannot be bound.</exception>
    public TcpFirmwareServer(Controller controller, IPEndPoint endpoint, TcpLinkPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(endpoint);
        _policy = policy ?? new TcpLinkPolicy();
        _policy.Validate();
        _controller = controller;
        _listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(endpoint);
            _listener.Listen(16);
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

    /// <summary>The policy served under.</summary>
    public TcpLinkPolicy Policy => _policy;

    /// <summary>Sessions served so far (hosts that held the board; refused connections are not counted).</summary>
    public int ConnectionsServed => Volatile.Read(ref _sessions);

    /// <summary>Connections refused so far (Busy, TlsRequired, TLS failures, too many admissions at once).</summary>
    public int ConnectionsRefused => Volatile.Read(ref _refused);

    /// <summary>Wraps each served link (a <see cref="Recording.SessionRecorder"/>'s Link); null: served as is.</summary>
    public Func<IHostLink, IHostLink>? WrapLink { get; set; }

    /// <summary>Receives one line per connection event (connected, refused and why, dropped and why, disconnected); null: silent.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Starts accepting.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_stopping) throw new ObjectDisposedException(nameof(TcpFirmwareServer));
            if (_acceptThread != null) return;
            _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "cimfw tcp " + LocalEndPoint };
            _acceptThread.Start();
        }
    }

    /// <summary>Stops listening, closes every connection (the one served and those being admitted) and waits, bounded, for the threads.</summary>
    public void Stop()
    {
        Socket[] open;
        Thread[] threads;
        lock (_gate)
        {
            _stopping = true;
            open = new Socket[_open.Count];
            _open.CopyTo(open);
            threads = new Thread[_threads.Count + (_acceptThread == null ? 0 : 1)];
            _threads.CopyTo(threads);
            if (_acceptThread != null) threads[^1] = _acceptThread;
            Monitor.PulseAll(_gate);
        }
        _controller.Stop();
        _listener.Dispose();
        foreach (Socket socket in open)
        {
            try { socket.Shutdown(SocketShutdown.Both); }
            catch (SocketException) { }
            catch (ObjectDisposedException) { }
        }
        long deadline = Environment.TickCount64 + (long)StopTimeout.TotalMilliseconds;
        foreach (Thread thread in threads)
        {
            if (thread != Thread.CurrentThread) thread.Join((int)Math.Max(0, deadline - Environment.TickCount64));
        }
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
            StartAdmission(client);
        }
    }

    /// <summary>Admits <paramref name="client"/> on its own thread, or closes it at once when the server stops or too many are being admitted.</summary>
    private void StartAdmission(Socket client)
    {
        string peer = Describe(client);
        Thread thread;
        lock (_gate)
        {
            if (_stopping || _admitting >= _policy.MaxAdmissions)
            {
                if (!_stopping)
                {
                    Refused(peer, _admitting + " connections are being admitted already (at most " + _policy.MaxAdmissions + ")");
                }
                client.Dispose();
                return;
            }
            _admitting++;
            _open.Add(client);
            _threads.RemoveAll(t => !t.IsAlive);
            thread = new Thread(() => Admit(client, peer)) { IsBackground = true, Name = "cimfw tcp " + peer };
            _threads.Add(thread);
        }
        thread.Start();
    }

    /// <summary>Opens the link (TLS: handshake and host check), then serves the host or refuses it Busy.</summary>
    private void Admit(Socket client, string peer)
    {
        bool admitting = true;
        INetworkLink? link = null;
        try
        {
            link = Open(client, peer);
            if (link == null) return;
            if (!Claim(peer, client, out Holder? holder))
            {
                if (holder != null) RefuseBusy(link, peer, holder);
                return;
            }
            lock (_gate)
            {
                _admitting--;
                admitting = false;
            }
            Serve(link, peer);
        }
        finally
        {
            link?.Dispose();
            client.Dispose();
            lock (_gate)
            {
                _open.Remove(client);
                if (admitting) _admitting--;
            }
        }
    }

    /// <summary>The link over <paramref name="client"/>, or null when the connection is refused (logged) or closed before it became one.</summary>
    private INetworkLink? Open(Socket client, string peer)
    {
        TlsServerCredentials? tls = _policy.Tls;
        if (tls == null)
        {
            return new TcpHostLink(client, _policy.SendTimeoutMs);
        }
        long deadline = _clock.NowMs + _policy.HandshakeTimeoutMs;
        int first = FirstByte(client, _policy.HandshakeTimeoutMs);
        if (first == FrameFormat.Marker0)
        {
            // A host speaking the protocol in the clear: tell it why it gets nothing (the reply carries no secret).
            using var plain = new TcpHostLink(client, _policy.SendTimeoutMs);
            LinkRefusal.Answer(plain, _clock, _policy.RefusalWaitMs, ErrorCode.TlsRequired,
                "this board serves TLS sessions only: connect with --board \"tls://HOST:PORT?fingerprint=BOARD-SHA256&cert=HOST.pfx\" (credentials: cimctl tls init)");
            Refused(peer, "plain TCP on a TLS board (answered TlsRequired)");
            return null;
        }
        if (first < 0)
        {
            Refused(peer, first == -2 ? "no TLS handshake within " + _policy.HandshakeTimeoutMs + " ms" : "closed before a TLS handshake");
            return null;
        }
        try
        {
            TlsHostLink link = TlsHostLink.Accept(client, tls, (int)Math.Max(1, deadline - _clock.NowMs), _policy.SendTimeoutMs);
            tls.Hosts.Contains(CertificateFingerprint.Of(link.PeerCertificate!), out string name);
            Log?.Invoke(peer + ": TLS " + link.Protocol + ", host '" + name + "' admitted");
            return link;
        }
        catch (TlsRefusedException e)
        {
            Refused(peer, "TLS: " + e.Message);
            return null;
        }
    }

    /// <summary>The first byte the client sends, without consuming it; -1 when it closed first, -2 when none came within <paramref name="timeoutMs"/>.</summary>
    private static int FirstByte(Socket client, int timeoutMs)
    {
        try
        {
            if (!client.Poll(TimeSpan.FromMilliseconds(timeoutMs), SelectMode.SelectRead)) return -2;
            var one = new byte[1];
            return client.Receive(one, 0, 1, SocketFlags.Peek) == 1 ? one[0] : -1;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return -1;
        }
    }

    /// <summary>
    /// Makes <paramref name="peer"/> the holder. When the present holder has closed its end, waits up to
    /// <see cref="BusyGraceMs"/> for its session to finish. False when the peer may not hold the board:
    /// <paramref name="holder"/> is then the host that keeps it, or null when the server stops.
    /// </summary>
    private bool Claim(string peer, Socket socket, out Holder? holder)
    {
        long start = _clock.NowMs;
        long deadline = start + BusyGraceMs;
        long settle = start + BusySettleMs;
        lock (_gate)
        {
            while (_holder != null && !_stopping)
            {
                long now = _clock.NowMs;
                // A holder that vanished mid-frame still has unread bytes, so it looks open until its session has
                // read them: look again for BusySettleMs before calling it a live holder.
                bool closed = HasClosed(_holder.Socket);
                long left = (closed ? deadline : Math.Min(settle, deadline)) - now;
                if (left <= 0) break;
                Monitor.Wait(_gate, closed ? (int)left : (int)Math.Min(left, BusyPollMs));
            }
            holder = _holder;
            if (_stopping || _holder != null) return false;
            _holder = new Holder(peer, _clock.NowMs, socket);
            return true;
        }
    }

    /// <summary>True when the peer has closed its end of <paramref name="socket"/> (readable with nothing to read) or the socket is gone.</summary>
    private static bool HasClosed(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    private void RefuseBusy(INetworkLink link, string peer, Holder holder)
    {
        long heldMs = _clock.NowMs - holder.SinceMs;
        LinkRefusal.Answer(link, _clock, _policy.RefusalWaitMs, ErrorCode.Busy, LinkRefusal.BusyMessage(holder.Peer, heldMs, _policy.IdleTimeoutMs));
        Refused(peer, "busy: " + holder.Peer + " has held the link for " + heldMs + " ms (answered Busy)");
    }

    private void Serve(INetworkLink link, string peer)
    {
        Interlocked.Increment(ref _sessions);
        Log?.Invoke("client " + peer + " connected");
        var idle = new IdleSessionLink(link, _clock, _policy.IdleTimeoutMs);
        try
        {
            _controller.Serve(WrapLink?.Invoke(idle) ?? idle);
        }
        catch (Exception e)
        {
            // Serve handles link failures itself; anything else is a bug, logged so the server keeps going.
            Log?.Invoke("serving " + peer + " failed: " + e);
        }
        finally
        {
            link.Dispose();
            lock (_gate)
            {
                _holder = null;
                Monitor.PulseAll(_gate);
            }
            Log?.Invoke("client " + peer + " " + SessionEnd(idle, link));
        }
    }

    /// <summary>Why a session ended, for the log: idle, not reading, a failed TLS record or reset, or an orderly close.</summary>
    private string SessionEnd(IdleSessionLink idle, INetworkLink link)
    {
        if (idle.Expired)
            return "dropped: no complete frame for " + _policy.IdleTimeoutMs + " ms (idle limit)";
        if (link.SendTimedOut)
            return "dropped: a reply was not taken within " + _policy.SendTimeoutMs + " ms (send timeout; the host does not read)";
        if (link.EndReason != null)
            return "disconnected: " + link.EndReason;
        return IsStopping ? "disconnected: the server is stopping" : "disconnected";
    }

    private void Refused(string peer, string why)
    {
        Interlocked.Increment(ref _refused);
        Log?.Invoke("refused " + peer + ": " + why);
    }

    private static string Describe(Socket client)
    {
        try { return client.RemoteEndPoint?.ToString() ?? "unknown peer"; }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { return "unknown peer"; }
    }

    private bool IsStopping
    {
        get { lock (_gate) return _stopping; }
    }
}
