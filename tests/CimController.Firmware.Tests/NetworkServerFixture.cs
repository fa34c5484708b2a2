using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// The firmware over an emulated board (ideal profile, seeded) served by a real <see cref="TcpFirmwareServer"/> on a
/// loopback port, with its log lines collected so that tests wait for server events instead of sleeping.
/// </summary>
public sealed class NetworkServerFixture : IDisposable
{
    private readonly BlockingCollection<string> _lines = new();
    private readonly List<string> _seen = new();

    public NetworkServerFixture(int seed, TcpLinkPolicy? policy = null, Action<FirmwareConfig>? configure = null)
    {
        Console.WriteLine($"emulator seed {seed}, profile ideal, noise off");
        Host = FirmwareHost.Create(FirmwareHost.EmulatorBoard, new EmulatorOptions { ProfileName = "ideal", Noise = false, Seed = seed }, configure);
        Server = new TcpFirmwareServer(Host.Controller, new IPEndPoint(IPAddress.Loopback, 0), policy)
        {
            Log = line =>
            {
                Console.WriteLine($"[server {Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1000)} ms] {line}");
                _lines.Add(line);
            },
        };
        Server.Start();
    }

    public FirmwareHost Host { get; }
    public TcpFirmwareServer Server { get; }
    public IPEndPoint EndPoint => Server.LocalEndPoint;
    public BoardEmulator Board => Host.Emulator!;

    /// <summary>A plain TCP connection to the server (the client's receive buffer set when <paramref name="receiveBufferBytes"/> &gt; 0).</summary>
    public TcpHostLink ConnectPlain(int receiveBufferBytes = 0)
    {
        var socket = new Socket(EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (receiveBufferBytes > 0) socket.ReceiveBufferSize = receiveBufferBytes;
        socket.Connect(EndPoint);
        return new TcpHostLink(socket);
    }

    /// <summary>Waits for the next log line that contains <paramref name="text"/> (lines before it are passed over); fails after <paramref name="timeout"/>.</summary>
    public string WaitForLog(string text, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            long left = deadline - Environment.TickCount64;
            if (left <= 0 || !_lines.TryTake(out string? line, (int)left))
            {
                Assert.Fail($"no server log line with '{text}' within {timeout.TotalSeconds} s; lines so far:\n" + string.Join("\n", _seen));
                return "";
            }
            _seen.Add(line);
            if (line.Contains(text, StringComparison.Ordinal)) return line;
        }
    }

    /// <summary>Milliseconds until <paramref name="link"/> reads as closed, discarding what arrives; fails after <paramref name="timeoutMs"/>.</summary>
    public static long MsUntilClosed(IHostLink link, int timeoutMs)
    {
        var sw = Stopwatch.StartNew();
        var buffer = new byte[4096];
        while (sw.ElapsedMilliseconds < timeoutMs)
        {
            if (link.Read(buffer, 0, buffer.Length, 100) < 0) return sw.ElapsedMilliseconds;
        }
        Assert.Fail($"the link was still open after {timeoutMs} ms");
        return -1;
    }

    public void Dispose()
    {
        Server.Dispose();
        Host.Dispose();
    }
}
