using System.Collections.Generic;
using System.Linq;
using CimController.Learning.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Learning.Tests;

[TestClass]
public sealed class BatchSamplerTests
{
    [TestMethod]
    public void EpochsAreSeededPermutationsSplitIntoDisjointBatches()
    {
        var s = new BatchSampler(1000, 64, seed: 7);
        List<int[]> e0 = s.Batches(0, 15).ToList();
        Assert.AreEqual(15, e0.Count);
        int[] all = e0.SelectMany(b => b).ToArray();
        Assert.AreEqual(all.Length, all.Distinct().Count());
        Assert.IsTrue(all.All(i => i is >= 0 and < 1000));

        CollectionAssert.AreEqual(e0[3], new BatchSampler(1000, 64, 7).Batches(0, 15).ElementAt(3));
        CollectionAssert.AreNotEqual(e0[0], s.Batches(1, 15).First());
        CollectionAssert.AreNotEqual(e0[0], new BatchSampler(1000, 64, 8).Batches(0, 15).First());
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 1000).ToArray(), s.Permutation(2));
    }
}
