namespace CimController.Protocol.Messages
{
    /// <summary>
    /// Training messages (types 0x10-0x14, added in protocol 1.2). Values of the accumulator state (W_FP, dW_FP, dW_new) travel as
    /// IEEE-754 single floats (f32, little-endian) in nanosiemens of the differential pair, w_G = G+ - G-: the firmware and
    /// the host apply the same float32 additions, so the host's mirror of W_FP and dW_FP is bit-exact. Conductances stay
    /// u32 nS as everywhere else. Every request after TrainConfigure carries the session token; a firmware without that
    /// session (restarted, Reset since the session began, or never configured) answers Error NotReady.
    /// </summary>
    public static class TrainLayout
    {
        /// <summary>
        /// TrainConfigure (0x10): u32 token (non-zero), u8 mode (<see cref="TrainMode"/>), u8 max set-reset trials (Wu 2023: 2 in
        /// training), u8 reads to average, u8 layers L (1..16), u32 weights N, u32 threshold nS (programming granularity), u32 Gmin nS,
        /// u32 Gmax nS, u32 tolerance nS of write-verify, u32 last applied step (0 for a new run; the checkpoint's step on resume), u32 resume-first (0: the next update starts step last+1 at
        /// weight 0; k &gt; 0: step 'last' continues at weight k, for a session restored in the middle of a step), then L x u32 first weight index of each layer (ascending, first 0).
        /// Reply TrainConfigured (0x90): u32 token, u32 weights, u32 capacity (most weights this firmware can hold), u32 state bytes per weight.
        /// </summary>
        public const int ConfigureHeaderLength = 36;
        public const int MaxLayers = 16;

        /// <summary>
        /// TrainLoad (0x11): u32 token, u32 first weight, u16 count, then count x <see cref="LoadEntryBytes"/>: u8 tile, u16 row,
        /// u16 column of G+ (G- is the next column), f32 W_FP nS, f32 dW_FP nS, u16 writes so far. Reply TrainLoaded (0x91): u32 token,
        /// u32 weights loaded so far (distinct indices). Training starts when every weight is loaded.
        /// </summary>
        public const int LoadHeaderLength = 10;
        public const int LoadEntryBytes = 15;

        /// <summary>
        /// TrainUpdate (0x12): u32 token, u32 step (batch number, 1, 2, ...), u16 epoch, u32 first weight, u16 count, then count x f32
        /// dW_new nS. A step's chunks come in ascending order of first weight and cover 0..N-1; the next step starts at weight 0.
        /// Sending the last applied (step, first) again returns the same reply without applying anything (exactly once over a
        /// dropped link); anything older or out of order is refused (OutOfRange).
        /// Reply TrainUpdated (0x92): u32 token, u32 step, u32 first, u16 count, u16 writes W, u16 failed writes, u32 pulses,
        /// then W x <see cref="WriteEntryBytes"/>: u32 weight index, u8 write-verify status of the worse device, u8 trials
        /// (max of the pair), u16 pulses (pair), u32 G+ nS read after programming, u32 G- nS.
        /// </summary>
        public const int UpdateHeaderLength = 16;
        public const int UpdateReplyHeaderLength = 22;
        public const int WriteEntryBytes = 16;

        /// <summary>
        /// TrainStateGet (0x13): u32 token, u32 first, u16 count. Reply TrainState (0x93): u32 first, u16 count, then count x
        /// (f32 W_FP nS, f32 dW_FP nS, u16 writes).
        /// </summary>
        public const int StateGetLength = 10;
        public const int StateEntryBytes = 10;

        /// <summary>
        /// TrainStatus (0x14): empty. Reply TrainStatusResult (0x94): u32 token (0: no session), u8 mode, u8 layers L, u32 weights,
        /// u32 weights loaded, u32 last step, u32 last first weight, u32 chunks applied, u16 epoch, u32 writes in total, u32 writes this
        /// epoch, u32 failed writes, u32 pulses, u32 firmware resets when the session began, u32 firmware resets now, then L x u32 writes
        /// per layer.
        /// </summary>
        public const int StatusHeaderLength = 52;
    }
}
