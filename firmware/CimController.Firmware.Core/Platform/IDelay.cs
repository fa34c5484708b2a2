namespace CimController.Firmware
{
    /// <summary>
    /// A wait of a given number of microseconds, for boards whose timing the firmware makes itself
    /// (the discrete DAC/ADC board: settling after a DAC update, pulse widths). ESP32: a spin on
    /// nanoFramework.Hardware.Esp32.HighResTimer.GetCurrent(); desktop: a Stopwatch spin; tests: a clock
    /// shared with the board emulator.
    /// </summary>
    public interface IDelay
    {
        /// <summary>Returns no earlier than <paramref name="microseconds"/> us later (0 returns at once).</summary>
        void DelayMicroseconds(int microseconds);
    }
}
