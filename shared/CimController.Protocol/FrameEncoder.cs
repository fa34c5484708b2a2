namespace CimController.Protocol
{
    /// <summary>
    /// Writes frames in place: a caller puts the payload at <c>start + FrameFormat.PayloadOffset</c>
    /// of its own buffer and calls <see cref="Seal"/>, which adds header and CRC. No allocation.
    /// </summary>
    public static class FrameEncoder
    {
        /// <summary>Writes header and CRC around a payload already in place; returns the frame length.</summary>
        public static int Seal(byte[] buffer, int start, int payloadLength, int sequence, byte messageType, byte flags)
        {
            if (payloadLength < 0 || payloadLength > FrameFormat.MaxPayloadLimit)
            {
                throw new ProtocolException(ErrorCode.FrameTooLarge, "payload length " + payloadLength.ToString() + " is outside 0.." + FrameFormat.MaxPayloadLimit.ToString());
            }
            int total = FrameFormat.Overhead + payloadLength;
            if (start < 0 || start + total > buffer.Length)
            {
                throw new ProtocolException(ErrorCode.FrameTooLarge, "frame of " + total.ToString() + " bytes does not fit the buffer of " + buffer.Length.ToString());
            }
            buffer[start] = FrameFormat.Marker0;
            buffer[start + 1] = FrameFormat.Marker1;
            ByteOrder.WriteUInt16(buffer, start + FrameFormat.LengthOffset, payloadLength);
            ByteOrder.WriteUInt16(buffer, start + FrameFormat.SequenceOffset, sequence & 0xFFFF);
            buffer[start + FrameFormat.TypeOffset] = messageType;
            buffer[start + FrameFormat.FlagsOffset] = flags;
            int crcStart = start + FrameFormat.LengthOffset;
            int crcEnd = start + FrameFormat.HeaderLength + payloadLength;
            uint crc = Crc32.Compute(buffer, crcStart, crcEnd - crcStart);
            ByteOrder.WriteUInt32(buffer, crcEnd, crc);
            return total;
        }
    }
}
