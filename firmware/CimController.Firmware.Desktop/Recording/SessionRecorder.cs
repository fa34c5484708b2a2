using System;
using System.IO;
using CimController.Firmware.Transcripts;
using CimController.Protocol.Board;

namespace CimController.Firmware.Desktop.Recording;

/// <summary>
/// Records a firmware session as a transcript (firmware/CimController.Firmware.Transcripts): wrap the firmware's SPI
/// bus(es), clock, delay and each host link with it, call <see cref="Begin"/> with the configuration before the
/// controller is built, and <see cref="Finish"/> (or dispose) at the end. Every host frame in, SPI transaction, clock
/// reading, delay and frame out is written in the order the firmware made it; events are serialised by one lock.
/// A replay (<see cref="Replayer"/>) of the result must reproduce the firmware's side byte for byte.
/// </summary>
public sealed class SessionRecorder : IDisposable
{
    private readonly object _gate = new();
    private readonly Stream _output;
    private readonly bool _ownsOutput;
    private readonly TranscriptWriter _writer;
    private bool _begun;
    private bool _finished;
    private bool _linkOpen;
    private int _lastReadCount;
    private int _lastReadTimeoutMs;
    private long _lastClockMs;

    /// <summary>Records into <paramref name="output"/> (closed by <see cref="Dispose"/> when <paramref name="ownsOutput"/>).</summary>
    public SessionRecorder(Stream output, string name, bool ownsOutput = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(name);
        _output = output;
        _ownsOutput = ownsOutput;
        Name = name;
        _writer = new TranscriptWriter(new StreamSink(output));
    }

    /// <summary>The scenario's name written into the header.</summary>
    public string Name { get; }

    /// <summary>Silence, ms, of the <see cref="SilenceWatchdogLink"/> that wraps each recorded host link (0: none); set before <see cref="Begin"/>.</summary>
    public int WatchdogSilenceMs { get; set; }

    /// <summary>Writes the header: the board kind, the firmware's configuration, the discrete board's definition.</summary>
    public void Begin(int boardKind, FirmwareConfig config, DiscreteBoardDefinition? discrete = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        lock (_gate)
        {
            if (_begun) throw new InvalidOperationException("the recording has begun already");
            _begun = true;
            _writer.Begin(new TranscriptHeader
            {
                Name = Name, BoardKind = boardKind, WatchdogSilenceMs = WatchdogSilenceMs, Config = config, Discrete = discrete,
            });
        }
    }

    /// <summary>Records the transfers on <paramref name="inner"/> as SPI bus <paramref name="bus"/>.</summary>
    public ISpiBus Bus(ISpiBus inner, int bus) => new RecordingSpiBus(this, inner, bus);

    /// <summary>Records every reading of <paramref name="inner"/>.</summary>
    public IClock Clock(IClock inner) => new RecordingClock(this, inner);

    /// <summary>Records every delay made through <paramref name="inner"/>.</summary>
    public IDelay Delay(IDelay inner) => new RecordingDelay(this, inner);

    /// <summary>Starts a host link session (the next Serve) and records its traffic.</summary>
    public IHostLink Link(IHostLink inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        lock (_gate)
        {
            CheckOpen();
            _writer.Serve();
            _linkOpen = true;
        }
        return new RecordingHostLink(this, inner);
    }

    /// <summary>
    /// Ends the transcript and flushes it; later events are dropped. A recording that stops while a host link is open
    /// (the runner stopped, Ctrl-C) ends as if that host had closed the link there: one more link read answering -1
    /// (and the watchdog's clock reading after it), so a replay's Serve returns where the recorded one did.
    /// </summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_finished || !_begun) { _finished = true; return; }
            _finished = true;
            if (_linkOpen && _lastReadCount > 0)
            {
                _writer.LinkRead(_lastReadCount, _lastReadTimeoutMs, -1, Array.Empty<byte>(), 0);
                if (WatchdogSilenceMs > 0) _writer.Clock(_lastClockMs);
            }
            _writer.End();
            _output.Flush();
        }
    }

    /// <summary>Finishes and closes the output when owned.</summary>
    public void Dispose()
    {
        Finish();
        if (_ownsOutput) _output.Dispose();
    }

    internal void Record(Action<TranscriptWriter> write)
    {
        lock (_gate)
        {
            if (_finished) return;
            CheckOpen();
            write(_writer);
        }
    }

    /// <summary>Records a link read and whether the link is still open after it.</summary>
    internal void RecordRead(int count, int timeoutMs, int result, byte[] buffer, int offset)
    {
        lock (_gate)
        {
            if (_finished) return;
            CheckOpen();
            _writer.LinkRead(count, timeoutMs, result, buffer, offset);
            _lastReadCount = count;
            _lastReadTimeoutMs = timeoutMs;
            if (result < 0) _linkOpen = false;
        }
    }

    /// <summary>Records a clock reading.</summary>
    internal void RecordClock(long ms)
    {
        lock (_gate)
        {
            if (_finished) return;
            CheckOpen();
            _writer.Clock(ms);
            _lastClockMs = ms;
        }
    }

    private void CheckOpen()
    {
        if (!_begun) throw new InvalidOperationException("the recording has not begun: call Begin with the firmware's configuration first");
    }

    private sealed class StreamSink(Stream stream) : IByteSink
    {
        public void Write(byte[] buffer, int offset, int count) => stream.Write(buffer, offset, count);
    }
}
