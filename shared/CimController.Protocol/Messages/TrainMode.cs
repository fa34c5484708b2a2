namespace CimController.Protocol.Messages
{
    /// <summary>How the firmware's update accumulator turns pushed updates into device writes.</summary>
    public static class TrainMode
    {
        /// <summary>Wu 2023 mixed precision: dW_FP += dW_new; where |dW_FP| &gt;= threshold write W_FP + dW_FP, set W_FP to it, zero dW_FP.</summary>
        public const int Mixed = 0;
        /// <summary>Naive on-chip training (Wu 2023's contrast): each batch's dW_new goes straight to the device, which can only move
        /// by whole granularity steps: W_FP += round(dW_new / threshold) x threshold; nothing is accumulated.</summary>
        public const int Naive = 1;

        public static string Name(int mode)
        {
            return mode == Mixed ? "mixed" : mode == Naive ? "naive" : "mode" + mode.ToString();
        }
    }
}
