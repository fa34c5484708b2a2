namespace CimController.Firmware
{
    /// <summary>
    /// Monotonic milliseconds: a platform service the core reads but does not implement (nanoFramework keeps
    /// Environment.TickCount64 in nanoFramework.Runtime.Native). The ESP32 app provides <c>Esp32Clock</c>, the desktop
    /// runner <c>SystemClock</c>, replays the clock values of a recorded session.
    /// </summary>
    public interface IClock
    {
        long NowMs { get; }
    }
}
