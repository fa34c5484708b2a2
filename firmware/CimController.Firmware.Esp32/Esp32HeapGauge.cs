namespace CimController.Firmware.Esp32
{
    /// <summary>The free managed heap after a collection (nanoFramework.Runtime.Native's GC.Run), for Stats.</summary>
    public sealed class Esp32HeapGauge : IHeapGauge
    {
        public uint FreeBytes { get { return nanoFramework.Runtime.Native.GC.Run(false); } }
    }
}
