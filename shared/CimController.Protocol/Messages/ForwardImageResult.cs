namespace CimController.Protocol.Messages
{
    /// <summary>
    /// One image of a ForwardResult (<see cref="InferenceLayout.ImageResultLength"/> bytes): u8 class (argmax), then
    /// <see cref="Classes"/> x i32 logit Q16.16 (value x 65536). <see cref="LogitsQ16"/> is owned by the caller and reused
    /// image after image (the firmware sizes it at NetworkLoad; <see cref="Read"/> replaces it only when it is too short).
    /// </summary>
    public sealed class ForwardImageResult
    {
        public int Class;
        /// <summary>Logits that travel (the classes of the ForwardResult header).</summary>
        public int Classes;
        /// <summary>Logits Q16.16; the first <see cref="Classes"/> entries are used.</summary>
        public int[] LogitsQ16 = new int[0];

        public void Write(PayloadWriter w)
        {
            w.WriteByte(Class);
            for (int c = 0; c < Classes; c++)
            {
                w.WriteUInt32((uint)LogitsQ16[c]);
            }
        }

        /// <summary>Reads one image of <see cref="Classes"/> logits (set it from the ForwardResult header first).</summary>
        public void Read(PayloadReader r)
        {
            Class = r.ReadByte();
            if (LogitsQ16.Length < Classes)
            {
                LogitsQ16 = new int[Classes];
            }
            for (int c = 0; c < Classes; c++)
            {
                LogitsQ16[c] = (int)r.ReadUInt32();
            }
        }
    }
}
