using System.Globalization;
using System.Net;

namespace CimController.Cli.Commands
{
    /// <summary>Parses <c>--listen ADDRESS:PORT</c> (an IP address, port 0..65535; 0 picks a free port).</summary>
    public static class ListenEndpoint
    {
        /// <summary>The endpoint, or a <see cref="UsageException"/> naming the accepted form.</summary>
        public static IPEndPoint Parse(string? text)
        {
            const string accepted = "--listen takes IP:PORT, e.g. 127.0.0.1:5000 or 127.0.0.1:0 (0 picks a free port), or [::1]:5000";
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new UsageException("--listen is missing; " + accepted);
            }
            int colon = text.LastIndexOf(':');
            if (colon <= 0)
            {
                throw new UsageException("--listen '" + text + "' has no port; " + accepted);
            }
            string host = text.Substring(0, colon).Trim('[', ']');
            if (string.Equals(host, "localhost", System.StringComparison.OrdinalIgnoreCase))
            {
                host = "127.0.0.1";
            }
            if (!IPAddress.TryParse(host, out IPAddress? address))
            {
                throw new UsageException("--listen '" + text + "': '" + host + "' is not an IP address; " + accepted);
            }
            string portText = text.Substring(colon + 1);
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
            {
                throw new UsageException("--listen '" + text + "': port '" + portText + "' is not a number in 0..65535; " + accepted);
            }
            return new IPEndPoint(address, port);
        }
    }
}
