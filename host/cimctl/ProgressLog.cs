using System;
using System.Globalization;
using System.IO;

namespace CimController.Cli
{
    /// <summary>
    /// Progress as plain lines, for output that is not a terminal (a log file, a pipe, --json): no bar redrawn in place,
    /// but one line per step at a rate a log can hold. A step writes a line when a tenth more of it is done (at most one
    /// such line per fifth of the interval, and only once the step has run that long, so quick steps stay silent), and
    /// every interval whatever happens (a heartbeat, also from <see cref="Tick"/>, so a step without progress reports still
    /// shows it is alive); a step that wrote a line, or ran for an interval, ends with a "done" line. An interval of zero
    /// writes every report. Thread-safe: reports come from the worker, ticks from a timer.
    /// </summary>
    public sealed class ProgressLog
    {
        private readonly TextWriter _output;
        private readonly Func<TimeSpan> _clock;
        private readonly TimeSpan _interval;
        private readonly object _gate = new object();
        private TimeSpan _lastLine;
        private string? _label;
        private TimeSpan _stepStart;
        private long _done;
        private long _total;
        private long _tenths;
        private bool _wrote;

        /// <summary>A log writing to <paramref name="output"/>; <paramref name="clock"/> gives the time since the command started.</summary>
        public ProgressLog(TextWriter output, Func<TimeSpan> clock, TimeSpan interval)
        {
            _output = output;
            _clock = clock;
            _interval = interval < TimeSpan.Zero ? TimeSpan.Zero : interval;
            _lastLine = clock();
        }

        /// <summary>The interval between heartbeat lines.</summary>
        public TimeSpan Interval => _interval;

        /// <summary>Starts a step named <paramref name="label"/> (ending any step still open).</summary>
        public void Begin(string label)
        {
            lock (_gate)
            {
                _label = label;
                _stepStart = _clock();
                _done = 0;
                _total = 0;
                _tenths = 0;
                _wrote = false;
            }
        }

        /// <summary>The current step has <paramref name="done"/> of <paramref name="total"/> units finished (total 0: unknown).</summary>
        public void Report(long done, long total)
        {
            lock (_gate)
            {
                if (_label == null)
                {
                    return;
                }
                _done = done;
                _total = total;
                TimeSpan now = _clock();
                long tenths = total > 0 ? Math.Clamp(done * 10 / total, 0, 10) : 0;
                bool advanced = tenths > _tenths;
                _tenths = Math.Max(_tenths, tenths);
                TimeSpan fifth = _interval / 5;
                if (now - _lastLine >= _interval || (advanced && now - _lastLine >= fifth && now - _stepStart >= fifth))
                {
                    WriteLine(now, Describe(now));
                }
            }
        }

        /// <summary>Writes a heartbeat line for the current step when an interval has passed since the last line.</summary>
        public void Tick()
        {
            lock (_gate)
            {
                TimeSpan now = _clock();
                if (_label != null && _interval > TimeSpan.Zero && now - _lastLine >= _interval)
                {
                    WriteLine(now, Describe(now));
                }
            }
        }

        /// <summary>Ends the current step: a "done" line when it wrote a line or ran for an interval.</summary>
        public void End()
        {
            lock (_gate)
            {
                if (_label == null)
                {
                    return;
                }
                TimeSpan now = _clock();
                if (_wrote || now - _stepStart >= _interval)
                {
                    string count = _total > 0 ? ", " + _done.ToString(CultureInfo.InvariantCulture) + "/" + _total.ToString(CultureInfo.InvariantCulture) : "";
                    WriteLine(now, _label + ": done" + count + " in " + Seconds(now - _stepStart));
                }
                _label = null;
            }
        }

        /// <summary>Closes the current step without a line (it failed; the error is reported elsewhere).</summary>
        public void Abandon()
        {
            lock (_gate)
            {
                _label = null;
            }
        }

        private string Describe(TimeSpan now)
        {
            string where = _total > 0
                ? _done.ToString(CultureInfo.InvariantCulture) + "/" + _total.ToString(CultureInfo.InvariantCulture) + " (" + (100 * _done / _total).ToString(CultureInfo.InvariantCulture) + " %)"
                : _done > 0 ? _done.ToString(CultureInfo.InvariantCulture) + " done" : "running";
            return _label + ": " + where + " after " + Seconds(now - _stepStart);
        }

        private void WriteLine(TimeSpan now, string text)
        {
            _output.WriteLine(text);
            _output.Flush();
            _lastLine = now;
            _wrote = true;
        }

        private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString(t.TotalSeconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " s";
    }
}
