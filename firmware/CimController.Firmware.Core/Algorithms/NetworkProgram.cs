using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// A parsed network program (layout in <see cref="InferenceLayout"/>): the layer list of a deployed model with its
    /// array placement, per-array input and output scales, biases and the digital ops between (ReLU, max-pool, flatten),
    /// plus every buffer a Forward needs, allocated once here and sized for the program's max batch. Parsing checks the
    /// whole program (shapes chained through every op, slots inside the board and inside their layer, kernel not larger
    /// than its input) before anything is allocated, and refuses a program whose buffers exceed the memory limit with a
    /// message saying how many bytes it needs.
    /// </summary>
    public sealed partial class NetworkProgram
    {
        /// <summary>Largest ops in a program.</summary>
        public const int MaxOps = 32;
        /// <summary>Largest slots in a program.</summary>
        public const int MaxSlots = 256;
        /// <summary>Bytes of DAC codes / ADC codes per Mac chunk (the register map's burst buffer is 4096 bytes).</summary>
        public const int ChunkBytes = 4096;

        // per op
        internal int OpCount;
        internal int[] Kind = new int[MaxOps];
        internal int[] Kernel = new int[MaxOps];     // conv kernel; pool window
        internal int[] Stride = new int[MaxOps];
        internal int[] FanIn = new int[MaxOps];
        internal int[] Outputs = new int[MaxOps];
        internal int[] InC = new int[MaxOps], InH = new int[MaxOps], InW = new int[MaxOps];
        internal int[] OutC = new int[MaxOps], OutH = new int[MaxOps], OutW = new int[MaxOps];
        internal float[][] Bias = new float[MaxOps][];
        internal bool[] HasBias = new bool[MaxOps];
        internal int[] FirstSlot = new int[MaxOps];
        internal int[] SlotCount = new int[MaxOps];

        // per slot
        internal int TotalSlots;
        internal int[] SlotTile = new int[MaxSlots], SlotRow0 = new int[MaxSlots], SlotCol0 = new int[MaxSlots];
        internal int[] SlotRowStart = new int[MaxSlots], SlotRows = new int[MaxSlots];
        internal int[] SlotOutStart = new int[MaxSlots], SlotOutputs = new int[MaxSlots];
        internal float[] SlotQ = new float[MaxSlots], SlotInvQ = new float[MaxSlots], SlotK = new float[MaxSlots];
        internal int[] SlotRepeats = new int[MaxSlots]; // conversions averaged per vector
        internal int[] SlotCopies = new int[MaxSlots]; // copies of the block's rows on the array (SlotRows counts them all)
        private int _slotLength = InferenceLayout.SlotLength;
        internal int[] SlotCodeMax = new int[MaxSlots]; // InputCodes: 0 fixed input scale; else per-vector scale, largest input -> this code
        internal int[][] SlotRowOffset = new int[MaxSlots][]; // conv: offset of weight row r inside one image's input [C, H, W]

        /// <summary>Input channels, height, width.</summary>
        public int InputChannels, InputHeight, InputWidth;
        /// <summary>Output classes (the last op's output size).</summary>
        public int Classes;
        /// <summary>Images per Forward.</summary>
        public int MaxBatch;
        /// <summary>Activation value of pixel code 1.</summary>
        public float PixelScale;
        /// <summary>Crossbar layers (Conv + Linear).</summary>
        public int CrossbarLayers;
        /// <summary>Bytes of the buffers and tables this program allocated.</summary>
        public int Bytes;
        /// <summary>Vectors per Mac call.</summary>
        public int ChunkVectors;

        internal float[] BufferA = new float[0];
        internal float[] BufferB = new float[0];
        internal byte[] Codes = new byte[0];
        internal byte[] AdcCodes = new byte[0];
        internal float[] VectorGain = new float[0]; // per vector of a chunk: output scale relative to the slot's k
        internal float[] Logits = new float[0];

        /// <summary>
        /// Parses and checks the program in <paramref name="b"/>[<paramref name="offset"/>, +<paramref name="length"/>) against
        /// the board's geometry, then allocates its buffers. Throws <see cref="ProtocolException"/> (Malformed, OutOfRange)
        /// naming the op, the field and what is accepted; on failure nothing of this object is used.
        /// </summary>
        public void Parse(byte[] b, int offset, int length, ICimBoard board, int memoryLimitBytes)
        {
            int end = offset + length;
            RequestCheck.Length("NetworkLoad", "the program header", length, InferenceLayout.HeaderLength);
            int p = offset;
            int format = ByteOrder.ReadUInt16(b, p);
            if (format < InferenceLayout.OldestProgramFormat || format > InferenceLayout.ProgramFormat)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "NetworkLoad program format " + format.ToString() + " is not supported; this firmware reads formats " +
                    InferenceLayout.OldestProgramFormat.ToString() + ".." + InferenceLayout.ProgramFormat.ToString());
            }
            _slotLength = format >= 4 ? InferenceLayout.SlotLength : InferenceLayout.SlotLengthFormat3;
            InputChannels = b[p + 2];
            InputHeight = b[p + 3];
            InputWidth = b[p + 4];
            int classes = ByteOrder.ReadUInt16(b, p + 5);
            MaxBatch = ByteOrder.ReadUInt16(b, p + 7);
            OpCount = b[p + 9];
            PixelScale = Scaled(b, p + 10, "pixel scale");
            RequestCheck.Range("NetworkLoad", "input channels", InputChannels, 1, 255);
            RequestCheck.Range("NetworkLoad", "input height", InputHeight, 1, 255);
            RequestCheck.Range("NetworkLoad", "input width", InputWidth, 1, 255);
            RequestCheck.Range("NetworkLoad", "max batch", MaxBatch, 1, 65535);
            RequestCheck.Range("NetworkLoad", "ops", OpCount, 1, MaxOps);
            p += InferenceLayout.HeaderLength;

            int c = InputChannels, h = InputHeight, w = InputWidth;
            CheckActivation(-1, c, h, w, memoryLimitBytes);
            int maxAct = c * h * w, maxRows = 1, maxCols = 2, maxVectors = 1, maxRepeats = 1;
            TotalSlots = 0;
            CrossbarLayers = 0;
            int tableBytes = 0;
            for (int i = 0; i < OpCount; i++)
            {
                Need(p, 1, end, i, "kind");
                int kind = b[p];
                p++;
                Kind[i] = kind;
                InC[i] = c; InH[i] = h; InW[i] = w;
                SlotCount[i] = 0;
                FirstSlot[i] = TotalSlots;
                Bias[i] = Placeholder;
                HasBias[i] = false;
                if (kind == InferenceLayout.OpRelu)
                {
                }
                else if (kind == InferenceLayout.OpFlatten)
                {
                    c = c * h * w; h = 1; w = 1;
                }
                else if (kind == InferenceLayout.OpMaxPool)
                {
                    Need(p, 1, end, i, "window");
                    int s = b[p];
                    p++;
                    if (s < 1 || s > h || s > w)
                    {
                        throw OpError(i, "MaxPool window " + s.ToString() + " does not fit the " + h.ToString() + "x" + w.ToString() + " input; accepted 1.." + (h < w ? h : w).ToString());
                    }
                    Kernel[i] = s;
                    h = h / s; w = w / s;
                }
                else if (kind == InferenceLayout.OpConv || kind == InferenceLayout.OpLinear)
                {
                    int k = 1, stride = 1, fanIn, outputs, oh = 1, ow = 1;
                    if (kind == InferenceLayout.OpConv)
                    {
                        Need(p, 6, end, i, "kernel, stride, outputs, bias flag, slots");
                        k = b[p]; stride = b[p + 1];
                        outputs = ByteOrder.ReadUInt16(b, p + 2);
                        p += 4;
                        if (k < 1 || k > h || k > w || stride < 1)
                        {
                            throw OpError(i, "Conv kernel " + k.ToString() + " stride " + stride.ToString() + " does not fit the " + h.ToString() + "x" + w.ToString() + " input");
                        }
                        fanIn = c * k * k;
                        oh = (h - k) / stride + 1;
                        ow = (w - k) / stride + 1;
                    }
                    else
                    {
                        Need(p, 6, end, i, "fan-in, outputs, bias flag, slots");
                        fanIn = ByteOrder.ReadUInt16(b, p);
                        outputs = ByteOrder.ReadUInt16(b, p + 2);
                        p += 4;
                        if (fanIn != c * h * w)
                        {
                            throw OpError(i, "Linear fan-in " + fanIn.ToString() + " differs from its input's " + c.ToString() + "x" + h.ToString() + "x" + w.ToString() + " = " + (c * h * w).ToString() + " values");
                        }
                    }
                    if (outputs < 1)
                    {
                        throw OpError(i, "outputs 0; a crossbar layer needs at least one output");
                    }
                    int hasBias = b[p];
                    int slots = b[p + 1];
                    p += 2;
                    if (slots < 1 || TotalSlots + slots > MaxSlots)
                    {
                        throw OpError(i, "slots " + slots.ToString() + " (program total " + (TotalSlots + slots).ToString() + ") is outside 1.." + MaxSlots.ToString());
                    }
                    if (hasBias != 0)
                    {
                        Need(p, 4 * outputs, end, i, "biases");
                        p += 4 * outputs; // read after the checks, once the buffers exist
                    }
                    Need(p, slots * _slotLength, end, i, "slots");
                    for (int s = 0; s < slots; s++)
                    {
                        int q = p + s * _slotLength;
                        int at = TotalSlots + s;
                        SlotTile[at] = b[q];
                        SlotRow0[at] = ByteOrder.ReadUInt16(b, q + 1);
                        SlotCol0[at] = ByteOrder.ReadUInt16(b, q + 3);
                        SlotRowStart[at] = ByteOrder.ReadUInt16(b, q + 5);
                        SlotRows[at] = ByteOrder.ReadUInt16(b, q + 7);
                        SlotOutStart[at] = ByteOrder.ReadUInt16(b, q + 9);
                        SlotOutputs[at] = ByteOrder.ReadUInt16(b, q + 11);
                        float qs = Scaled(b, q + 13, "input scale");
                        if (!(qs > 0f))
                        {
                            throw OpError(i, "slot " + s.ToString() + " input scale must be positive");
                        }
                        SlotQ[at] = qs;
                        SlotInvQ[at] = 1f / qs;
                        SlotK[at] = Scaled(b, q + 18, "output scale");
                        SlotCodeMax[at] = b[q + 23];
                        SlotRepeats[at] = b[q + 24];
                        if (SlotRepeats[at] < 1)
                        {
                            throw OpError(i, "slot " + s.ToString() + " repeats 0; give 1 (no averaging) or more");
                        }
                        if (SlotRepeats[at] > maxRepeats) maxRepeats = SlotRepeats[at];
                        SlotCopies[at] = _slotLength > InferenceLayout.SlotLengthFormat3 ? b[q + 25] : 1;
                        if (SlotCopies[at] < 1 || (SlotCopies[at] > 1 && kind != InferenceLayout.OpConv))
                        {
                            throw OpError(i, "slot " + s.ToString() + " copies " + SlotCopies[at].ToString() + ": give 1, or more for a Conv slot");
                        }
                        CheckSlot(i, s, at, fanIn, outputs, board);
                        SlotRows[at] *= SlotCopies[at]; // from here on: the tile rows the slot drives
                        if (SlotRows[at] > maxRows) maxRows = SlotRows[at];
                        if (2 * SlotOutputs[at] > maxCols) maxCols = 2 * SlotOutputs[at];
                    }
                    p += slots * _slotLength;
                    Kernel[i] = k; Stride[i] = stride; FanIn[i] = fanIn; Outputs[i] = outputs;
                    SlotCount[i] = slots;
                    TotalSlots += slots;
                    CrossbarLayers++;
                    int vectors = oh * ow;
                    if (vectors > maxVectors) maxVectors = vectors;
                    tableBytes += 4 * outputs * (hasBias != 0 ? 1 : 0);
                    if (kind == InferenceLayout.OpConv)
                    {
                        for (int s = 0; s < slots; s++) tableBytes += 4 * SlotRows[FirstSlot[i] + s];
                    }
                    HasBias[i] = hasBias != 0;
                    c = outputs; h = oh; w = ow;
                }
                else
                {
                    throw OpError(i, "kind " + kind.ToString() + " is not one of Relu 1, MaxPool 2, Flatten 3, Conv 4, Linear 5");
                }
                OutC[i] = c; OutH[i] = h; OutW[i] = w;
                CheckActivation(i, c, h, w, memoryLimitBytes);
                if (c * h * w > maxAct) maxAct = c * h * w;
            }
            if (p != end)
            {
                throw new ProtocolException(ErrorCode.Malformed, "NetworkLoad program has " + (end - p).ToString() + " bytes after its last op; the header says " + OpCount.ToString() + " ops");
            }
            if (CrossbarLayers == 0)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "NetworkLoad program has no crossbar layer (Conv or Linear)");
            }
            RequestCheck.Range("NetworkLoad", "classes (the last op's output size)", classes, c * h * w, c * h * w);
            Classes = classes;

            int chunk = ChunkBytes / maxRows;
            if (ChunkBytes / maxCols < chunk) chunk = ChunkBytes / maxCols;
            if (chunk > maxVectors * MaxBatch) chunk = maxVectors * MaxBatch;
            if (chunk < maxRepeats) chunk = maxRepeats; // one vector with all its repeats fits a MAC
            long need = 2L * 4 * maxAct * MaxBatch + (long)chunk * maxRows + (long)chunk * maxCols + 4L * chunk + 4L * Classes + tableBytes;
            if (need > memoryLimitBytes)
            {
                long perImage = 2L * 4 * maxAct;
                long fixedPart = need - perImage * MaxBatch;
                long fits = perImage > 0 ? (memoryLimitBytes - fixedPart) / perImage : 0;
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "NetworkLoad program needs " + need.ToString() + " bytes of buffers for max batch " + MaxBatch.ToString() + " (" + perImage.ToString() +
                    " per image for two activation buffers of " + maxAct.ToString() + " values, " + fixedPart.ToString() + " fixed); this firmware allows " +
                    memoryLimitBytes.ToString() + (fits >= 1 ? "; max batch " + fits.ToString() + " fits" : "; not even one image fits"));
            }

            // allocate (once per upload) and fill what needs the buffers
            ChunkVectors = chunk;
            BufferA = new float[maxAct * MaxBatch];
            BufferB = new float[maxAct * MaxBatch];
            Codes = new byte[chunk * maxRows];
            VectorGain = new float[chunk];
            AdcCodes = new byte[chunk * maxCols];
            Logits = new float[Classes];
            Bytes = (int)need;
            FillTables(b, offset);
        }

        private static readonly float[] Placeholder = new float[0];
        private static readonly int[] NoOffsets = new int[0];

        /// <summary>Second pass: biases and the conv row offsets (the first pass validated every length).</summary>
        private void FillTables(byte[] b, int offset)
        {
            int p = offset + InferenceLayout.HeaderLength;
            for (int i = 0; i < OpCount; i++)
            {
                int kind = Kind[i];
                p++;
                if (kind == InferenceLayout.OpMaxPool)
                {
                    p++;
                }
                else if (kind == InferenceLayout.OpConv || kind == InferenceLayout.OpLinear)
                {
                    p += 4;
                    int hasBias = b[p];
                    p += 2;
                    if (hasBias != 0)
                    {
                        float[] bias = new float[Outputs[i]];
                        for (int n = 0; n < bias.Length; n++)
                        {
                            bias[n] = (int)ByteOrder.ReadUInt32(b, p + 4 * n) / 65536f;
                        }
                        Bias[i] = bias;
                        p += 4 * Outputs[i];
                    }
                    p += SlotCount[i] * _slotLength;
                    for (int s = FirstSlot[i]; s < FirstSlot[i] + SlotCount[i]; s++)
                    {
                        if (kind != InferenceLayout.OpConv)
                        {
                            SlotRowOffset[s] = NoOffsets;
                            continue;
                        }
                        int k = Kernel[i], h = InH[i], w = InW[i];
                        int[] offsets = new int[SlotRows[s]];
                        int logicalRows = SlotRows[s] / SlotCopies[s];
                        for (int r = 0; r < offsets.Length; r++)
                        {
                            int row = SlotRowStart[s] + (r % logicalRows); // every copy reads the same inputs
                            int ch = row / (k * k);
                            int ky = (row / k) % k;
                            int kx = row % k;
                            offsets[r] = (ch * h + ky) * w + kx;
                        }
                        SlotRowOffset[s] = offsets;
                    }
                }
            }
        }

        /// <summary>Reads a scaled integer (i32 mantissa, i8 exponent): m x 2^e.</summary>
        public static float Scaled(byte[] b, int at, string what)
        {
            int m = (int)ByteOrder.ReadUInt32(b, at);
            int e = (sbyte)b[at + 4];
            if (e < -100 || e > 100)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "NetworkLoad " + what + " exponent " + e.ToString() + " is outside -100..100");
            }
            double v = m;
            for (int i = 0; i < e; i++) v *= 2.0;
            for (int i = 0; i < -e; i++) v *= 0.5;
            return (float)v;
        }
    }
}
