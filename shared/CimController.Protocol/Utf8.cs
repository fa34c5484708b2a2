namespace CimController.Protocol
{
    /// <summary>
    /// The wire's text encoding: UTF-8 (RFC 3629), written here so that firmware and host encode and decode
    /// strings by the same rule and the protocol needs nothing beyond mscorlib (nanoFramework keeps
    /// System.Text.Encoding in a separate package). Unpaired surrogates encode as U+FFFD; an ill-formed byte
    /// sequence decodes to one U+FFFD per maximal subpart (Unicode 15, section 3.9), as .NET's Encoding.UTF8 does.
    /// </summary>
    public static class Utf8
    {
        private const char Replacement = '\uFFFD';

        /// <summary>
        /// Encodes <paramref name="s"/> into <paramref name="destination"/> at <paramref name="offset"/>, stopping
        /// before the first character that would not fit in <paramref name="maxBytes"/>; returns the bytes written.
        /// Allocates nothing.
        /// </summary>
        public static int Encode(string s, byte[] destination, int offset, int maxBytes)
        {
            int written = 0;
            int length = s.Length;
            for (int i = 0; i < length; i++)
            {
                int c = s[i];
                int codePoint = c;
                int consumed = 0;
                if (c >= 0xD800 && c <= 0xDBFF)
                {
                    if (i + 1 < length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF)
                    {
                        codePoint = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
                        consumed = 1;
                    }
                    else
                    {
                        codePoint = Replacement;
                    }
                }
                else if (c >= 0xDC00 && c <= 0xDFFF)
                {
                    codePoint = Replacement;
                }
                int n = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
                if (written + n > maxBytes)
                {
                    break;
                }
                int at = offset + written;
                if (n == 1)
                {
                    destination[at] = (byte)codePoint;
                }
                else if (n == 2)
                {
                    destination[at] = (byte)(0xC0 | (codePoint >> 6));
                    destination[at + 1] = (byte)(0x80 | (codePoint & 0x3F));
                }
                else if (n == 3)
                {
                    destination[at] = (byte)(0xE0 | (codePoint >> 12));
                    destination[at + 1] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                    destination[at + 2] = (byte)(0x80 | (codePoint & 0x3F));
                }
                else
                {
                    destination[at] = (byte)(0xF0 | (codePoint >> 18));
                    destination[at + 1] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
                    destination[at + 2] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                    destination[at + 3] = (byte)(0x80 | (codePoint & 0x3F));
                }
                written += n;
                i += consumed;
            }
            return written;
        }

        /// <summary>The number of bytes <see cref="Encode"/> writes for all of <paramref name="s"/>.</summary>
        public static int ByteCount(string s)
        {
            int count = 0;
            int length = s.Length;
            for (int i = 0; i < length; i++)
            {
                int c = s[i];
                if (c < 0x80)
                {
                    count += 1;
                }
                else if (c < 0x800)
                {
                    count += 2;
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF)
                {
                    count += 4;
                    i++;
                }
                else
                {
                    count += 3; // the BMP, and an unpaired surrogate as U+FFFD
                }
            }
            return count;
        }

        /// <summary>Decodes <paramref name="count"/> bytes of <paramref name="source"/> from <paramref name="offset"/>.</summary>
        public static string Decode(byte[] source, int offset, int count)
        {
            char[] chars = new char[count];
            int n = 0;
            int i = offset;
            int end = offset + count;
            while (i < end)
            {
                int b0 = source[i];
                if (b0 < 0x80)
                {
                    chars[n++] = (char)b0;
                    i++;
                    continue;
                }
                int needed;
                int codePoint;
                int low = 0x80;
                int high = 0xBF;
                if (b0 >= 0xC2 && b0 <= 0xDF)
                {
                    needed = 1;
                    codePoint = b0 & 0x1F;
                }
                else if (b0 >= 0xE0 && b0 <= 0xEF)
                {
                    needed = 2;
                    codePoint = b0 & 0x0F;
                    if (b0 == 0xE0)
                    {
                        low = 0xA0;
                    }
                    else if (b0 == 0xED)
                    {
                        high = 0x9F;
                    }
                }
                else if (b0 >= 0xF0 && b0 <= 0xF4)
                {
                    needed = 3;
                    codePoint = b0 & 0x07;
                    if (b0 == 0xF0)
                    {
                        low = 0x90;
                    }
                    else if (b0 == 0xF4)
                    {
                        high = 0x8F;
                    }
                }
                else
                {
                    chars[n++] = Replacement; // 80..C1, F5..FF never start a character
                    i++;
                    continue;
                }
                i++;
                bool complete = true;
                for (int k = 0; k < needed; k++)
                {
                    // only the second byte has a narrowed range; the rest are plain continuation bytes
                    if (i >= end || source[i] < low || source[i] > high)
                    {
                        complete = false;
                        break;
                    }
                    codePoint = (codePoint << 6) | (source[i] & 0x3F);
                    i++;
                    low = 0x80;
                    high = 0xBF;
                }
                if (!complete)
                {
                    chars[n++] = Replacement; // the lead byte and the valid continuation bytes read so far
                }
                else if (codePoint < 0x10000)
                {
                    chars[n++] = (char)codePoint;
                }
                else
                {
                    codePoint -= 0x10000;
                    chars[n++] = (char)(0xD800 + (codePoint >> 10));
                    chars[n++] = (char)(0xDC00 + (codePoint & 0x3FF));
                }
            }
            return new string(chars, 0, n);
        }
    }
}
