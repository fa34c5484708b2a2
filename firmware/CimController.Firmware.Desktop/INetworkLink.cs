using CimController.Links;

namespace CimController.Firmware.Desktop;

/// <summary>A host link over a network connection (plain TCP or TLS): the controller's <see cref="IHostLink"/>, and what a server needs to log and close it.</summary>
public interface INetworkLink : IHostLink, ISocketLink
{
}
