namespace CimController.Firmware.Transcripts
{
    /// <summary>
    /// Time per command during a replay, by the type of the reply frame that ends it: wall ticks (100 ns) from the
    /// link read that delivered the request to the reply, and how much of that the replay interfaces took.
    /// Progress frames do not end a command.
    /// </summary>
    public sealed class ReplayStats
    {
        /// <summary>Commands answered, by reply type.</summary>
        public readonly int[] Count = new int[256];

        /// <summary>Wall ticks, by reply type.</summary>
        public readonly long[] Ticks = new long[256];

        /// <summary>Ticks of those spent inside the replay interfaces, by reply type.</summary>
        public readonly long[] OverheadTicks = new long[256];

        /// <summary>Bytes of the requests, by reply type.</summary>
        public readonly long[] RequestBytes = new long[256];

        public void Add(int type, long ticks, long overheadTicks, long requestBytes)
        {
            Count[type]++;
            Ticks[type] += ticks;
            OverheadTicks[type] += overheadTicks;
            RequestBytes[type] += requestBytes;
        }
    }
}
