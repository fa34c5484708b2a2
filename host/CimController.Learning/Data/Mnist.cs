namespace CimController.Learning.Data;

/// <summary>
/// MNIST handwritten digits (the data set of the Wu 2023 LeNet demo and the Diao 2025 MLP). Not packaged for these
/// machines: a user who has the four IDX files points to their folder.
/// </summary>
public static class Mnist
{
    /// <summary>The hint every load error ends with.</summary>
    public const string HowToGet =
        "MNIST is not packaged here: point to a folder holding the four MNIST IDX files with `--data <folder>` " +
        "(or use Fashion-MNIST: `apt-get install dataset-fashion-mnist`).";

    /// <summary>Loads MNIST from <paramref name="folder"/>.</summary>
    /// <exception cref="DatasetException">A file is missing or malformed.</exception>
    public static MnistDataset Load(string folder) => MnistFolder.Load(folder, "MNIST", HowToGet);
}
