namespace CimController.Host
{
    /// <summary>Reply to FfpTableSet.</summary>
    public readonly record struct FfpTableAcceptance(uint Version, uint Crc, int Bins);
}
