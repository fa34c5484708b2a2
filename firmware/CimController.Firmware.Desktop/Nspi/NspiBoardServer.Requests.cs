using System;
using System.Net.Sockets;
using System.Threading;

namespace CimController.Firmware.Desktop.Nspi;

/// <summary>One request: read, check, route to the device, answer. Buffers are reused across requests.</summary>
public sealed partial class NspiBoardServer
{
    private const int InitialTransferBytes = 8192;

    private byte[] _tx = new byte[InitialTransferBytes];
    private byte[] _rx = new byte[InitialTransferBytes];
    private byte[] _reply = new byte[NspiCodec.ReplyHeaderLength + InitialTransferBytes];

    /// <summary>Reads and answers one request; null to go on, else why the connection ends.</summary>
    private string? ServeRequest(Socket connection)
    {
        const int header = NspiCodec.RequestHeaderLength;
        long deadline = 0;
        string? end = _reader.Require(connection, header, RequestTimeout, ref deadline);
        if (end != null) return end;
        NspiRequestHeader h = NspiCodec.ReadRequestHeader(_reader.Peek(header));
        if (h.Magic != NspiCodec.Magic)
        {
            Refuse(connection, NspiStatus.BadMagic,
                $"refused a request with magic 0x{h.Magic:X8}; accepted: 0x{NspiCodec.Magic:X8} (\"NSPI\"); closing the connection");
            return "bad magic";
        }
        if (h.WriteLength > MaxTransferBytes || h.ReadLength > MaxTransferBytes)
        {
            Refuse(connection, NspiStatus.TooLong,
                $"refused a transfer of {h.WriteLength} bytes out and {h.ReadLength} in; accepted: at most {MaxTransferBytes} each way; closing the connection");
            return "request too long";
        }
        int writeLength = (int)h.WriteLength;
        end = _reader.Require(connection, header + writeLength, RequestTimeout, ref deadline);
        if (end != null) return end;
        Answer(connection, h, _reader.Peek(header + writeLength)[header..]);
        _reader.Consume(header + writeLength);
        return null;
    }

    /// <summary>Checks the request against the board, does the transfer and sends the reply (or a refusal).</summary>
    private void Answer(Socket connection, in NspiRequestHeader h, ReadOnlySpan<byte> write)
    {
        NspiDevice? device = Route(h, out NspiStatus refusal, out string? why);
        if (device == null)
        {
            Refuse(connection, refusal, why!);
            return;
        }
        int writeLength = write.Length;
        int readLength = (int)h.ReadLength;
        int count = h.FullDuplex ? Math.Max(writeLength, readLength) : writeLength + readLength;
        int readFrom = h.FullDuplex ? 0 : writeLength;
        EnsureCapacity(count, readLength);
        write.CopyTo(_tx);
        _tx.AsSpan(writeLength, count - writeLength).Fill(ReadPhaseFiller);
        if (count > 0)
        {
            try
            {
                device.Spi.Transfer(_tx, _rx, count);
            }
            catch (Exception e)
            {
                Refuse(connection, NspiStatus.DeviceFault, $"the {device} failed a transfer of {count} bytes: {e.GetType().Name}: {e.Message}");
                return;
            }
        }
        NspiCodec.WriteReplyHeader(NspiStatus.Ok, (uint)readLength, _reply);
        _rx.AsSpan(readFrom, readLength).CopyTo(_reply.AsSpan(NspiCodec.ReplyHeaderLength));
        Interlocked.Increment(ref _transfers);
        NspiTransferObserver? observer = _observer;
        if (observer != null)
        {
            try
            {
                observer(h.Bus, h.ChipSelect, h.Mode, _tx.AsSpan(0, writeLength), _reply.AsSpan(NspiCodec.ReplyHeaderLength, readLength));
            }
            catch (Exception e)
            {
                Log($"the transfer observer threw {e.GetType().Name}: {e.Message}");
            }
        }
        Send(connection, _reply.AsSpan(0, NspiCodec.ReplyHeaderLength + readLength));
    }

    /// <summary>The device for <paramref name="h"/>, or null with the status and the line that refuse it.</summary>
    private NspiDevice? Route(in NspiRequestHeader h, out NspiStatus refusal, out string? why)
    {
        refusal = NspiStatus.Ok;
        why = null;
        if (h.Op != NspiCodec.TransferOp)
        {
            refusal = NspiStatus.UnknownOp;
            why = $"refused a request with op {h.Op}; accepted: op {NspiCodec.TransferOp} (transfer)";
            return null;
        }
        int unknownFlags = h.Flags & ~NspiCodec.KnownFlags;
        if (unknownFlags != 0)
        {
            refusal = NspiStatus.UnknownFlags;
            why = $"refused a transfer with flags 0x{h.Flags:X2}: bits 0x{unknownFlags:X2} are not defined; accepted: bit 0 full duplex, bit 1 16-bit words, bit 2 chip select active high";
            return null;
        }
        NspiDevice? device = Board.Find(h.Bus, h.ChipSelect);
        if (device == null)
        {
            refusal = NspiStatus.NoDevice;
            why = $"refused a transfer on bus {h.Bus} CS {h.ChipSelect}: no device there; devices: {Board}";
            return null;
        }
        if (h.Words16)
        {
            refusal = NspiStatus.WordSizeNotSupported;
            why = $"refused {Target(device, h)} in 16-bit words; accepted: 8-bit words (flags bit 1 clear)";
            return null;
        }
        if (h.ChipSelectActiveHigh)
        {
            refusal = NspiStatus.ChipSelectPolarity;
            why = $"refused {Target(device, h)} with chip select active high; accepted: active low (flags bit 2 clear)";
            return null;
        }
        if (!device.WorksInMode(h.Mode))
        {
            refusal = NspiStatus.ModeNotSupported;
            why = $"refused {Target(device, h)} in SPI mode {h.Mode}; accepted: {device.ModesText}";
            return null;
        }
        return device;
    }

    private static string Target(NspiDevice device, in NspiRequestHeader h) => $"a transfer to the {device.Name} on bus {h.Bus} CS {h.ChipSelect}";

    /// <summary>Logs <paramref name="line"/> and answers <paramref name="status"/> with no data.</summary>
    private void Refuse(Socket connection, NspiStatus status, string line)
    {
        Interlocked.Increment(ref _refusals);
        Log(line);
        NspiCodec.WriteReplyHeader(status, 0, _reply);
        Send(connection, _reply.AsSpan(0, NspiCodec.ReplyHeaderLength));
    }

    private static void Send(Socket connection, ReadOnlySpan<byte> bytes)
    {
        // Blocking send, bounded by the connection's SendTimeout (RequestTimeout).
        while (!bytes.IsEmpty)
            bytes = bytes[connection.Send(bytes, SocketFlags.None)..];
    }

    /// <summary>Grows the transfer buffers (never shrinks them): after the largest transfer so far, no allocation.</summary>
    private void EnsureCapacity(int count, int readLength)
    {
        if (_tx.Length < count)
        {
            int size = Math.Max(count, 2 * _tx.Length);
            _tx = new byte[size];
            _rx = new byte[size];
        }
        if (_reply.Length < NspiCodec.ReplyHeaderLength + readLength)
            _reply = new byte[NspiCodec.ReplyHeaderLength + Math.Max(readLength, 2 * (_reply.Length - NspiCodec.ReplyHeaderLength))];
    }
}
