namespace CimController.Firmware
{
    /// <summary>
    /// The free managed heap, reported in Stats: a platform service the core reads but does not implement (the ESP32
    /// app's <c>Esp32HeapGauge</c> runs nanoFramework's collector and reads what is free). Without one, Stats reports
    /// <see cref="CimController.Protocol.Messages.StatsMessage.HeapNotReported"/>.
    /// </summary>
    public interface IHeapGauge
    {
        /// <summary>Free managed heap after a collection, bytes.</summary>
        uint FreeBytes { get; }
    }
}
