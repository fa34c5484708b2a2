using System;
using System.Threading;

namespace CimController.Firmware.Desktop;

/// <summary>
/// Serves a <see cref="Firmware.Controller"/> over a serial port. When the port fails (adapter unplugged) it
/// is reopened every <see cref="RetryInterval"/> until <see cref="Stop"/>.
/// </summary>
public sealed class SerialFirmwareServer : IDisposable
{
    /// <summary>Wait between attempts to (re)open the port.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait of <see cref="Stop"/> for the serving thread.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Controller _controller;
    private readonly ManualResetEventSlim _stop = new(false);
    private readonly object _gate = new();
    private SerialHostLink? _link;
    private Thread? _thread;

    /// <summary>Opens <paramref name="portName"/> at <paramref name="baud"/>; fails at once when the port cannot be opened.</summary>
    public SerialFirmwareServer(Controller controller, string portName, int baud = SerialHostLink.DefaultBaud)
    {
        ArgumentNullException.ThrowIfNull(controller);
        _controller = controller;
        PortName = portName;
        Baud = baud;
        _link = new SerialHostLink(portName, baud);
    }

    /// <summary>The serial port served.</summary>
    public string PortName { get; }

    /// <summary>Its baud rate.</summary>
    public int Baud { get; }

    /// <summary>Receives one line per port event; null: silent.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Wraps each host link before it is served (a <see cref="Recording.SessionRecorder"/>'s Link); null: served as is.</summary>
    public Func<IHostLink, IHostLink>? WrapLink { get; set; }

    /// <summary>Starts the serving thread.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_stop.IsSet) throw new ObjectDisposedException(nameof(SerialFirmwareServer));
            if (_thread != null) return;
            _thread = new Thread(Run) { IsBackground = true, Name = "cimfw serial " + PortName };
            _thread.Start();
        }
    }

    /// <summary>Stops serving, closes the port and waits (bounded) for the thread.</summary>
    public void Stop()
    {
        Thread? thread;
        lock (_gate)
        {
            _stop.Set();
            thread = _thread;
            _link?.Dispose();
        }
        _controller.Stop();
        if (thread != null && thread != Thread.CurrentThread) thread.Join(StopTimeout);
    }

    /// <summary>Same as <see cref="Stop"/>.</summary>
    public void Dispose() => Stop();

    private void Run()
    {
        while (!_stop.IsSet)
        {
            SerialHostLink? link;
            lock (_gate) link = _link;
            if (link == null)
            {
                try
                {
                    link = new SerialHostLink(PortName, Baud);
                }
                catch (System.IO.IOException e)
                {
                    Log?.Invoke(e.Message + "; retrying");
                    _stop.Wait(RetryInterval);
                    continue;
                }
                lock (_gate)
                {
                    if (_stop.IsSet)
                    {
                        link.Dispose();
                        return;
                    }
                    _link = link;
                }
            }
            try
            {
                _controller.Serve(WrapLink?.Invoke(link) ?? link);
            }
            catch (Exception e)
            {
                // Serve handles link failures itself; anything else is a bug, logged so the server keeps going.
                Log?.Invoke("serving " + PortName + " failed: " + e);
            }
            lock (_gate)
            {
                _link = null;
            }
            link.Dispose();
            if (!_stop.IsSet)
            {
                Log?.Invoke("serial port " + PortName + " closed; reopening");
                _stop.Wait(RetryInterval);
            }
        }
    }
}
