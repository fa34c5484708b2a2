namespace CimController.Firmware.Transcripts
{
    /// <summary>Byte strings as text for replay reports: hex pairs, long strings shown around a given offset.</summary>
    public static class HexText
    {
        /// <summary>Bytes shown in full; longer strings show a window of this many bytes.</summary>
        public const int FullLimit = 512;

        /// <summary>
        /// <paramref name="count"/> bytes from <paramref name="offset"/> as "0A 1B ..."; longer than
        /// <see cref="FullLimit"/>: a window around byte <paramref name="focus"/> with the bytes left out counted.
        /// </summary>
        public static string Of(byte[] bytes, int offset, int count, int focus)
        {
            int from = 0;
            int to = count;
            if (count > FullLimit)
            {
                from = focus - FullLimit / 4;
                if (from < 0)
                {
                    from = 0;
                }
                to = from + FullLimit;
                if (to > count)
                {
                    to = count;
                    from = to - FullLimit;
                }
            }
            char[] text = new char[(to - from) * 3];
            int n = 0;
            for (int i = from; i < to; i++)
            {
                int b = bytes[offset + i];
                if (n > 0)
                {
                    text[n++] = ' ';
                }
                text[n++] = Digit(b >> 4);
                text[n++] = Digit(b & 0xF);
            }
            string body = new string(text, 0, n);
            if (from > 0)
            {
                body = "[" + from.ToString() + " bytes] " + body;
            }
            if (to < count)
            {
                body = body + " [" + (count - to).ToString() + " bytes]";
            }
            return body;
        }

        /// <summary>Index of the first byte where the two strings differ (the shorter length when one is a prefix); -1 when equal.</summary>
        public static int FirstDifference(byte[] a, int aOffset, int aCount, byte[] b, int bOffset, int bCount)
        {
            int n = aCount < bCount ? aCount : bCount;
            for (int i = 0; i < n; i++)
            {
                if (a[aOffset + i] != b[bOffset + i])
                {
                    return i;
                }
            }
            return aCount == bCount ? -1 : n;
        }

        private static char Digit(int v)
        {
            return (char)(v < 10 ? '0' + v : 'A' + v - 10);
        }
    }
}
