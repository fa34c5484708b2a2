using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Protocol.Tests;

/// <summary>The DAC input rule training and the firmware's Forward share: per-vector scale from the block's code max, codes rounded half up and clamped.</summary>
[TestClass]
public sealed class InputCodesTests
{
    [TestMethod]
    public void AVectorsLargestInputLandsOnTheCodeMax()
    {
        float q = InputCodes.VectorScale(3.0f, 200, 0.1f);
        Assert.AreEqual(3.0f / 200, q);
        Assert.AreEqual((byte)200, InputCodes.Code(3.0f, q));
        Assert.AreEqual((byte)100, InputCodes.Code(1.5f, q));
        Assert.AreEqual((byte)0, InputCodes.Code(0f, q));
    }

    [TestMethod]
    public void CodeMaxZeroOrAVectorWithoutPositiveInputsKeepsTheFixedScale()
    {
        Assert.AreEqual(0.25f, InputCodes.VectorScale(3.0f, 0, 0.25f), "code max 0: the block's fixed scale");
        Assert.AreEqual(0.25f, InputCodes.VectorScale(0f, 200, 0.25f), "no positive input");
        Assert.AreEqual(0.25f, InputCodes.VectorScale(-1f, 200, 0.25f), "only negative inputs");
    }

    [TestMethod]
    public void CodesRoundHalfUpAndClampTo0Through255()
    {
        Assert.AreEqual((byte)3, InputCodes.Code(2.5f, 1f), "2.5 rounds up");
        Assert.AreEqual((byte)2, InputCodes.Code(2.49f, 1f));
        Assert.AreEqual((byte)0, InputCodes.Code(-7f, 1f), "negative inputs drive code 0");
        Assert.AreEqual((byte)255, InputCodes.Code(254.5f, 1f));
        Assert.AreEqual((byte)255, InputCodes.Code(1e9f, 1f), "beyond the range clamps at 255");
        Assert.AreEqual((byte)0, InputCodes.Code(float.NaN, 1f), "NaN drives code 0");
    }
}
