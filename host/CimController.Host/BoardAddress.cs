using System;
using System.Globalization;

namespace CimController.Host
{
    /// <summary>
    /// Where a board is: <c>emulator</c> (a fresh emulated chip per process), <c>emulator:PATH</c> (an emulated chip kept in
    /// the state file PATH between commands, see CimController.Emulator.EmulatorStateFile), <c>tcp://HOST:PORT</c>, <c>tls://HOST:PORT?fingerprint=SHA256&amp;cert=HOST.pfx</c>
    /// (TLS: the board's certificate pinned by its SHA-256 fingerprint, this host's certificate and key presented) or
    /// <c>serial:DEVICE[?baud=N]</c>.
    /// <see cref="Parse"/> names what was wrong and the accepted forms when the text is not one of them.
    /// </summary>
    public sealed class BoardAddress
    {
        /// <summary>The accepted forms, for error and help texts.</summary>
        public const string AcceptedForms = "emulator | emulator:STATE-FILE (e.g. emulator:chip.json, a chip kept between commands) | tcp://HOST:PORT (e.g. tcp://127.0.0.1:5000) | tls://HOST:PORT?fingerprint=BOARD-SHA256&cert=HOST.pfx " +
            "(as cimctl tls init prints it) | serial:DEVICE[?baud=N] (e.g. serial:/dev/ttyUSB0?baud=921600)";

        /// <summary>Baud rate of a serial address that does not give one.</summary>
        public const int DefaultBaud = 921600;

        private BoardAddress(BoardAddressKind kind, string host, int port, string device, int baud, string fingerprint = "", string certificatePath = "", string statePath = "")
        {
            StatePath = statePath;
            Kind = kind;
            Host = host;
            Port = port;
            Device = device;
            Baud = baud;
            Fingerprint = fingerprint;
            CertificatePath = certificatePath;
        }

        /// <summary>The in-process emulator.</summary>
        public static BoardAddress Emulator { get; } = new BoardAddress(BoardAddressKind.Emulator, "", 0, "", 0);

        /// <summary>The emulator's state file as given (<c>emulator:PATH</c>), or empty for a fresh chip (emulator only).</summary>
        public string StatePath { get; }

        /// <summary>An emulated chip kept in the state file <paramref name="statePath"/> between commands.</summary>
        public static BoardAddress ForEmulatorState(string statePath)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(statePath);
            return new BoardAddress(BoardAddressKind.Emulator, "", 0, "", 0, statePath: statePath);
        }

        /// <summary>How the board is reached.</summary>
        public BoardAddressKind Kind { get; }

        /// <summary>Host name or IP address (TCP and TLS).</summary>
        public string Host { get; }

        /// <summary>TCP port 1..65535 (TCP and TLS).</summary>
        public int Port { get; }

        /// <summary>The board certificate's pinned SHA-256 fingerprint, 64 upper-case hex digits (TLS only).</summary>
        public string Fingerprint { get; }

        /// <summary>This host's certificate and key, a PKCS#12 file without password (TLS only).</summary>
        public string CertificatePath { get; }

        /// <summary>Serial device, e.g. /dev/ttyUSB0 or COM3 (serial only).</summary>
        public string Device { get; }

        /// <summary>Serial baud rate (serial only).</summary>
        public int Baud { get; }

        /// <summary>A TCP address.</summary>
        public static BoardAddress ForTcp(string host, int port)
        {
            return new BoardAddress(BoardAddressKind.Tcp, host, port, "", 0);
        }

        /// <summary>A TLS address: the board's fingerprint is checked and normalised; the certificate file is read when the link opens.</summary>
        /// <exception cref="FormatException">The fingerprint is not 64 hex digits.</exception>
        public static BoardAddress ForTls(string host, int port, string fingerprint, string certificatePath)
        {
            string normalized = TlsFingerprint(fingerprint) ?? throw new FormatException("fingerprint '" + fingerprint + "' is not " + FingerprintForm);
            return new BoardAddress(BoardAddressKind.Tls, host, port, "", 0, normalized, certificatePath);
        }

        /// <summary>A serial address.</summary>
        public static BoardAddress ForSerial(string device, int baud = DefaultBaud)
        {
            return new BoardAddress(BoardAddressKind.Serial, "", 0, device, baud);
        }

        /// <summary>Parses an address; throws <see cref="FormatException"/> naming the problem and the accepted forms.</summary>
        public static BoardAddress Parse(string? text)
        {
            if (!TryParse(text, out BoardAddress? address, out string? error))
            {
                throw new FormatException(error);
            }
            return address!;
        }

        /// <summary>Parses an address; on failure <paramref name="error"/> names the problem and the accepted forms.</summary>
        public static bool TryParse(string? text, out BoardAddress? address, out string? error)
        {
            address = null;
            string? problem = TryParseCore(text?.Trim() ?? "", ref address);
            error = problem == null ? null : "board address '" + text + "' is not valid: " + problem + ". Accepted forms: " + AcceptedForms;
            return problem == null;
        }

        private static string? TryParseCore(string text, ref BoardAddress? address)
        {
            if (text.Length == 0)
            {
                return "it is empty";
            }
            if (string.Equals(text, "emulator", StringComparison.OrdinalIgnoreCase))
            {
                address = Emulator;
                return null;
            }
            if (text.StartsWith("emulator:", StringComparison.OrdinalIgnoreCase))
            {
                string path = text.Substring(9).Trim();
                if (path.Length == 0)
                {
                    return "the state file is empty (write emulator:chip.json, or emulator alone for a fresh chip)";
                }
                address = ForEmulatorState(path);
                return null;
            }
            if (text.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
            {
                return ParseTcp(text.Substring(6), ref address);
            }
            if (text.StartsWith("tls://", StringComparison.OrdinalIgnoreCase))
            {
                return ParseTls(text.Substring(6), ref address);
            }
            if (text.StartsWith("serial:", StringComparison.OrdinalIgnoreCase))
            {
                return ParseSerial(text.Substring(7), ref address);
            }
            return "it names no known kind of board link";
        }

        private static string? ParseTcp(string rest, ref BoardAddress? address)
        {
            rest = rest.TrimEnd('/');
            string host;
            string portText;
            if (rest.StartsWith('['))
            {
                int close = rest.IndexOf(']');
                if (close < 0 || close + 1 >= rest.Length || rest[close + 1] != ':')
                {
                    return "an IPv6 host must be written as [ADDRESS]:PORT";
                }
                host = rest.Substring(1, close - 1);
                portText = rest.Substring(close + 2);
            }
            else
            {
                int colon = rest.LastIndexOf(':');
                if (colon < 0)
                {
                    return "the TCP port is missing (write tcp://HOST:PORT)";
                }
                host = rest.Substring(0, colon);
                portText = rest.Substring(colon + 1);
            }
            if (host.Length == 0)
            {
                return "the host is empty (write tcp://HOST:PORT)";
            }
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
            {
                return "the port '" + portText + "' is not a number in 1..65535";
            }
            address = ForTcp(host, port);
            return null;
        }

        private const string FingerprintForm = "the board certificate's SHA-256 as 64 hex digits (colons allowed), as cimctl tls init prints it";

        private static string? TlsFingerprint(string text) => CimController.Links.Tls.CertificateFingerprint.Normalize(text);

        private static string? ParseTls(string rest, ref BoardAddress? address)
        {
            int query = rest.IndexOf('?');
            if (query < 0)
            {
                return "a TLS address needs ?fingerprint=BOARD-SHA256&cert=HOST.pfx (the board's pinned certificate and this host's credential)";
            }
            BoardAddress? endpoint = null;
            string? problem = ParseTcp(rest.Substring(0, query), ref endpoint);
            if (problem != null)
            {
                return problem.Replace("tcp://", "tls://", StringComparison.Ordinal);
            }
            string fingerprint = "";
            string certificate = "";
            foreach (string option in rest.Substring(query + 1).Split('&'))
            {
                int equals = option.IndexOf('=');
                string key = equals < 0 ? option : option.Substring(0, equals);
                string value = equals < 0 ? "" : Uri.UnescapeDataString(option.Substring(equals + 1));
                if (string.Equals(key, "fingerprint", StringComparison.OrdinalIgnoreCase))
                {
                    fingerprint = value;
                }
                else if (string.Equals(key, "cert", StringComparison.OrdinalIgnoreCase))
                {
                    certificate = value;
                }
                else
                {
                    return "'" + option + "' is not a TLS option (they are fingerprint=BOARD-SHA256 and cert=HOST.pfx)";
                }
            }
            if (fingerprint.Length == 0)
            {
                return "fingerprint= is missing: give " + FingerprintForm;
            }
            if (TlsFingerprint(fingerprint) == null)
            {
                return "fingerprint '" + fingerprint + "' is not " + FingerprintForm;
            }
            if (certificate.Length == 0)
            {
                return "cert= is missing: give this host's .pfx (cimctl tls init or cimctl tls host writes one)";
            }
            address = ForTls(endpoint!.Host, endpoint.Port, fingerprint, certificate);
            return null;
        }

        private static string? ParseSerial(string rest, ref BoardAddress? address)
        {
            string device = rest;
            int baud = DefaultBaud;
            int query = rest.IndexOf('?');
            if (query >= 0)
            {
                device = rest.Substring(0, query);
                string option = rest.Substring(query + 1);
                if (!option.StartsWith("baud=", StringComparison.OrdinalIgnoreCase))
                {
                    return "'" + option + "' is not a serial option (the only one is baud=N)";
                }
                string baudText = option.Substring(5);
                if (!int.TryParse(baudText, NumberStyles.None, CultureInfo.InvariantCulture, out baud) || baud < 50 || baud > 12_000_000)
                {
                    return "the baud rate '" + baudText + "' is not a number in 50..12000000";
                }
            }
            if (device.Length == 0)
            {
                return "the serial device is empty (write serial:/dev/ttyUSB0 or serial:COM3)";
            }
            address = ForSerial(device, baud);
            return null;
        }

        /// <summary>The address in the form <see cref="Parse"/> reads.</summary>
        public override string ToString()
        {
            switch (Kind)
            {
                case BoardAddressKind.Tcp:
                    return "tcp://" + (Host.Contains(':') ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);
                case BoardAddressKind.Tls:
                    return "tls://" + (Host.Contains(':') ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture) +
                        "?fingerprint=" + Fingerprint + "&cert=" + Uri.EscapeDataString(CertificatePath).Replace("%2F", "/", StringComparison.Ordinal);
                case BoardAddressKind.Serial:
                    return "serial:" + Device + "?baud=" + Baud.ToString(CultureInfo.InvariantCulture);
                default:
                    return StatePath.Length > 0 ? "emulator:" + StatePath : "emulator";
            }
        }
    }
}
