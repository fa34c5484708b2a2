using System;
using System.IO;
using System.Net;
using CimController.Firmware.Desktop;
using CimController.Firmware.Desktop.Tls;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl emulate</c>'s link options under the rule cimfw follows (<see cref="ListenSecurity"/>): plain TCP on
    /// loopback; beyond it TLS with <c>--tls-cert</c> and <c>--tls-clients</c>, or <c>--insecure</c> with a warning on stderr.
    /// </summary>
    public static class TlsListenPolicy
    {
        /// <summary>The policy for serving on <paramref name="endpoint"/>; <see cref="UsageException"/> when the options do not allow it.</summary>
        public static TcpLinkPolicy From(IPEndPoint endpoint, string? tlsCert, string? tlsClients, bool insecure)
        {
            if ((tlsCert == null) != (tlsClients == null))
            {
                throw new UsageException("TLS needs both --tls-cert BOARD.pfx and --tls-clients HOSTS.txt (cimctl tls init DIR writes them)");
            }
            if (ListenSecurity.Problem(endpoint, tlsCert != null, insecure) is string problem)
            {
                throw new UsageException(problem);
            }
            if (ListenSecurity.InsecureWarning(endpoint, insecure) is string warning)
            {
                Console.Error.WriteLine("cimctl emulate: " + warning);
            }
            if (tlsCert == null)
            {
                return new TcpLinkPolicy();
            }
            TlsServerCredentials tls;
            try
            {
                tls = TlsServerCredentials.Load(tlsCert, tlsClients!);
            }
            catch (Exception e) when (e is FormatException or IOException)
            {
                throw new UsageException(e.Message);
            }
            Console.Error.WriteLine("cimctl emulate: TLS 1.2/1.3, board certificate SHA-256 " + tls.Fingerprint + ", " + tls.Hosts.Count + " host(s) admitted (" + tls.Hosts.Source + ")");
            return new TcpLinkPolicy { Tls = tls };
        }
    }
}
