namespace CimController.Host
{
    /// <summary>Answer to <see cref="CimClient.Pulse"/>: pulses applied and the cell read right after.</summary>
    public sealed record PulseResult(int Count, uint Nanosiemens, uint Milliohms)
    {
        /// <summary>Conductance after the pulses, µS.</summary>
        public double Microsiemens => Nanosiemens / 1000.0;
        /// <summary>Resistance after the pulses, Ω (<see cref="double.PositiveInfinity"/> when it read as open).</summary>
        public double Ohms => Milliohms == uint.MaxValue ? double.PositiveInfinity : Milliohms / 1000.0;
    }
}
