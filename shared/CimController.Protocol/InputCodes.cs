namespace CimController.Protocol
{
    /// <summary>
    /// The DAC input rule of a crossbar block, shared by on-chip training on the host and the firmware's Forward (a network
    /// program's per-slot "code max"), so a trained model meets at deployment the quantiser it met in training. Each input
    /// vector gets its own scale q_v (activation units per DAC code) that puts the vector's largest input at the block's
    /// code max: q_v = max(x_v) / codeMax; a code is round-half-up(x / q_v) clamped to 0..255. Code max 0 (or a vector
    /// without a positive input) keeps the block's fixed scale. The host picks the code max (the predicted-current rule of
    /// CimController.Crossbar.InputScaleRule); this class holds what both ends compute from it.
    /// </summary>
    public static class InputCodes
    {
        /// <summary>The largest DAC code (8-bit row DACs).</summary>
        public const int MaxCode = 255;

        /// <summary>
        /// The input scale of a vector whose largest input is <paramref name="vectorMax"/>: vectorMax / <paramref name="codeMax"/>,
        /// or <paramref name="fixedScale"/> when the code max is 0 or the vector has no positive input.
        /// </summary>
        public static float VectorScale(float vectorMax, int codeMax, float fixedScale)
        {
            if (codeMax > 0 && vectorMax > 0f)
            {
                return vectorMax / codeMax;
            }
            return fixedScale;
        }

        /// <summary>The DAC code of input <paramref name="x"/> at scale <paramref name="scale"/>: (x / scale + 0.5) truncated, clamped to 0..255 (NaN: 0).</summary>
        public static byte Code(float x, float scale)
        {
            float c = (x / scale) + 0.5f;
            if (!(c > 0f)) return 0; // also NaN
            if (c >= 255f) return 255;
            return (byte)(int)c;
        }
    }
}
