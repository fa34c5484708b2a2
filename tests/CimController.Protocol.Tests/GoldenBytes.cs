using System;
using System.Collections;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Protocol.Tests;

/// <summary>
/// The golden-bytes check of one message type: a fixed instance writes exactly the bytes of a hex literal (the layout of
/// PROTOCOL.md, encoded by hand), and reading those bytes into a fresh instance gives back every public field.
/// </summary>
internal static class GoldenBytes
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>The payload <paramref name="write"/> produces.</summary>
    public static byte[] Written(Action<PayloadWriter> write)
    {
        byte[] buffer = new byte[4096];
        var w = new PayloadWriter();
        w.Reset(buffer, 0, buffer.Length);
        write(w);
        return buffer.AsSpan(0, w.Length).ToArray();
    }

    /// <summary>Asserts Write(sent) == <paramref name="hex"/> and Read(hex) == sent, field by field; returns the reader after Read.</summary>
    public static PayloadReader Check<T>(T sent, Action<T, PayloadWriter> write, Action<T, PayloadReader> read, string hex, byte[]? trailing = null)
        where T : new()
    {
        byte[] expected = Hex(hex);
        Assert.AreEqual(Convert.ToHexString(expected), Convert.ToHexString(Written(w => write(sent, w))), typeof(T).Name + ".Write");
        byte[] payload = trailing == null ? expected : [.. expected, .. trailing];
        var reader = new PayloadReader();
        reader.Reset(payload, 0, payload.Length);
        var got = new T();
        read(got, reader);
        Assert.AreEqual(trailing?.Length ?? 0, reader.Remaining, typeof(T).Name + ".Read leaves only the bytes that follow the message");
        AssertFieldsEqual(sent!, got!);
        return reader;
    }

    public static void AssertFieldsEqual(object sent, object got)
    {
        foreach (var field in sent.GetType().GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            object? a = field.GetValue(sent);
            object? b = field.GetValue(got);
            if (a is IList listA && b is IList listB && a is not string)
            {
                CollectionAssert.AreEqual(listA, listB, sent.GetType().Name + "." + field.Name);
            }
            else
            {
                Assert.AreEqual(a, b, sent.GetType().Name + "." + field.Name);
            }
        }
    }
}
