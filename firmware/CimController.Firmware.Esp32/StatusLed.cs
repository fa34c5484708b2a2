using System.Device.Gpio;
using System.Threading;

namespace CimController.Firmware.Esp32
{
    /// <summary>
    /// The status LED, driven by its own thread: fast blink (5 Hz) while starting or when no CIM board answers,
    /// slow blink (1 Hz) while waiting for a host (or after the host-silence watchdog made the board safe),
    /// steady on while a host is being served.
    /// </summary>
    public sealed class StatusLed
    {
        /// <summary>Starting, or no board: fast blink.</summary>
        public const int Fault = 0;
        /// <summary>Waiting for the host: slow blink.</summary>
        public const int Waiting = 1;
        /// <summary>Serving a host: on.</summary>
        public const int Serving = 2;

        private readonly GpioPin _pin;
        private int _mode = Fault;
        private SilenceWatchdogLink _watch;

        /// <summary>Opens <paramref name="pin"/> (-1: no LED, everything is a no-op) and starts blinking.</summary>
        public StatusLed(int pin)
        {
            if (pin < 0)
            {
                return;
            }
            GpioController gpio = new GpioController();
            _pin = gpio.OpenPin(pin, PinMode.Output);
            Thread t = new Thread(Run);
            t.Start();
        }

        /// <summary>Sets the pattern (<see cref="Fault"/>, <see cref="Waiting"/>, <see cref="Serving"/>).</summary>
        public int Mode
        {
            get { return _mode; }
            set { _mode = value; }
        }

        /// <summary>Follows <paramref name="watchdog"/>: on while the host talks, slow blink once it is silent.</summary>
        public void Follow(SilenceWatchdogLink watchdog)
        {
            _watch = watchdog;
        }

        private void Run()
        {
            bool on = false;
            while (true)
            {
                int mode = _mode;
                SilenceWatchdogLink w = _watch;
                if (mode == Serving && w != null && w.IsSafe)
                {
                    mode = Waiting;
                }
                if (mode == Serving)
                {
                    on = true;
                    Thread.Sleep(100);
                }
                else
                {
                    on = !on;
                    Thread.Sleep(mode == Fault ? 100 : 500);
                }
                _pin.Write(on ? PinValue.High : PinValue.Low);
            }
        }
    }
}
