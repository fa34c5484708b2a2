using System;
using System.Globalization;

namespace CimController.Host
{
    /// <summary>
    /// Where a board is: <c>emulator</c>, <c>tcp://HOST:PORT</c> or <c>serial:DEVICE[?baud=N]</c>.
    /// <see cref="Parse"/> names what was wrong and the accepted forms when the text is not one of them.
    /// </summary>
    public sealed class BoardAddress
    {
        /// <summary>The accepted forms, for error and help texts.</summary>
        public const string AcceptedForms = "emulator | tcp://HOST:PORT (e.g. tcp://127.0.0.1:5000) | serial:DEVICE[?baud=N] (e.g. serial:/dev/ttyUSB0?baud=921600)";

        /// <summary>Baud rate of a serial address that does not give one.</summary>
        public const int DefaultBaud = 921600;

        private BoardAddress(BoardAddressKind kind, string host, int port, string device, int baud)
        {
            Kind = kind;
            Host = host;
            Port = port;
            Device = device;
            Baud = baud;
        }

        /// <summary>The in-process emulator.</summary>
        public static BoardAddress Emulator { get; } = new BoardAddress(BoardAddressKind.Emulator, "", 0, "", 0);

        /// <summary>How the board is reached.</summary>
        public BoardAddressKind Kind { get; }

        /// <summary>Host name or IP address (TCP only).</summary>
        public string Host { get; }

        /// <summary>TCP port 1..65535 (TCP only).</summary>
        public int Port { get; }

        /// <summary>Serial device, e.g. /dev/ttyUSB0 or COM3 (serial only).</summary>
        public string Device { get; }

        /// <summary>Serial baud rate (serial only).</summary>
        public int Baud { get; }

        /// <summary>A TCP address.</summary>
        public static BoardAddress ForTcp(string host, int port)
        {
            return new BoardAddress(BoardAddressKind.Tcp, host, port, "", 0);
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
            if (text.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
            {
                return ParseTcp(text.Substring(6), ref address);
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
                case BoardAddressKind.Serial:
                    return "serial:" + Device + "?baud=" + Baud.ToString(CultureInfo.InvariantCulture);
                default:
                    return "emulator";
            }
        }
    }
}
