using System;
using System.IO.Ports;

namespace CimController.Firmware.Desktop;

/// <summary>
/// The host link over a serial port (8N1, no handshake). A read that times out returns 0; a closed or
/// vanished port reads as -1 and fails writes with <see cref="System.IO.IOException"/>. Owns the port.
/// </summary>
public sealed class SerialHostLink : IHostLink, IDisposable
{
    /// <summary>Default baud rate (the ESP32 firmware's).</summary>
    public const int DefaultBaud = 921600;

    private readonly SerialPort _port;
    private int _disposed;

    /// <summary>Opens <paramref name="portName"/> (e.g. /dev/ttyS1, /dev/ttyUSB0, COM3) at <paramref name="baud"/>.</summary>
    /// <exception cref="System.IO.IOException">The port cannot be opened (the message names it).</exception>
    public SerialHostLink(string portName, int baud = DefaultBaud)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(portName);
        ArgumentOutOfRangeException.ThrowIfLessThan(baud, 1);
        _port = new SerialPort(portName, baud, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadBufferSize = 1 << 16,
            WriteBufferSize = 1 << 16,
            WriteTimeout = 5000,
        };
        try
        {
            _port.Open();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.IO.IOException)
        {
            _port.Dispose();
            throw new System.IO.IOException($"cannot open serial port {portName} at {baud} baud: {e.Message}", e);
        }
        PortName = portName;
        Baud = baud;
    }

    /// <summary>The port's name.</summary>
    public string PortName { get; }

    /// <summary>The baud rate.</summary>
    public int Baud { get; }

    /// <inheritdoc />
    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        if (count == 0) return 0;
        try
        {
            if (!_port.IsOpen) return -1;
            _port.ReadTimeout = Math.Max(1, timeoutMs);
            return _port.Read(buffer, offset, count);
        }
        catch (TimeoutException)
        {
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or System.IO.IOException)
        {
            return -1;
        }
    }

    /// <inheritdoc />
    public void Write(byte[] buffer, int offset, int count)
    {
        try
        {
            _port.Write(buffer, offset, count);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or TimeoutException)
        {
            throw new System.IO.IOException($"serial port {PortName}: write failed: {e.Message}", e);
        }
    }

    /// <summary>Closes the port.</summary>
    public void Dispose()
    {
        if (System.Threading.Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try { _port.Close(); }
        catch (System.IO.IOException) { }
        _port.Dispose();
    }
}
