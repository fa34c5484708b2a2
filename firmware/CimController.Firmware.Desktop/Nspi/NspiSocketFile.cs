using System;
using System.IO;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace CimController.Firmware.Desktop.Nspi;

/// <summary>What is at a socket path before a server binds it.</summary>
public enum NspiSocketFileState
{
    /// <summary>Nothing: the path can be bound.</summary>
    Absent,
    /// <summary>A Unix socket nobody listens on (left by a server that did not clean up): it can be replaced.</summary>
    StaleSocket,
    /// <summary>A Unix socket a running server listens on: leave it alone.</summary>
    LiveSocket,
    /// <summary>A file, directory, FIFO or device (or its type cannot be read): never replaced.</summary>
    NotASocket,
}

/// <summary>Inspects and prepares the Unix socket path of an <see cref="NspiBoardServer"/>.</summary>
public static class NspiSocketFile
{
    /// <summary>Longest path, in UTF-8 bytes, that fits sockaddr_un.sun_path with its terminating zero (the nanoCLR copies at most 107).</summary>
    public const int MaxPathBytes = 107;

    private const int FileTypeMask = 0xF000;   // S_IFMT
    private const int SocketType = 0xC000;     // S_IFSOCK

    /// <summary>What is at <paramref name="path"/> now.</summary>
    public static NspiSocketFileState Inspect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!TryFileType(path, out int type, out bool exists))
            return exists ? NspiSocketFileState.NotASocket : NspiSocketFileState.Absent;
        if (type != SocketType)
            return NspiSocketFileState.NotASocket;
        // A socket: live when something accepts a connection. Non-blocking, so a listener whose backlog is full
        // answers EAGAIN at once (live) instead of making this call wait.
        using var probe = new Socket(AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return NspiSocketFileState.LiveSocket;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return NspiSocketFileState.StaleSocket;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain or SocketError.InProgress)
        {
            return NspiSocketFileState.LiveSocket;
        }
    }

    /// <summary>Makes <paramref name="path"/> bindable: nothing to do when absent, a stale socket is deleted.</summary>
    /// <exception cref="ArgumentException">The path is empty or longer than <see cref="MaxPathBytes"/> UTF-8 bytes.</exception>
    /// <exception cref="DirectoryNotFoundException">The path's folder does not exist.</exception>
    /// <exception cref="IOException">A live socket or something that is not a socket is there (the message says which).</exception>
    public static void PrepareForBind(string path)
    {
        CheckLength(path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{path}: its folder {folder} does not exist");
        switch (Inspect(path))
        {
            case NspiSocketFileState.Absent:
                return;
            case NspiSocketFileState.StaleSocket:
                File.Delete(path);
                return;
            case NspiSocketFileState.LiveSocket:
                throw new IOException($"{path} is a socket a running server listens on; stop that server or pick another path");
            default:
                throw new IOException($"{path} exists and is not a socket; refusing to replace it (remove it or pick another path)");
        }
    }

    /// <summary>Throws when <paramref name="path"/> cannot be a socket path.</summary>
    /// <exception cref="ArgumentException">Empty, or longer than <see cref="MaxPathBytes"/> UTF-8 bytes.</exception>
    public static void CheckLength(string path)
    {
        string? problem = LengthProblem(path);
        if (problem != null)
            throw new ArgumentException(problem, nameof(path));
    }

    /// <summary>Why <paramref name="path"/> cannot be a socket path (empty or too long), or null when it can.</summary>
    public static string? LengthProblem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        int bytes = Encoding.UTF8.GetByteCount(path);
        return bytes == 0 || bytes > MaxPathBytes
            ? $"socket path '{path}' is {bytes} bytes; accepted: 1..{MaxPathBytes} bytes (sockaddr_un.sun_path)"
            : null;
    }

    /// <summary>
    /// lstat(2) file type of <paramref name="path"/>. .NET has no public API for a file's type (socket, FIFO, ...), so this
    /// calls the runtime's own lstat shim, SystemNative_LStat in libSystem.Native (shipped with every .NET runtime on
    /// Linux and macOS; its FileStatus starts with i32 Flags, i32 Mode, Mode holding st_mode). False when the call fails
    /// (<paramref name="exists"/> false: no such file) or is unavailable (<paramref name="exists"/> true: type unknown).
    /// </summary>
    private static bool TryFileType(string path, out int type, out bool exists)
    {
        type = 0;
        exists = File.Exists(path) || Directory.Exists(path);
        byte[] status = new byte[512]; // FileStatus is about 128 bytes; generous in case it grows
        try
        {
            if (LStat(Encoding.UTF8.GetBytes(path + "\0"), status) != 0)
                return false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        exists = true;
        type = BitConverter.ToInt32(status, 4) & FileTypeMask;
        return true;
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
    private static extern int LStat(byte[] utf8Path, [In, Out] byte[] fileStatus);
}
