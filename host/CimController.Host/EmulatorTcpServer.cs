using System;
using System.Net;
using CimController.Emulator;
using CimController.Firmware.Desktop;

namespace CimController.Host
{
    /// <summary>
    /// The emulated board and the firmware core served over TCP in this process (what <c>cimctl emulate</c>
    /// runs, and what benchmarks and tests dial). Disposing it stops the server and the firmware.
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

        /// <summary>Builds the board from <paramref name="options"/>, binds <paramref name="endpoint"/> (port 0 picks a free one) and starts serving.</summary>
        public static EmulatorTcpServer Start(EmulatorOptions options, IPEndPoint endpoint, Action<string>? log = null)
        {
            ArgumentNullException.ThrowIfNull(options);
            ArgumentNullException.ThrowIfNull(endpoint);
            FirmwareHost firmware = FirmwareHost.Create(FirmwareHost.EmulatorBoard, options);
            try
            {
                var server = new TcpFirmwareServer(firmware.Controller, endpoint) { Log = log };
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

        /// <summary>The address a client dials: tcp://HOST:PORT.</summary>
        public BoardAddress Address => BoardAddress.ForTcp(LocalEndPoint.Address.ToString(), LocalEndPoint.Port);

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
