namespace CimController.Protocol.Messages
{
    /// <summary>
    /// Conductance (reply to ReadConductance): u16 rows, u16 columns, u16 read voltage in mV, then
    /// rows*columns u32 conductances in nanosiemens, row-major. Payload: 6 + 4*rows*cols bytes.
    /// </summary>
    public static class ConductanceReply
    {
        public const int HeaderLength = 6;
        public const int BytesPerCell = 4;
    }
}
