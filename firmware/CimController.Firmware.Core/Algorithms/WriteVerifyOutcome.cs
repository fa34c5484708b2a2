namespace CimController.Firmware
{
    /// <summary>Outcome of write-verify on one cell (<see cref="WriteVerify.Program"/>); reused, never allocated per cell.</summary>
    public sealed class WriteVerifyOutcome
    {
        /// <summary>The cell's <see cref="CimController.Protocol.Messages.WriteVerifyStatus"/> (0 = in band).</summary>
        public int Status;
        /// <summary>Set-reset trials used.</summary>
        public int Trials;
        /// <summary>Pulses applied to the cell.</summary>
        public int Pulses;
        /// <summary>Conductance read last, nS (0 for a cell the time budget left unpulsed).</summary>
        public uint ConductanceNanosiemens;
    }
}
