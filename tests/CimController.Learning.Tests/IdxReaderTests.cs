using System;
using System.IO;
using CimController.Learning.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Learning.Tests;

[TestClass]
public sealed class IdxReaderTests
{
    private string _dir = "";

    [TestInitialize]
    public void Setup() => _dir = TestData.TempFolder();

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void GzippedImagesRoundTrip()
    {
        var data = new byte[3 * 4 * 5];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 7);
        }

        string path = Path.Combine(_dir, "imgs.gz");
        TestData.WriteGz(path, TestData.IdxBytes(new[] { 3, 4, 5 }, data));
        IdxFile f = IdxReader.ReadImages(path);
        CollectionAssert.AreEqual(new[] { 3, 4, 5 }, f.Dimensions);
        CollectionAssert.AreEqual(data, f.Data);
    }

    [TestMethod]
    public void RawLabelsRoundTrip()
    {
        byte[] labels = { 9, 0, 3, 3, 1 };
        string path = Path.Combine(_dir, "labels");
        File.WriteAllBytes(path, TestData.IdxBytes(new[] { 5 }, labels));
        IdxFile f = IdxReader.ReadLabels(path);
        CollectionAssert.AreEqual(labels, f.Data);
    }

    [TestMethod]
    public void BadMagicIsRejectedNamingTheFile()
    {
        byte[] bytes = TestData.IdxBytes(new[] { 2 }, new byte[] { 1, 2 });
        bytes[1] = 0x42;
        string path = Path.Combine(_dir, "bad-magic");
        File.WriteAllBytes(path, bytes);
        var e = Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.Read(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "magic");
    }

    [TestMethod]
    public void UnsupportedTypeTruncatedAndTrailingDataAreRejected()
    {
        string typePath = Path.Combine(_dir, "float-type");
        File.WriteAllBytes(typePath, TestData.IdxBytes(new[] { 1 }, new byte[4], type: 0x0D)[..8]);
        StringAssert.Contains(Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.Read(typePath)).Message, "0x0D");

        string shortPath = Path.Combine(_dir, "short.gz");
        byte[] full = TestData.IdxBytes(new[] { 2, 3, 3 }, new byte[18]);
        TestData.WriteGz(shortPath, full[..^5]);
        StringAssert.Contains(Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.Read(shortPath)).Message, "truncated");

        string longPath = Path.Combine(_dir, "long");
        File.WriteAllBytes(longPath, [.. full, 1, 2]);
        StringAssert.Contains(Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.Read(longPath)).Message, "after");

        string headerPath = Path.Combine(_dir, "header-only");
        File.WriteAllBytes(headerPath, full[..6]);
        StringAssert.Contains(Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.Read(headerPath)).Message, "dimension");
    }

    [TestMethod]
    public void ImagesWithWrongRankAndCorruptGzipAreRejected()
    {
        string path = Path.Combine(_dir, "rank1.gz");
        TestData.WriteGz(path, TestData.IdxBytes(new[] { 4 }, new byte[4]));
        StringAssert.Contains(Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.ReadImages(path)).Message, "3 dimensions");

        string gzPath = Path.Combine(_dir, "corrupt.gz");
        File.WriteAllBytes(gzPath, new byte[] { 0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF });
        Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.Read(gzPath));
    }

    [TestMethod]
    public void MissingFileThrowsFileNotFound()
    {
        Assert.ThrowsExactly<FileNotFoundException>(() => IdxReader.Read(Path.Combine(_dir, "nope")));
    }

    [TestMethod]
    public void FashionMnistMissingFolderSaysHowToInstall()
    {
        string folder = Path.Combine(_dir, "absent");
        var e = Assert.ThrowsExactly<DatasetException>(() => FashionMnist.Load(folder));
        StringAssert.Contains(e.Message, "train-images-idx3-ubyte");
        StringAssert.Contains(e.Message, "apt-get install dataset-fashion-mnist");
        StringAssert.Contains(e.Message, "--data <folder>");
        Assert.IsFalse(FashionMnist.IsInstalled(folder));
    }

    [TestMethod]
    public void FolderLoadsAndMalformedFileIsNamed()
    {
        WriteSet(_dir, MnistFolder.TrainImages, MnistFolder.TrainLabels, 6);
        WriteSet(_dir, MnistFolder.TestImages, MnistFolder.TestLabels, 4);
        MnistDataset d = FashionMnist.Load(_dir);
        Assert.AreEqual(6, d.Train.Count);
        Assert.AreEqual(4, d.Test.Count);
        Assert.AreEqual(28, d.Train.Rows);
        Assert.AreEqual(5, d.Train.Labels[5]);

        string bad = Path.Combine(_dir, MnistFolder.TestLabels + ".gz");
        TestData.WriteGz(bad, TestData.IdxBytes(new[] { 4 }, new byte[] { 1, 2, 3 })[..9]);
        var e = Assert.ThrowsExactly<DatasetException>(() => FashionMnist.Load(_dir));
        StringAssert.Contains(e.Message, bad);
        StringAssert.Contains(e.Message, "apt-get install dataset-fashion-mnist");

        TestData.WriteGz(bad, TestData.IdxBytes(new[] { 3 }, new byte[] { 1, 2, 3 }));
        StringAssert.Contains(Assert.ThrowsExactly<DatasetException>(() => FashionMnist.Load(_dir)).Message, "4 images but");

        TestData.WriteGz(bad, TestData.IdxBytes(new[] { 4 }, new byte[] { 1, 2, 3, 12 }));
        StringAssert.Contains(Assert.ThrowsExactly<DatasetException>(() => FashionMnist.Load(_dir)).Message, "label 12");
    }

    [TestMethod]
    public void InstalledFashionMnistHasTheExpectedShape()
    {
        if (!FashionMnist.IsInstalled())
        {
            // CI installs the data set (.ci/run): there its absence is a failure; elsewhere the test is reported as not run
            // (the loader itself is covered by the synthetic tests above).
            if (Environment.GetEnvironmentVariable("CI") == "true")
                Assert.Fail($"Fashion-MNIST is required and not installed at {FashionMnist.DefaultFolder}");
            Assert.Inconclusive($"Fashion-MNIST not installed at {FashionMnist.DefaultFolder}");
        }

        MnistDataset d = FashionMnist.Load();
        Assert.AreEqual(60000, d.Train.Count);
        Assert.AreEqual(10000, d.Test.Count);
        Assert.AreEqual(28, d.Test.Columns);
    }

    private static void WriteSet(string dir, string images, string labels, int n)
    {
        var px = new byte[n * 28 * 28];
        new Random(3).NextBytes(px);
        var lb = new byte[n];
        for (int i = 0; i < n; i++)
        {
            lb[i] = (byte)(i % 10);
        }

        TestData.WriteGz(Path.Combine(dir, images + ".gz"), TestData.IdxBytes(new[] { n, 28, 28 }, px));
        File.WriteAllBytes(Path.Combine(dir, labels), TestData.IdxBytes(new[] { n }, lb));
    }
}
