using System;
using System.Net;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Host;

namespace CimController.LocalBoard
{
    /// <summary>
    /// The emulated board and the firmware core served over TCP in this process (what <c>cimctl emulate</c>
    /// runs, and what benchmarks and tests dial), plain or TLS under a <see cref="TcpLinkPolicy"/>. Disposing it stops
    /// the server and the firmware.
    /// </summary>
    public sealed class EmulatorTcpServer : IDisposable
    {
        private readonly FirmwareHost _firmware;
        private readonly TcpFirmwareServer _server;

        private EmulatorTcpServer(FirmwareHost firmware, TcpFirmwareServer server)
        {
            _firmware = firmware;
            _server = server;
        }

        /// <summary>
        /// Builds the board from <paramref name="options"/>, binds <paramref name="endpoint"/> (port 0 picks a free one) and
        /// starts serving under <paramref name="policy"/> (null: the defaults, plain TCP).
        /// </summary>
        public static EmulatorTcpServer Start(EmulatorOptions options, IPEndPoint endpoint, Action<string>? log = null, TcpLinkPolicy? policy = null)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(endpoint);
            FirmwareHost firmware = FirmwareHost.Create(FirmwareHost.EmulatorBoard, options);
            try
            {
                var server = new TcpFirmwareServer(firmware.Controller, endpoint, policy) { Log = log };
                server.Start();
                return new EmulatorTcpServer(firmware, server);
            }
            catch
            {
                firmware.Dispose();
                throw;
            }
        }

        /// <summary>The bound endpoint.</summary>
        public IPEndPoint LocalEndPoint => _server.LocalEndPoint;

        /// <summary>The address a client dials: tcp://HOST:PORT (for a TLS server, see <see cref="TlsAddress"/>).</summary>
        public BoardAddress Address => _server.Policy.Tls == null
            ? BoardAddress.ForTcp(LocalEndPoint.Address.ToString(), LocalEndPoint.Port)
            : throw new InvalidOperationException("this server serves TLS: its address needs a host certificate (TlsAddress)");

        /// <summary>The board certificate's SHA-256 fingerprint when serving TLS, else null.</summary>
        public string? Fingerprint => _server.Policy.Tls?.Fingerprint;

        /// <summary>The tls:// address a host with the certificate file <paramref name="hostCertificatePath"/> dials.</summary>
        public BoardAddress TlsAddress(string hostCertificatePath) =>
            BoardAddress.ForTls(LocalEndPoint.Address.ToString(), LocalEndPoint.Port,
                Fingerprint ?? throw new InvalidOperationException("this server serves plain TCP: dial Address"), hostCertificatePath);

        /// <summary>The emulated board's device profile.</summary>
        public DeviceProfile Profile => _firmware.Profile;

        /// <summary>Connections accepted so far.</summary>
        public int ConnectionsServed => _server.ConnectionsServed;

        /// <summary>Stops serving and the firmware (bounded waits).</summary>
        public void Dispose()
        {
            _server.Dispose();
            _firmware.Dispose();
        }
    }
}
