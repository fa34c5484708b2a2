using System.Device.Spi;
using nanoFramework.Hardware.Esp32;

namespace CimController.Firmware.Esp32
{
    /// <summary>
    /// One dev board wired to one CIM board (boards/esp32-devkitc.md, boards/esp32-s3-devkitc.md,
    /// boards/connector.md): pins, SPI modes and clocks, host link, payload limit and the device profile's
    /// limits (the ESP32 has no profile files: the numbers of boards/profiles/brram-wu2023.json are compiled in).
    /// Pick one in <see cref="Select"/>.
    /// </summary>
    public sealed class Esp32BoardDefinition
    {
        /// <summary>The register-map CIM board (boards/SPI-REGISTER-MAP.md).</summary>
        public const int RegisterMapBoard = 0;
        /// <summary>The discrete AD5328/MCP3208 board (boards/discrete-dac-adc-board.md).</summary>
        public const int DiscreteBoard = 1;

        /// <summary>Name reported as Info.BoardKind.</summary>
        public string Name = "esp32";
        /// <summary><see cref="RegisterMapBoard"/> or <see cref="DiscreteBoard"/>.</summary>
        public int BoardKind = RegisterMapBoard;
        /// <summary>nanoFramework SPI bus id (1-based; bus 1 = the ESP32's SPI2 host, with DMA).</summary>
        public int SpiBus = 1;
        /// <summary>Connector SCLK.</summary>
        public int SclkPin;
        /// <summary>Connector MOSI.</summary>
        public int MosiPin;
        /// <summary>Connector MISO.</summary>
        public int MisoPin;
        /// <summary>Connector CS0_N: the CIM board, or the discrete board's AD5328 SYNC.</summary>
        public int Cs0Pin;
        /// <summary>Connector CS1_N: the discrete board's MCP3208 CS (unused by the register-map board).</summary>
        public int Cs1Pin;
        /// <summary>Connector RESET_N (output, active low), or -1.</summary>
        public int ResetPin = -1;
        /// <summary>Connector READY (input, high when the board is ready), or -1.</summary>
        public int ReadyPin = -1;
        /// <summary>Status LED (active high), or -1.</summary>
        public int LedPin = -1;
        /// <summary>COM2 TX (to the USB-UART adapter's RX).</summary>
        public int Com2TxPin;
        /// <summary>COM2 RX (from the USB-UART adapter's TX).</summary>
        public int Com2RxPin;
        /// <summary>Host link baud rate.</summary>
        public int Baud = 921600;
        /// <summary>
        /// COM2 receive buffer, bytes: one whole request frame (MaxPayload + 12) with room to spare. The host sends a frame and
        /// waits for its reply, so a buffer that holds a frame never overflows, however long the interpreter takes to read
        /// it (a GC, a long command's tail); a smaller one loses bytes of large frames and the frame ends Truncated.
        /// </summary>
        public int SerialReadBuffer { get { return MaxPayload + 1024; } }
        /// <summary>Serve over WiFi TCP instead of COM2.</summary>
        public bool UseWifi;
        /// <summary>WiFi network (empty: use the profile stored with Device Explorer).</summary>
        public string WifiSsid = "";
        /// <summary>WiFi password.</summary>
        public string WifiPassword = "";
        /// <summary>TCP port (the desktop runner's default too).</summary>
        public int TcpPort = 5025;
        /// <summary>
        /// The board's certificate for TLS over WiFi, PEM (board.crt of <c>cimctl tls init</c>); empty: no TLS. WiFi TCP
        /// is served only with TLS (this, <see cref="TlsPrivateKeyPem"/> and <see cref="TlsHostCertificatesPem"/>) or with
        /// <see cref="InsecurePlainTcp"/>; otherwise the app serves COM2 alone.
        /// </summary>
        public string TlsCertificatePem = "";
        /// <summary>The board's private key, PEM (board.key). Compiled into the image like the WiFi password: keep the edited definition out of version control.</summary>
        public string TlsPrivateKeyPem = "";
        /// <summary>
        /// The admitted hosts' certificates, PEM, concatenated (hosts.pem). Written to the device's CA store at start, which
        /// then verifies exactly these hosts; empty leaves the store as it is (provisioned once with the nanoFramework
        /// tools), see the ESP32 README.
        /// </summary>
        public string TlsHostCertificatesPem = "";
        /// <summary>Serve plain TCP over WiFi without TLS (cimfw's --insecure): anyone on the network can drive the board.</summary>
        public bool InsecurePlainTcp;
        /// <summary>A TCP session without a complete frame for this long is dropped, ms (as cimfw's --idle-timeout).</summary>
        public int IdleTimeoutMs = 20000;
        /// <summary>A reply the host does not take within this long drops the session, ms (as cimfw's --send-timeout).</summary>
        public int SendTimeoutMs = 10000;
        /// <summary>A connection that has not finished its TLS handshake within this long is closed, ms (mbedTLS on the ESP32 needs 1-2 s).</summary>
        public int TlsHandshakeTimeoutMs = 10000;
        /// <summary>How long a refused host (Busy) may take to send its first frame before it is answered anyway, ms.</summary>
        public int RefusalWaitMs = 2000;

        /// <summary>True when WiFi TCP runs TLS (a board certificate is given).</summary>
        public bool UsesTls { get { return TlsCertificatePem.Length > 0; } }
        /// <summary>SPI mode of the register-map CIM board (mode 0).</summary>
        public SpiMode CimSpiMode = SpiMode.Mode0;
        /// <summary>SPI clock of the register-map CIM board, Hz.</summary>
        public int CimClockHz = 8000000;
        /// <summary>SPI mode of the AD5328 (data in on the falling SCLK edge).</summary>
        public SpiMode DacSpiMode = SpiMode.Mode1;
        /// <summary>SPI clock of the AD5328, Hz (part: up to 30 MHz).</summary>
        public int DacClockHz = 10000000;
        /// <summary>SPI mode of the MCP3208.</summary>
        public SpiMode AdcSpiMode = SpiMode.Mode0;
        /// <summary>SPI clock of the MCP3208, Hz (part: 2 MHz at 5 V).</summary>
        public int AdcClockHz = 1000000;
        /// <summary>Largest frame payload: 4096 without PSRAM, 16384 with (README.md, "Memory").</summary>
        public int MaxPayload = 4096;
        /// <summary>
        /// Bytes of on-chip training state a TrainConfigure may take (FirmwareConfig.TrainMemoryLimitBytes; 14 bytes per
        /// weight). nanoFramework's managed heap is 84 KB of internal RAM without PSRAM (nf-interpreter
        /// targets/ESP32/_nanoCLR/Memory.cpp, INTERNAL_MEMORY_SIZE), shared by the runtime's own structures (~20 KB), the
        /// serving buffers at P = 4096 (~23 KB) and the FFP table and calibration store (~17 KB): about 24 KB stay free, and
        /// 16 KiB (1,170 weights) keeps a third of that for fragmentation and transient objects. No network cimctl trains
        /// fits (the Wu 2023 LeNet needs 45,080 bytes, 46,480 with its conv1 copied); see firmware/README.md, "Memory for
        /// training and inference".
        /// With PSRAM the heap is the largest PSRAM block less 256 KB: <see cref="DevKitCWrover"/> and
        /// <see cref="S3DevKitC"/> set their own.
        /// </summary>
        public int TrainMemoryLimitBytes = 16 * 1024;
        /// <summary>
        /// Bytes a network program's buffers may take (FirmwareConfig.ForwardMemoryLimitBytes). Without PSRAM 28 KiB: the Wu
        /// 2023 LeNet at batch 1 (24,964 bytes) fits the ~24 KB the heap has free after serving, with its training state
        /// not allocated (an estimate from the heap figures above, not measured on a board); larger programs are refused at
        /// NetworkLoad instead of running out of memory. With PSRAM 1 MiB, the desktop default.
        /// </summary>
        public int ForwardMemoryLimitBytes = 28 * 1024;
        /// <summary>Host silence after which the board is put in its safe state, ms.</summary>
        public int HostSilenceMs = 5000;
        /// <summary>Profile name reported in Info.</summary>
        public string ProfileName = "brram";
        /// <summary>Read voltage, mV (brram-wu2023: 0.1 V).</summary>
        public int ReadMillivolts = 100;
        /// <summary>Largest SET amplitude, mV (brram-wu2023: 3 V).</summary>
        public int MaxSetMillivolts = 3000;
        /// <summary>Largest RESET amplitude, mV (brram-wu2023: 3 V).</summary>
        public int MaxResetMillivolts = 3000;
        /// <summary>Shortest pulse, ns (brram-wu2023: 10 ns).</summary>
        public uint MinPulseWidthNs = 10;
        /// <summary>Longest pulse, ns (brram-wu2023: 10 us).</summary>
        public uint MaxPulseWidthNs = 10000;

        /// <summary>
        /// The board this build runs on: edit this one line (or the fields of the definition it returns) before
        /// deploying. DevKitCWrover() for ESP32-DevKitC with an ESP32-WROVER (PSRAM), DevKitCWroom() without PSRAM,
        /// S3DevKitC() for ESP32-S3-DevKitC-1 N8R8. A build with the symbol CIM_DISCRETE_BOARD (the SDK build's
        /// -p:CimBoard=discrete) drives the discrete AD5328/MCP3208 board from the WROVER instead.
        /// </summary>
        public static Esp32BoardDefinition Select()
        {
#if CIM_DISCRETE_BOARD
            return Discrete(DevKitCWrover());
#else
            return DevKitCWrover();
#endif
        }

        /// <summary>
        /// <paramref name="d"/> wired to the discrete DAC/ADC board (DAC on CS0, ADC on CS1): its pulses are made by DAC
        /// updates, 20 us to 1 ms here (boards/discrete-dac-adc-board.md), so the width limits are the board's.
        /// </summary>
        public static Esp32BoardDefinition Discrete(Esp32BoardDefinition d)
        {
            d.Name = d.Name + "-discrete";
            d.BoardKind = DiscreteBoard;
            d.MinPulseWidthNs = 20000;
            d.MaxPulseWidthNs = 1000000;
            return d;
        }

        /// <summary>ESP32-DevKitC V4 with ESP32-WROVER-E (8 MB PSRAM on GPIO 16/17): boards/esp32-devkitc.md.</summary>
        public static Esp32BoardDefinition DevKitCWrover()
        {
            Esp32BoardDefinition d = DevKitCWroom();
            d.Name = "esp32-wrover";
            d.MaxPayload = 16384;
            // The ESP32 maps at most 4 MB of the 8 MB PSRAM (the rest only through himem), so the managed heap is about
            // 3.7 MB; 2 MiB (149,796 weights) holds the LeNet (46 KB) and the Diao 2025 LeNet-5 (1.1 MB) and leaves
            // 1.7 MB for the serving and programming buffers and the Forward program (1 MB at most by default).
            d.TrainMemoryLimitBytes = 2 * 1024 * 1024;
            d.ForwardMemoryLimitBytes = 1024 * 1024;
            return d;
        }

        /// <summary>ESP32-DevKitC V4 with ESP32-WROOM-32 (no PSRAM): boards/esp32-devkitc.md.</summary>
        public static Esp32BoardDefinition DevKitCWroom()
        {
            Esp32BoardDefinition d = new Esp32BoardDefinition();
            d.Name = "esp32";
            d.MosiPin = 23;
            d.MisoPin = 25;
            d.SclkPin = 19;
            d.Cs0Pin = 5;
            d.Cs1Pin = 4;
            d.ResetPin = 21;
            d.ReadyPin = 22;
            d.LedPin = 2;
            d.Com2TxPin = 32;
            d.Com2RxPin = 33;
            return d;
        }

        /// <summary>ESP32-S3-DevKitC-1 N8R8 (octal PSRAM): boards/esp32-s3-devkitc.md. FSPI IO_MUX pins 10-13.</summary>
        public static Esp32BoardDefinition S3DevKitC()
        {
            Esp32BoardDefinition d = new Esp32BoardDefinition();
            d.Name = "esp32-s3";
            d.MosiPin = 11;
            d.MisoPin = 13;
            d.SclkPin = 12;
            d.Cs0Pin = 10;
            d.Cs1Pin = 9;
            d.ResetPin = 14;
            d.ReadyPin = 21;
            d.LedPin = 2;
            d.Com2TxPin = 17;
            d.Com2RxPin = 18;
            d.MaxPayload = 16384;
            // The S3 maps the whole 8 MB octal PSRAM: a managed heap of about 7.7 MB. 4 MiB (299,593 weights) holds every
            // network cimctl trains, the Diao 2025 MLP (234,752 weights, 3.3 MB) included, and leaves about 3.7 MB.
            d.TrainMemoryLimitBytes = 4 * 1024 * 1024;
            d.ForwardMemoryLimitBytes = 1024 * 1024;
            return d;
        }

        /// <summary>Routes SPI1 and COM2 to this board's pins. Must run before the SPI device and the serial port are created.</summary>
        public void ConfigurePins()
        {
            Configuration.SetPinFunction(MosiPin, DeviceFunction.SPI1_MOSI);
            Configuration.SetPinFunction(MisoPin, DeviceFunction.SPI1_MISO);
            Configuration.SetPinFunction(SclkPin, DeviceFunction.SPI1_CLOCK);
            Configuration.SetPinFunction(Com2TxPin, DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(Com2RxPin, DeviceFunction.COM2_RX);
        }

        /// <summary>The firmware configuration for this board and profile.</summary>
        public FirmwareConfig CreateConfig()
        {
            FirmwareConfig c = new FirmwareConfig();
            c.BoardKind = Name;
            c.ProfileName = ProfileName;
            c.ReadMillivolts = ReadMillivolts;
            c.MaxSetMillivolts = MaxSetMillivolts;
            c.MaxResetMillivolts = MaxResetMillivolts;
            c.MinPulseWidthNs = MinPulseWidthNs;
            c.MaxPulseWidthNs = MaxPulseWidthNs;
            c.MaxPayload = MaxPayload;
            c.TrainMemoryLimitBytes = TrainMemoryLimitBytes;
            c.ForwardMemoryLimitBytes = ForwardMemoryLimitBytes;
            return c;
        }
    }
}
