using System.Net;

namespace CimController.Firmware.Desktop;

/// <summary>
/// The rule for listening on a network (cimfw --listen, cimctl emulate --listen): on a loopback address plain TCP is
/// fine (only this machine reaches it); on any other address (a LAN address, 0.0.0.0, ::) the board must run TLS with
/// host credentials, unless the operator says <c>--insecure</c>, which is then printed as a warning. Serial links are
/// physical and need neither.
/// </summary>
public static class ListenSecurity
{
    /// <summary>Why serving on <paramref name="endpoint"/> this way is refused, or null when it may go ahead.</summary>
    public static string? Problem(IPEndPoint endpoint, bool tls, bool insecure)
    {
        if (tls && insecure)
        {
            return "--insecure (plain TCP) contradicts --tls-cert/--tls-clients (TLS): give one or the other";
        }
        if (tls || insecure || IPAddress.IsLoopback(endpoint.Address))
        {
            return null;
        }
        return "--listen " + endpoint + " reaches beyond this machine, so the board must authenticate its hosts: give --tls-cert BOARD.pfx " +
            "--tls-clients HOSTS.txt (cimctl tls init DIR makes them), or --insecure to serve plain TCP to anyone who can reach the port";
    }

    /// <summary>The warning printed when <c>--insecure</c> serves plain TCP beyond loopback; null on loopback.</summary>
    public static string? InsecureWarning(IPEndPoint endpoint, bool insecure)
    {
        if (!insecure || IPAddress.IsLoopback(endpoint.Address))
        {
            return null;
        }
        return "WARNING: --insecure: serving plain TCP on " + endpoint + " without TLS or host authentication; anyone who can reach this port can drive the board and pulse the chip";
    }
}
