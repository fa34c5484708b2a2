namespace CimController.Learning.Data;

/// <summary>
/// Fashion-MNIST (Xiao et al. 2017; the data set of the Diao 2025 LeNet-5 benchmark): 60,000 training and 10,000 test
/// 28x28 grey images in 10 classes. On Debian it comes from the package <c>dataset-fashion-mnist</c>, which installs
/// the four gzipped IDX files in <see cref="DefaultFolder"/>.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where <c>apt-get install dataset-fashion-mnist</c> puts the files.</summary>
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The hint every load error ends with.</summary>
    public const string HowToGet =
        "Install the data set with `apt-get install dataset-fashion-mnist` (files go to " + DefaultFolder +
        ") or point to a folder holding the four IDX files with `--data <folder>`.";

    /// <summary>Loads Fashion-MNIST from <paramref name="folder"/> (default <see cref="DefaultFolder"/>).</summary>
    /// <exception cref="DatasetException">A file is missing or malformed; the message names it and says how to fix it.</exception>
    public static MnistDataset Load(string? folder = null) =>
        MnistFolder.Load(folder ?? DefaultFolder, "Fashion-MNIST", HowToGet);

    /// <summary>True when the four files are present in <paramref name="folder"/> (default <see cref="DefaultFolder"/>).</summary>
    public static bool IsInstalled(string? folder = null)
    {
        string f = folder ?? DefaultFolder;
        foreach (string name in new[] { MnistFolder.TrainImages, MnistFolder.TrainLabels, MnistFolder.TestImages, MnistFolder.TestLabels })
        {
            if (!System.IO.File.Exists(System.IO.Path.Combine(f, name + ".gz")) && !System.IO.File.Exists(System.IO.Path.Combine(f, name)))
            {
                return false;
            }
        }

        return true;
    }
}
