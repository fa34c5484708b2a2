namespace CimController.Protocol.Messages
{
    /// <summary>Flags of FfpCalibrate.</summary>
    public static class FfpCalibrateFlags
    {
        /// <summary>Forget every stored calibration trace before this one.</summary>
        public const int ClearStore = 0x01;
        /// <summary>Do not keep this trace for FfpBuildTable (measurement only).</summary>
        public const int DoNotStore = 0x02;
    }
}
