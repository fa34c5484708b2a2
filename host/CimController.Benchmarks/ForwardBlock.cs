namespace CimController.Benchmarks
{
    /// <summary>One crossbar block of a forward pass: a Vmm window and the vectors it gets per batch.</summary>
    /// <param name="Name">Layer and block, e.g. "conv2[0]".</param>
    /// <param name="Rows">Rows (fan-in of the block).</param>
    /// <param name="Columns">Physical columns (2 per output: differential pairs).</param>
    /// <param name="VectorsPerImage">Input vectors per image (conv: output positions; fully connected: 1).</param>
    /// <param name="Tile">Tile of the block.</param>
    /// <param name="Column">First column of the block.</param>
    /// <param name="Layer">Crossbar layer of the block (0 = the first).</param>
    /// <param name="Copies">Copies of the layer stacked on the block's rows, each driven by the same codes (training's default: conv1 twice).</param>
    public sealed record ForwardBlock(string Name, int Rows, int Columns, int VectorsPerImage, int Tile, int Column, int Layer = 0, int Copies = 1);
}
