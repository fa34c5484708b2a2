using CimController.Protocol;

namespace CimController.Host
{
    /// <summary>Settings of a <see cref="CimClient"/>.</summary>
    public sealed class CimClientOptions
    {
        /// <summary>Longest wait for one reply, ms (each request is bounded by it; a Progress frame from the firmware restarts it).</summary>
        public int TimeoutMs { get; set; } = 5000;

        /// <summary>Name sent in Hello.</summary>
        public string ClientName { get; set; } = "CimController.Host";

        /// <summary>Largest payload this host accepts; the client uses the smaller of this and the firmware's Info.MaxPayload.</summary>
        public int MaxPayload { get; set; } = FrameFormat.MaxPayloadLimit;

        /// <summary>When positive, Vmm requests carry at most this many vectors (batches are split further to fit the payload limit).</summary>
        public int MaxVectorsPerRequest { get; set; }

        /// <summary>
        /// For a differential Vmm (<c>differential: true</c>): false (default) = the host computes code[2k] − code[2k+1]
        /// from the column codes of the reply, so the reply carries only the codes (half the bytes); true = the request
        /// sets the protocol's Differential flag and the firmware sends the differences as well. Both give the same
        /// <see cref="VmmResult.DifferentialCodes"/>.
        /// </summary>
        public bool DifferentialOnFirmware { get; set; }

        /// <summary>Reconnect once and repeat the request when the link drops during an idempotent request and the transport can reconnect.</summary>
        public bool ReconnectOnDrop { get; set; } = true;
    }
}
