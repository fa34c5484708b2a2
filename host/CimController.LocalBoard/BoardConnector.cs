using System;
using CimController.Emulator;
using CimController.Firmware.Desktop;
using CimController.Host;
using CimController.Host.Transports;

namespace CimController.LocalBoard
{
    /// <summary>Turns a <see cref="BoardAddress"/> into a transport, and a transport into a connected <see cref="CimClient"/>.</summary>
    public static class BoardConnector
    {
        /// <summary>
        /// The transport for <paramref name="address"/>: <see cref="RemoteTransport"/>'s for a board on a link. For <c>emulator</c> it starts the emulated board
        /// and the firmware core in this process with <paramref name="emulator"/> (default: brram, seed 1);
        /// disposing the transport stops them. For <c>emulator:PATH</c> the chip comes from the state file PATH
        /// (<see cref="EmulatorStateSession"/>; <paramref name="emulator"/>'s profile and seed, when given, must be the file's)
        /// and is saved there when the transport is disposed.
        /// </summary>
        public static ITransport OpenTransport(BoardAddress address, EmulatorOptions? emulator = null, int connectTimeoutMs = 5000)
        {
            ArgumentNullException.ThrowIfNull(address);
            if (address.Kind != BoardAddressKind.Emulator)
            {
                return RemoteTransport.For(address, connectTimeoutMs);
            }
            if (address.StatePath.Length > 0)
            {
                EmulatorStateSession session = EmulatorStateSession.Open(address.StatePath, emulator?.ProfileName, emulator?.Seed, chip: emulator?.Chip);
                return new InProcessTransport(session.HostEnd, session, "emulator:" + session.FullPath);
            }
            EmulatedFirmware firmware = EmulatedFirmware.Start(emulator ?? new EmulatorOptions());
            return new InProcessTransport(firmware.HostEnd, firmware, "emulator");
        }

        /// <summary>Opens the transport for <paramref name="address"/> and connects a client (Hello/Info). The client owns the transport.</summary>
        public static CimClient Connect(BoardAddress address, CimClientOptions? options = null, EmulatorOptions? emulator = null)
        {
            ITransport transport = OpenTransport(address, emulator, options?.TimeoutMs ?? 5000);
            var client = new CimClient(transport, options);
            try
            {
                client.Connect();
                return client;
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }
    }
}
