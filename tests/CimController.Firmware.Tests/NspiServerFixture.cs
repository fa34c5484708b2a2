using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using CimController.Firmware.Desktop.Nspi;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CimController.Firmware.Tests.NspiTestData;

namespace CimController.Firmware.Tests;

/// <summary>A server on a fresh socket path, its log lines collected.</summary>
internal sealed class NspiServerFixture : IDisposable
{
    private readonly string _dir;
    private readonly List<string> _lines = new();

    public NspiServerFixture(NspiBoard board)
    {
        Board = board;
        _dir = Directory.CreateTempSubdirectory("nspi-").FullName;
        Path = System.IO.Path.Combine(_dir, "board.sock");
        Server = NspiBoardServer.Start(Path, board, line =>
        {
            lock (_lines)
            {
                _lines.Add(line);
                Monitor.PulseAll(_lines);
            }
        });
    }

    public NspiBoard Board { get; }
    public string Path { get; }
    public NspiBoardServer Server { get; }

    public string[] Lines
    {
        get { lock (_lines) return _lines.ToArray(); }
    }

    public NspiSocketClient Connect() => NspiSocketClient.Connect(Path);

    /// <summary>A refusal's line is logged before its reply is sent: no wait needed once the reply is in.</summary>
    public void AssertLogged(string part)
    {
        var lines = Lines;
        Assert.IsTrue(lines.Any(l => l.Contains(part, StringComparison.Ordinal)), $"no line contains '{part}':\n" + string.Join("\n", lines));
    }

    /// <summary>Waits (at most <see cref="NspiTestData.Wait"/>) for a line the server logs on its own time (connection events).</summary>
    public void WaitForLine(Func<string, bool> match)
    {
        DateTime deadline = DateTime.UtcNow + Wait;
        lock (_lines)
        {
            while (!_lines.Any(match))
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_lines, left) && !_lines.Any(match))
                    Assert.Fail("the line did not come; lines:\n" + string.Join("\n", _lines));
            }
        }
    }

    public void Dispose()
    {
        Server.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
