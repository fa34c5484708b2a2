namespace CimController.Host
{
    /// <summary>Progress of a long request split into several frames: <paramref name="Done"/> of <paramref name="Total"/> units (vectors or cells) finished.</summary>
    public readonly record struct CimProgress(string Stage, long Done, long Total);
}
