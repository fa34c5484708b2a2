namespace CimController.Protocol.Messages
{
    /// <summary>
    /// Conductance (reply to ReadConductance): u16 rows, u16 columns, u16 read voltage in mV (<see cref="HeaderLength"/>
    /// bytes), then rows*columns u32 conductances in nanosiemens, row-major. Payload: 6 + 4*rows*cols bytes. The type owns
    /// the header only: the cells are written one by one as the firmware reads them and read one by one by the host
    /// (<see cref="PayloadWriter.WriteUInt32"/> / <see cref="PayloadReader.ReadUInt32"/>), so neither end holds them twice.
    /// </summary>
    public sealed class ConductanceReply
    {
        public const int HeaderLength = 6;
        public const int BytesPerCell = 4;

        public int Rows;
        public int Cols;
        public int ReadMillivolts;

        public void Write(PayloadWriter w)
        {
            w.WriteUInt16(Rows);
            w.WriteUInt16(Cols);
            w.WriteUInt16(ReadMillivolts);
        }

        public void Read(PayloadReader r)
        {
            Rows = r.ReadUInt16();
            Cols = r.ReadUInt16();
            ReadMillivolts = r.ReadUInt16();
        }
    }
}
