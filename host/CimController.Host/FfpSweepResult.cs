using CimController.Protocol.Messages;

namespace CimController.Host
{
    /// <summary>An FFP sweep: the resistance after every pulse event and the voltage of each event (the data the host segments into levels).</summary>
    public sealed record FfpSweepResult(int Direction, int Stop, uint StartMilliohms, int[] Millivolts, uint[] Milliohms, int Requests)
    {
        /// <summary>Readable stop reason.</summary>
        public string StopName => FfpStatus.Name(Stop);
        /// <summary>Pulse events applied.</summary>
        public int Events => Milliohms.Length;
    }
}
