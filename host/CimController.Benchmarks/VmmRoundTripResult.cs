namespace CimController.Benchmarks
{
    /// <summary>One measurement of <see cref="VmmRoundTripBenchmark"/>: Vmm calls of <see cref="VectorsPerCall"/> vectors over one transport.</summary>
    /// <param name="Transport">The transport's description.</param>
    /// <param name="VectorsPerCall">Vectors per Vmm call (a call larger than the payload limit is split into several round trips).</param>
    /// <param name="RoundTrips">Request/reply frames exchanged while timing.</param>
    /// <param name="Vectors">Vectors multiplied while timing.</param>
    /// <param name="Seconds">Wall-clock seconds timed.</param>
    /// <param name="ProtocolBytes">Bytes on the wire, both directions (frames incl. headers, CRC and message headers).</param>
    /// <param name="UsefulBytes">Input codes sent plus output codes received.</param>
    public readonly record struct VmmRoundTripResult(string Transport, int VectorsPerCall, long RoundTrips, long Vectors, double Seconds, long ProtocolBytes, long UsefulBytes)
    {
        /// <summary>Request/reply round trips per second.</summary>
        public double RoundTripsPerSecond => RoundTrips / Seconds;

        /// <summary>Vectors per second.</summary>
        public double VectorsPerSecond => Vectors / Seconds;

        /// <summary>Wire bytes per useful byte (1.0 would be no overhead).</summary>
        public double BytesPerUsefulByte => UsefulBytes == 0 ? 0 : ProtocolBytes / (double)UsefulBytes;

        /// <summary>Useful bytes of one call (inputs + output codes).</summary>
        public long UsefulBytesPerCall => Vectors == 0 ? 0 : UsefulBytes / (Vectors / VectorsPerCall);
    }
}
