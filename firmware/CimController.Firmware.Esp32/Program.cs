using System.Device.Gpio;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;
using CimController.Protocol.Board;
using nanoFramework.Networking;

namespace CimController.Firmware.Esp32
{
    /// <summary>
    /// The ESP32 firmware: pins, the CIM board on SPI bus 1, the controller core, and the host link (COM2 through a
    /// USB-UART adapter, or WiFi TCP) behind the host-silence watchdog. The board definition is chosen in
    /// <see cref="Esp32BoardDefinition.Select"/>. Debug messages go to the deployment port (COM1 / USB).
    /// </summary>
    public static class Program
    {
        /// <summary>Entry point.</summary>
        public static void Main()
        {
            Esp32BoardDefinition def = Esp32BoardDefinition.Select();
            StatusLed led = new StatusLed(def.LedPin);
            led.Mode = StatusLed.Fault;

            // Pin functions first: the SPI device and the UART take their pins from this table when they open.
            def.ConfigurePins();
            ResetBoard(def);

            FirmwareConfig config = def.CreateConfig();
            IClock clock = new Esp32Clock();
            Controller controller = OpenController(def, config, clock);
            controller.HeapGauge = new Esp32HeapGauge();
            // The safe-state target of the watchdog: SOFT_RESET of the register-map board.
            ICimBoard safeBoard = controller.Board;
            // Free managed heap after every buffer is allocated: compare with README.md, "Memory".
            uint free = nanoFramework.Runtime.Native.GC.Run(true);
            Debug.WriteLine("cimfw-esp32: board " + controller.Board.Tiles.ToString() + " tiles of " + controller.Board.Rows.ToString() + "x" +
                controller.Board.Columns.ToString() + ", max payload " + config.MaxPayload.ToString() + ", free heap " + free.ToString() + " bytes");

            if (def.UseWifi)
            {
                ServeTcp(def, controller, safeBoard, clock, led);
            }
            else
            {
                ServeSerial(def, controller, safeBoard, clock, led);
            }
        }

        /// <summary>
        /// Identifies the board, retrying every 2 s while none answers (LED fast blink). The discrete AD5328/MCP3208
        /// board is served through the same controller.
        /// </summary>
        private static Controller OpenController(Esp32BoardDefinition def, FirmwareConfig config, IClock clock)
        {
            if (def.BoardKind == Esp32BoardDefinition.DiscreteBoard)
            {
                DiscreteBoardDriver discrete = new DiscreteBoardDriver(
                    new Esp32SpiBus(def.SpiBus, def.Cs0Pin, def.DacSpiMode, def.DacClockHz),
                    new Esp32SpiBus(def.SpiBus, def.Cs1Pin, def.AdcSpiMode, def.AdcClockHz),
                    new Esp32Delay(), DiscreteBoardDefinition.Standard(), config);
                Controller onDiscrete = new Controller(discrete, clock, config);
                Debug.WriteLine("cimfw-esp32: discrete board answers (" + discrete.Rows.ToString() + "x" + discrete.Columns.ToString() + ")");
                return onDiscrete;
            }
            ISpiBus bus = new Esp32SpiBus(def.SpiBus, def.Cs0Pin, def.CimSpiMode, def.CimClockHz);
            while (true)
            {
                try
                {
                    return new Controller(bus, clock, config);
                }
                catch (BoardException e)
                {
                    Debug.WriteLine("cimfw-esp32: " + e.Message);
                    Thread.Sleep(2000);
                }
            }
        }

        /// <summary>Pulses RESET_N low for 10 ms and waits up to 500 ms for READY (when the board has those lines).</summary>
        private static void ResetBoard(Esp32BoardDefinition def)
        {
            GpioController gpio = new GpioController();
            if (def.ResetPin >= 0)
            {
                GpioPin reset = gpio.OpenPin(def.ResetPin, PinMode.Output);
                reset.Write(PinValue.Low);
                Thread.Sleep(10);
                reset.Write(PinValue.High);
            }
            if (def.ReadyPin >= 0)
            {
                GpioPin ready = gpio.OpenPin(def.ReadyPin, PinMode.InputPullDown);
                long deadline = System.Environment.TickCount64 + 500;
                while (ready.Read() == PinValue.Low && System.Environment.TickCount64 < deadline)
                {
                    Thread.Sleep(5);
                }
            }
        }

        /// <summary>Serves COM2 forever: a UART never closes; the watchdog makes the board safe when the host is silent.</summary>
        private static void ServeSerial(Esp32BoardDefinition def, Controller controller, ICimBoard safeBoard, IClock clock, StatusLed led)
        {
            Esp32SerialLink serial = new Esp32SerialLink("COM2", def.Baud, def.SerialReadBuffer);
            SilenceWatchdogLink link = new SilenceWatchdogLink(serial, safeBoard, clock, def.HostSilenceMs);
            led.Follow(link);
            led.Mode = StatusLed.Serving;
            Debug.WriteLine("cimfw-esp32: serving COM2 at " + def.Baud.ToString() + " baud");
            while (true)
            {
                controller.Serve(link);
            }
        }

        /// <summary>Joins WiFi, then serves one TCP host at a time on <see cref="Esp32BoardDefinition.TcpPort"/>.</summary>
        private static void ServeTcp(Esp32BoardDefinition def, Controller controller, ICimBoard safeBoard, IClock clock, StatusLed led)
        {
            CancellationTokenSource cs = new CancellationTokenSource(60000);
            bool up = def.WifiSsid.Length > 0
                ? WifiNetworkHelper.ConnectDhcp(def.WifiSsid, def.WifiPassword, requiresDateTime: false, token: cs.Token)
                : WifiNetworkHelper.Reconnect(requiresDateTime: false, token: cs.Token);
            if (!up)
            {
                Debug.WriteLine("cimfw-esp32: WiFi did not come up (" + WifiNetworkHelper.Status.ToString() + "); falling back to COM2");
                ServeSerial(def, controller, safeBoard, clock, led);
                return;
            }
            Socket listener = Esp32TcpLink.Listen(def.TcpPort);
            Debug.WriteLine("cimfw-esp32: listening on TCP port " + def.TcpPort.ToString());
            while (true)
            {
                led.Mode = StatusLed.Waiting;
                Esp32TcpLink tcp = Esp32TcpLink.AcceptNext(listener);
                SilenceWatchdogLink link = new SilenceWatchdogLink(tcp, safeBoard, clock, def.HostSilenceMs);
                led.Follow(link);
                led.Mode = StatusLed.Serving;
                controller.Serve(link);
                tcp.Close();
                // The host went away: nothing may stay pulsed while nobody listens.
                try
                {
                    safeBoard.SoftReset();
                }
                catch (BoardException e)
                {
                    Debug.WriteLine("cimfw-esp32: safe state failed: " + e.Message);
                }
            }
        }
    }
}
