namespace CimController.Learning.Layers;

/// <summary>Grow-only scratch arrays reused between batches.</summary>
internal static class Buffers
{
    /// <summary>Returns <paramref name="buffer"/> if it holds at least <paramref name="length"/> values, else a new array.</summary>
    public static float[] Ensure(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = new float[length];
        }

        return buffer;
    }
}
