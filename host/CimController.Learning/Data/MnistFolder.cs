using System;
using System.IO;

namespace CimController.Learning.Data;

/// <summary>Training and test halves of an MNIST-format data set.</summary>
/// <param name="Train">The training images (60,000 for MNIST and Fashion-MNIST).</param>
/// <param name="Test">The test images (10,000).</param>
/// <param name="Folder">The folder the files were read from.</param>
public sealed record MnistDataset(LabeledImages Train, LabeledImages Test, string Folder);

/// <summary>
/// Loads a folder holding the four MNIST-format IDX files
/// (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>,
/// <c>t10k-labels-idx1-ubyte</c>), each either gzipped (<c>.gz</c>, preferred) or raw.
/// </summary>
public static class MnistFolder
{
    /// <summary>Base names of the four files.</summary>
    public const string TrainImages = "train-images-idx3-ubyte", TrainLabels = "train-labels-idx1-ubyte",
        TestImages = "t10k-images-idx3-ubyte", TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>
    /// Loads the folder. <paramref name="howToGet"/> is appended to every error message (e.g. which package installs
    /// the files); errors name the file at fault.
    /// </summary>
    /// <exception cref="DatasetException">A file is missing or malformed, or images and labels disagree.</exception>
    public static MnistDataset Load(string folder, string datasetName, string howToGet)
    {
        ArgumentNullException.ThrowIfNull(folder);
        LabeledImages train = LoadPair(folder, TrainImages, TrainLabels, datasetName, howToGet);
        LabeledImages test = LoadPair(folder, TestImages, TestLabels, datasetName, howToGet);
        return new MnistDataset(train, test, folder);
    }

    private static LabeledImages LoadPair(string folder, string imagesName, string labelsName, string datasetName, string howToGet)
    {
        string imagesPath = Locate(folder, imagesName, datasetName, howToGet);
        string labelsPath = Locate(folder, labelsName, datasetName, howToGet);
        IdxFile images = ReadChecked(imagesPath, 3, datasetName, howToGet);
        IdxFile labels = ReadChecked(labelsPath, 1, datasetName, howToGet);
        if (images.Dimensions[0] != labels.Dimensions[0])
        {
            throw new DatasetException(
                $"{datasetName}: '{imagesPath}' holds {images.Dimensions[0]} images but '{labelsPath}' holds {labels.Dimensions[0]} labels. {howToGet}",
                labelsPath);
        }

        try
        {
            return new LabeledImages(images.Data, labels.Data, images.Dimensions[1], images.Dimensions[2]);
        }
        catch (ArgumentException e)
        {
            throw new DatasetException($"{datasetName}: '{labelsPath}' is malformed: {e.Message}. {howToGet}", labelsPath, e);
        }
    }

    private static string Locate(string folder, string baseName, string datasetName, string howToGet)
    {
        string gz = Path.Combine(folder, baseName + ".gz");
        if (File.Exists(gz))
        {
            return gz;
        }

        string raw = Path.Combine(folder, baseName);
        if (File.Exists(raw))
        {
            return raw;
        }

        string where = Directory.Exists(folder) ? $"in '{folder}'" : $"('{folder}' does not exist)";
        throw new DatasetException($"{datasetName}: file '{baseName}.gz' (or '{baseName}') not found {where}. {howToGet}", gz);
    }

    private static IdxFile ReadChecked(string path, int dims, string datasetName, string howToGet)
    {
        try
        {
            return dims == 3 ? IdxReader.ReadImages(path) : IdxReader.ReadLabels(path);
        }
        catch (IdxFormatException e)
        {
            throw new DatasetException($"{datasetName}: {e.Message}. {howToGet}", path, e);
        }
    }
}
