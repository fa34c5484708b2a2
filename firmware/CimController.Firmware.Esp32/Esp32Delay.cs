using nanoFramework.Hardware.Esp32;

namespace CimController.Firmware.Esp32
{
    /// <summary>
    /// <see cref="IDelay"/> on the ESP32's 64-bit microsecond timer (HighResTimer.GetCurrent(), esp_timer): sleeps
    /// whole milliseconds with Thread.Sleep and spins the rest. The interpreter adds some microseconds per call,
    /// which is why the discrete board's shortest pulse is 20 us.
    /// </summary>
    public sealed class Esp32Delay : IDelay
    {
        /// <inheritdoc />
        public void DelayMicroseconds(int microseconds)
        {
            if (microseconds <= 0)
            {
                return;
            }
            ulong end = HighResTimer.GetCurrent() + (ulong)microseconds;
            if (microseconds > 2000)
            {
                System.Threading.Thread.Sleep(microseconds / 1000 - 1);
            }
            while (HighResTimer.GetCurrent() < end)
            {
            }
        }
    }
}
