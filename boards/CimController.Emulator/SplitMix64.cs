namespace CimController.Emulator
{
    /// <summary>
    /// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
    /// a 64-bit counter stepped by the golden-ratio increment and passed through a bijective mixer. It
    /// passes BigCrush, costs a handful of integer operations per 64 bits and any 64-bit seed is valid,
    /// which makes it a good seeded source for per-vector noise streams.
    /// </summary>
    internal struct SplitMix64
    {
        private const ulong Golden = 0x9E3779B97F4A7C15UL;
        private ulong state;

        public SplitMix64(ulong seed) { state = seed; }

        /// <summary>The generator's position: <c>new SplitMix64(State)</c> continues with the same outputs.</summary>
        public ulong State => state;

        /// <summary>Next 64 random bits.</summary>
        public ulong Next()
        {
            state += Golden;
            return Mix(state);
        }

        /// <summary>Uniform double in [0, 1) from the top 53 bits.</summary>
        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

        /// <summary>The SplitMix64 output mixer (a bijection on 64-bit values), used to hash seeds.</summary>
        public static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
