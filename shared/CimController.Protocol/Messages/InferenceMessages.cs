namespace CimController.Protocol.Messages
{
    /// <summary>
    /// Edge inference messages (types 0x20-0x22, protocol 1.3). The host maps a trained network onto the board's
    /// arrays, programs the conductances (WriteVerify / FFP) and uploads a compact <b>network program</b> with
    /// NetworkLoad; afterwards one Forward request carries a batch of 8-bit images and its reply the logits, so a whole
    /// forward pass costs one host round trip. Every real number travels as fixed point (no floats on the wire):
    /// a <i>scaled integer</i> is i32 mantissa m + i8 exponent e, value m x 2^e; biases and logits are i32 Q16.16
    /// (value x 65536). Layout of the program (all integers little-endian):
    /// <code>
    /// header (16 bytes): u16 format (3), u8 input channels C, u8 input height H, u8 input width W, u16 classes,
    ///                    u16 max batch (images per Forward), u8 ops, scaled pixel scale (5 bytes: x = pixel x scale), u8 reserved 0
    /// then per op: u8 kind, then
    ///   Relu (1), Flatten (3): nothing
    ///   MaxPool (2): u8 window (= stride)
    ///   Conv (4): u8 kernel, u8 stride, u16 outputs N, u8 has bias, u8 slots S, [N x i32 bias Q16.16], S x slot
    ///   Linear (5): u16 fan-in K, u16 outputs N, u8 has bias, u8 slots S, [N x i32 bias Q16.16], S x slot
    /// slot (25 bytes): u8 tile, u16 tile row0, u16 tile column0 (G+ of the first output; G- is the next column),
    ///   u16 first weight row, u16 rows, u16 first output, u16 outputs (pairs), scaled input scale q (activation units per
    ///   DAC code), scaled output scale k (output units per differential ADC code: 256 q s LSB / V_read),
    ///   u8 code max c_max (format 2): 0 = every vector uses q; else each vector gets its own scale q_v = max_r x_r / c_max
    ///   (its largest input drives code c_max, the largest code at which no column of the block can pass 85 % of the ADC
    ///   full scale) and its outputs k q_v / q, so small activations use the DACs' whole range,
    ///   u8 repeats (format 3, >= 1): conversions averaged per vector (the vector is sent that many times in one MAC;
    ///   the ADC noise of the average falls as 1/sqrt(repeats)),
    ///   u8 copies (format 4, >= 1; Conv only): the block's weight rows stand that many times one after another on the
    ///   array (tile rows 0 .. copies x rows - 1), each copy driven by the same input codes, so the column currents add;
    ///   k already includes the 1 / copies
    /// </code>
    /// Format 3 (slots of 25 bytes, no copies byte) is still read, with copies 1.
    /// A convolution's weight row r is (c KH + ky) KW + kx (the host's im2col order); its input channels are the
    /// current activation's. Activations stay per image [C, H, W]; Flatten keeps that order (feature (c H + y) W + x).
    /// </summary>
    public static class InferenceLayout
    {
        /// <summary>Program format written by this version.</summary>
        public const int ProgramFormat = 4;
        /// <summary>Oldest program format this version reads (slots without the copies byte).</summary>
        public const int OldestProgramFormat = 3;
        /// <summary>Bytes of the program header.</summary>
        public const int HeaderLength = 16;
        /// <summary>Bytes of one slot entry.</summary>
        public const int SlotLength = 26;
        /// <summary>Bytes of one slot entry in format 3.</summary>
        public const int SlotLengthFormat3 = 25;
        /// <summary>Bytes of a scaled integer (i32 mantissa, i8 exponent).</summary>
        public const int ScaledLength = 5;

        /// <summary>Op kinds.</summary>
        public const int OpRelu = 1;
        public const int OpMaxPool = 2;
        public const int OpFlatten = 3;
        public const int OpConv = 4;
        public const int OpLinear = 5;

        /// <summary>
        /// NetworkLoaded (0xA0): u32 program id (CRC-32 of the program bytes), u16 max batch, u32 bytes the program's buffers
        /// take, u32 the firmware's memory limit for them, u8 crossbar layers, u8 ops, u16 slots.
        /// </summary>
        public const int LoadedLength = 18;

        /// <summary>
        /// Forward (0x21): u32 program id (the NetworkLoaded id: a Forward for another program is refused with NotReady),
        /// u16 images n (1..max batch), u8 flags (0), then n x C x H x W u8 pixels, image after image, row-major.
        /// </summary>
        public const int ForwardHeaderLength = 7;

        /// <summary>
        /// ForwardResult (0xA1): u32 program id, u16 images n, u16 classes, u32 chip cycles, u32 tile ops, u32 Mac commands,
        /// u32 firmware time ms, then n x (u8 class (argmax), classes x i32 logit Q16.16).
        /// </summary>
        public const int ForwardReplyHeaderLength = 24;

        /// <summary>
        /// NetworkStatus (0x22): empty. Reply NetworkStatusResult (0xA2): u32 program id (0 = none), u16 max batch, u32 bytes,
        /// u32 memory limit, u32 Forward requests served, u32 images.
        /// </summary>
        public const int StatusLength = 22;

        /// <summary>Bytes of one image's result in ForwardResult.</summary>
        public static int ImageResultLength(int classes)
        {
            return 1 + 4 * classes;
        }

        /// <summary>Op name for messages.</summary>
        public static string OpName(int kind)
        {
            switch (kind)
            {
                case OpRelu: return "Relu";
                case OpMaxPool: return "MaxPool";
                case OpFlatten: return "Flatten";
                case OpConv: return "Conv";
                case OpLinear: return "Linear";
                default: return "op" + kind.ToString();
            }
        }
    }
}
