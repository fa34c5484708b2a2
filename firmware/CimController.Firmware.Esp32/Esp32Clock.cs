namespace CimController.Firmware.Esp32
{
    /// <summary>The ESP32's monotonic tick clock (Environment.TickCount64 from nanoFramework.Runtime.Native).</summary>
    public sealed class Esp32Clock : IClock
    {
        public long NowMs { get { return System.Environment.TickCount64; } }
    }
}
