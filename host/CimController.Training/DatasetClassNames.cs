using System;
using System.Globalization;
using System.IO;
using System.Linq;
using CimController.Learning.Data;

namespace CimController.Training;

/// <summary>
/// The names of a run's classes for its figures: Fashion-MNIST's ten names (Xiao et al. 2017, label order) when the run
/// trained on Fashion-MNIST, else the class numbers (MNIST's digits are their own names).
/// </summary>
public static class DatasetClassNames
{
    /// <summary>Fashion-MNIST's classes, label 0 to 9.</summary>
    public static readonly string[] FashionMnist =
    {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    };

    /// <summary>
    /// The class names of a run with <paramref name="classes"/> classes. The data is taken to be Fashion-MNIST when the
    /// run records none (the trainer's default), or its folder is Fashion-MNIST's default folder or has "fashion" in its
    /// path.
    /// </summary>
    public static string[] For(RunSetup? setup, int classes)
    {
        if (classes == FashionMnist.Length && IsFashionMnist(setup?.Data))
        {
            return FashionMnist.ToArray();
        }

        return Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    private static bool IsFashionMnist(string? folder)
    {
        if (string.IsNullOrEmpty(folder))
        {
            return true;
        }

        string full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        return full == Learning.Data.FashionMnist.DefaultFolder || full.Contains("fashion", StringComparison.OrdinalIgnoreCase);
    }
}
