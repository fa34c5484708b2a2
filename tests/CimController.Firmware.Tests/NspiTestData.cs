using System;
using System.Linq;
using CimController.Emulator;
using CimController.Firmware.Desktop.Nspi;
using CimController.Protocol.Board;

namespace CimController.Firmware.Tests;

/// <summary>What the NSPI test classes share: the emulator's seed, the bound on every wait, and request bytes.</summary>
internal static class NspiTestData
{
    public const int Seed = 4242;
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public static EmulatorOptions Options() => new() { Seed = Seed };

    public static byte[] Register(byte register, uint value) =>
        new byte[] { SpiOpcode.WriteRegister, register, (byte)value, (byte)(value >> 8), (byte)(value >> 16), (byte)(value >> 24) };

    public static byte[] Concat(byte[] a, byte[] b) => a.Concat(b).ToArray();

    public static byte[] Header(NspiRequestHeader h)
    {
        var bytes = new byte[NspiCodec.RequestHeaderLength];
        NspiCodec.WriteRequestHeader(h, bytes);
        return bytes;
    }
}
