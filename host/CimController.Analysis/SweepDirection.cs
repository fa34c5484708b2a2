namespace CimController.Analysis
{
    /// <summary>
    /// Direction of an FFP sweep in Diao 2025's vocabulary: potentiation moves the device from HRS to LRS
    /// (resistance falls, conductance rises), depression from LRS to HRS (resistance rises).
    /// </summary>
    public enum SweepDirection
    {
        /// <summary>HRS -> LRS: resistance decreasing; eq. 2 of Diao 2025.</summary>
        Potentiation,
        /// <summary>LRS -> HRS: resistance increasing; eq. 3 of Diao 2025.</summary>
        Depression,
    }
}
