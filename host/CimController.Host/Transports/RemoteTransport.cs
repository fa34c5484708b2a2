using System;

namespace CimController.Host.Transports
{
    /// <summary>
    /// The transport for a board reached over a link (<c>tcp://</c>, <c>tls://</c>, <c>serial:</c>). An <c>emulator</c>
    /// address is a board in this process, which this library does not start: CimController.LocalBoard's
    /// <c>BoardConnector</c> does, and hands the other addresses here.
    /// </summary>
    public static class RemoteTransport
    {
        /// <summary>The (not yet opened) transport to <paramref name="address"/>; TCP and TLS dial within <paramref name="connectTimeoutMs"/>.</summary>
        /// <exception cref="ArgumentException">The address is an emulated board in this process.</exception>
        /// <exception cref="FormatException">A TLS address whose certificate file is missing or not a .pfx with a key.</exception>
        public static ITransport For(BoardAddress address, int connectTimeoutMs = 5000)
        {
            ArgumentNullException.ThrowIfNull(address);
            switch (address.Kind)
            {
                case BoardAddressKind.Tcp:
                    return new TcpTransport(address.Host, address.Port, connectTimeoutMs);
                case BoardAddressKind.Tls:
                    return TcpTransport.ForTls(address, connectTimeoutMs);
                case BoardAddressKind.Serial:
                    return new SerialTransport(address.Device, address.Baud);
                default:
                    throw new ArgumentException("board address " + address + " is an emulated board in this process, which the client library " +
                        "does not start; open it with CimController.LocalBoard's BoardConnector", nameof(address));
            }
        }
    }
}
