namespace CimController.Protocol.Messages
{
    /// <summary>Flags of one FFP table entry (per bin and direction).</summary>
    public static class FfpEntryFlags
    {
        /// <summary>The chosen voltage's expected |dR| lies inside the target band.</summary>
        public const int InBand = 0x01;
        /// <summary>No calibrated voltage fell inside the band: the closest one was chosen.</summary>
        public const int Closest = 0x02;
        /// <summary>The bin had no calibration data: copied from the nearest bin that had.</summary>
        public const int Filled = 0x04;
    }
}
