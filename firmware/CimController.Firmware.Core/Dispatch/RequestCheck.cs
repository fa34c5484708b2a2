using CimController.Protocol;

namespace CimController.Firmware
{
    /// <summary>
    /// Validation of request fields. Each failure throws a <see cref="ProtocolException"/> whose message
    /// names the message, the field, the value received and the accepted range; the dispatcher turns
    /// it into an Error reply. Allocates only when a check fails.
    /// </summary>
    public static class RequestCheck
    {
        /// <summary>Fails with <see cref="ErrorCode.Malformed"/> when the payload is shorter than <paramref name="needed"/>.</summary>
        public static void Length(string message, string what, int payloadLength, int needed)
        {
            if (payloadLength < needed)
            {
                throw new ProtocolException(ErrorCode.Malformed,
                    message + " payload of " + payloadLength.ToString() + " bytes is too short: " + what + " needs " + needed.ToString() + " bytes");
            }
        }

        /// <summary>Fails with <see cref="ErrorCode.OutOfRange"/> unless min &lt;= value &lt;= max.</summary>
        public static void Range(string message, string field, int value, int min, int max)
        {
            if (value < min || value > max)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    message + " " + field + " " + value.ToString() + " is outside " + min.ToString() + ".." + max.ToString());
            }
        }

        /// <summary>
        /// Fails with <see cref="ErrorCode.OutOfRange"/> unless first..first+count-1 lies within 0..size-1 and count &gt;= 1.
        /// </summary>
        public static void Window(string message, string field, int first, int count, int size)
        {
            if (count < 1 || count > size)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    message + " " + field + " count " + count.ToString() + " is outside 1.." + size.ToString());
            }
            if (first < 0 || first + count > size)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    message + " " + field + " window " + first.ToString() + ".." + (first + count - 1).ToString() +
                    " (first " + first.ToString() + ", count " + count.ToString() + ") is outside 0.." + (size - 1).ToString());
            }
        }

        /// <summary>
        /// Fails with <see cref="ErrorCode.OutOfRange"/> when a time budget exceeds the firmware's cap per request
        /// (<see cref="CommandCaps.RequestMs"/>).
        /// </summary>
        public static void Budget(string message, uint budgetMs)
        {
            if (budgetMs > CommandCaps.RequestMs)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    message + " time budget " + budgetMs.ToString() + " ms is outside 0.." + CommandCaps.RequestMs.ToString() +
                    " (the firmware's cap per request)");
            }
        }

        /// <summary>
        /// True when the little-endian f32 at <paramref name="at"/> is finite: not all exponent bits set (checked on the
        /// bits, so no float arithmetic is involved). Allocates nothing.
        /// </summary>
        public static bool IsFiniteSingle(byte[] b, int at)
        {
            return (ByteOrder.ReadUInt32(b, at) & 0x7F800000u) != 0x7F800000u;
        }

        /// <summary>
        /// The <see cref="ErrorCode.OutOfRange"/> refusal of the non-finite f32 at <paramref name="at"/> (NaN, +Infinity or
        /// -Infinity), naming <paramref name="field"/>; <paramref name="after"/> ends the message.
        /// </summary>
        public static ProtocolException NonFiniteSingle(string message, string field, byte[] b, int at, string after)
        {
            uint bits = ByteOrder.ReadUInt32(b, at);
            string value = (bits & 0x007FFFFFu) != 0 ? "NaN" : ((bits & 0x80000000u) != 0 ? "-Infinity" : "+Infinity");
            return new ProtocolException(ErrorCode.OutOfRange,
                message + " " + field + " is " + value + " (bits 0x" + bits.ToString("X8") + "); accepted: a finite f32" + after);
        }

        /// <summary>Fails with <see cref="ErrorCode.OutOfRange"/> when a reply of <paramref name="payload"/> bytes exceeds <paramref name="limit"/>.</summary>
        public static void ReplyFits(string message, string what, int payload, int limit)
        {
            if (payload > limit)
            {
                throw new ProtocolException(ErrorCode.OutOfRange,
                    message + " reply for " + what + " needs " + payload.ToString() + " payload bytes, more than the limit of " +
                    limit.ToString() + "; ask for less");
            }
        }
    }
}
