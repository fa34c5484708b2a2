namespace CimController.Protocol
{
    /// <summary>Values of <see cref="FrameDecoder.Status"/>.</summary>
    public static class DecodeStatus
    {
        public const int NeedMore = 0;
        public const int Frame = 1;
        public const int Error = 2;
    }
}
