using System.Device.Gpio;
using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using CimController.Protocol;
using CimController.Protocol.Board;
using nanoFramework.Networking;

namespace CimController.Firmware.Esp32
{
    /// <summary>
    /// The ESP32 firmware: pins, the CIM board on SPI bus 1, the controller core, and the host link (COM2 through a
    /// USB-UART adapter, or WiFi TCP: TLS with admitted hosts, one host at a time) behind the host-silence watchdog. The board definition is chosen in
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
                controller.Board.Columns.ToString() + ", max payload " + config.MaxPayload.ToString() + ", training state up to " +
                config.TrainMemoryLimitBytes.ToString() + " bytes, free heap " + free.ToString() + " bytes");

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

        /// <summary>
        /// Joins WiFi, then serves TCP on <see cref="Esp32BoardDefinition.TcpPort"/> under the desktop runner's rules: TLS with
        /// admitted hosts (plain only with <see cref="Esp32BoardDefinition.InsecurePlainTcp"/>, logged as a warning), one host
        /// at a time, a second host answered Busy naming who holds the link and for how long, a session without a complete
        /// frame for the idle limit dropped, sends bounded by the send timeout. This thread accepts; each session is served
        /// on its own thread (<see cref="TcpSessions"/>).
        /// </summary>
        private static void ServeTcp(Esp32BoardDefinition def, Controller controller, ICimBoard safeBoard, IClock clock, StatusLed led)
        {
            string problem = TcpSecurityProblem(def);
            if (problem != null)
            {
                Debug.WriteLine("cimfw-esp32: " + problem + "; serving COM2 only");
                ServeSerial(def, controller, safeBoard, clock, led);
                return;
            }
            if (def.InsecurePlainTcp)
            {
                Debug.WriteLine("cimfw-esp32: WARNING: InsecurePlainTcp: WiFi TCP without TLS or host authentication; anyone on the network can drive the board and pulse the chip");
            }
            // Certificates are checked against the clock (validity dates): with TLS, wait for the SNTP time.
            CancellationTokenSource cs = new CancellationTokenSource(60000);
            bool up = def.WifiSsid.Length > 0
                ? WifiNetworkHelper.ConnectDhcp(def.WifiSsid, def.WifiPassword, requiresDateTime: def.UsesTls, token: cs.Token)
                : WifiNetworkHelper.Reconnect(requiresDateTime: def.UsesTls, token: cs.Token);
            if (!up)
            {
                Debug.WriteLine("cimfw-esp32: WiFi (or, with TLS, the SNTP time) did not come up (" + WifiNetworkHelper.Status.ToString() + "); falling back to COM2");
                ServeSerial(def, controller, safeBoard, clock, led);
                return;
            }
            X509Certificate2 boardCertificate = null;
            if (def.UsesTls)
            {
                boardCertificate = new X509Certificate2(def.TlsCertificatePem, def.TlsPrivateKeyPem, "");
                if (def.TlsHostCertificatesPem.Length > 0 && !CertificateManager.AddCaCertificateBundle(def.TlsHostCertificatesPem))
                {
                    Debug.WriteLine("cimfw-esp32: the device's CA store did not take TlsHostCertificatesPem (hosts.pem); serving COM2 only");
                    ServeSerial(def, controller, safeBoard, clock, led);
                    return;
                }
            }
            Socket listener = Esp32TcpLink.Listen(def.TcpPort);
            Debug.WriteLine("cimfw-esp32: listening on TCP port " + def.TcpPort.ToString() + (def.UsesTls ? " (TLS, admitted hosts only)" : " (plain TCP)") +
                "; idle limit " + def.IdleTimeoutMs.ToString() + " ms, send timeout " + def.SendTimeoutMs.ToString() + " ms");
            TcpSessions sessions = new TcpSessions(def, controller, safeBoard, clock, led);
            led.Mode = StatusLed.Waiting;
            while (true)
            {
                Socket accepted = listener.Accept();
                string refusal;
                Esp32TcpLink link = Esp32TcpLink.Open(accepted, boardCertificate, def.TlsHandshakeTimeoutMs, def.SendTimeoutMs, out refusal);
                if (link == null)
                {
                    Debug.WriteLine("cimfw-esp32: refused: " + refusal);
                    continue;
                }
                sessions.Admit(link);
            }
        }

        /// <summary>Why WiFi TCP may not be served with this definition, or null.</summary>
        private static string TcpSecurityProblem(Esp32BoardDefinition def)
        {
            if (def.UsesTls && def.InsecurePlainTcp)
            {
                return "InsecurePlainTcp contradicts the TLS certificate in the definition: set one or the other";
            }
            if (def.UsesTls && def.TlsPrivateKeyPem.Length == 0)
            {
                return "TlsCertificatePem is set but TlsPrivateKeyPem (board.key) is empty";
            }
            if (!def.UsesTls && !def.InsecurePlainTcp)
            {
                return "WiFi TCP needs TLS credentials (TlsCertificatePem, TlsPrivateKeyPem, TlsHostCertificatesPem from cimctl tls init) or InsecurePlainTcp = true";
            }
            return null;
        }

        /// <summary>
        /// One host at a time on the TCP link: <see cref="Admit"/> (on the accepting thread) makes a new host the holder and
        /// serves it on a thread of its own, or, while another host holds the board, answers it Busy and closes it. A holder
        /// that has already closed its end gets <see cref="BusyGraceMs"/> to finish, so a host that reconnects at once is
        /// served rather than told Busy. When a session ends the board is soft-reset before the next host may start.
        /// </summary>
        private sealed class TcpSessions
        {
            private const int BusyGraceMs = 1000;
            private const int GracePollMs = 20;

            private readonly Esp32BoardDefinition _def;
            private readonly Controller _controller;
            private readonly ICimBoard _safeBoard;
            private readonly IClock _clock;
            private readonly StatusLed _led;
            private readonly object _gate = new object();
            private Esp32TcpLink _holder;
            private long _holderSinceMs;

            public TcpSessions(Esp32BoardDefinition def, Controller controller, ICimBoard safeBoard, IClock clock, StatusLed led)
            {
                _def = def;
                _controller = controller;
                _safeBoard = safeBoard;
                _clock = clock;
                _led = led;
            }

            public void Admit(Esp32TcpLink link)
            {
                long deadline = _clock.NowMs + BusyGraceMs;
                while (_clock.NowMs < deadline)
                {
                    Esp32TcpLink present;
                    lock (_gate)
                    {
                        present = _holder;
                    }
                    if (present == null || !present.PeerClosed())
                    {
                        break;
                    }
                    Thread.Sleep(GracePollMs);
                }
                Esp32TcpLink held;
                long heldMs;
                lock (_gate)
                {
                    held = _holder;
                    heldMs = _clock.NowMs - _holderSinceMs;
                    if (held == null)
                    {
                        _holder = link;
                        _holderSinceMs = _clock.NowMs;
                    }
                }
                if (held != null)
                {
                    LinkRefusal.Answer(link, _clock, _def.RefusalWaitMs, ErrorCode.Busy, LinkRefusal.BusyMessage(held.Peer, heldMs, _def.IdleTimeoutMs));
                    link.Close();
                    Debug.WriteLine("cimfw-esp32: refused " + link.Peer + ": busy (" + held.Peer + " has held the link for " + heldMs.ToString() + " ms)");
                    return;
                }
                new Thread(Serve).Start();
            }

            private void Serve()
            {
                Esp32TcpLink link;
                lock (_gate)
                {
                    link = _holder;
                }
                IdleSessionLink idle = new IdleSessionLink(link, _clock, _def.IdleTimeoutMs);
                SilenceWatchdogLink watched = new SilenceWatchdogLink(idle, _safeBoard, _clock, _def.HostSilenceMs);
                _led.Follow(watched);
                _led.Mode = StatusLed.Serving;
                Debug.WriteLine("cimfw-esp32: host " + link.Peer + " connected");
                _controller.Serve(watched);
                link.Close();
                Debug.WriteLine("cimfw-esp32: host " + link.Peer + (idle.Expired ? " dropped: no complete frame for " + _def.IdleTimeoutMs.ToString() + " ms"
                    : link.SendTimedOut ? " dropped: a reply was not taken within " + _def.SendTimeoutMs.ToString() + " ms" : " disconnected"));
                // The host went away: nothing may stay pulsed while nobody listens.
                try
                {
                    _safeBoard.SoftReset();
                }
                catch (BoardException e)
                {
                    Debug.WriteLine("cimfw-esp32: safe state failed: " + e.Message);
                }
                _led.Mode = StatusLed.Waiting;
                lock (_gate)
                {
                    _holder = null;
                }
            }
        }
    }
}
