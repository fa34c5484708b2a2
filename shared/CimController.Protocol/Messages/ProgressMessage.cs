namespace CimController.Protocol.Messages
{
    /// <summary>
    /// Progress (protocol 1.2): an intermediate reply of a long request, sent with the request's sequence
    /// number, the request's reply type and <see cref="FrameFlags.Reply"/> | <see cref="FrameFlags.Progress"/>;
    /// the final reply follows. Payload: u32 units done, u32 units total, u32 pulses applied so far.
    /// Units are cells (WriteVerify) or pulses / pulse events (FfpCalibrate, FfpSweep, FfpProgram).
    /// A host restarts its reply timeout on each one.
    /// </summary>
    public sealed class ProgressMessage
    {
        public const int PayloadLength = 12;

        public uint Done;
        public uint Total;
        public uint Pulses;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt32(Done);
            w.WriteUInt32(Total);
            w.WriteUInt32(Pulses);
        }

        public void Read(PayloadReader r)
        {
            Done = r.ReadUInt32();
            Total = r.ReadUInt32();
            Pulses = r.ReadUInt32();
        }
    }
}
