using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// Edge inference on the firmware (protocol 1.3): NetworkLoad (0x20) installs a <see cref="NetworkProgram"/>,
    /// Forward (0x21) runs a whole forward pass for a batch of 8-bit images with one host round trip, NetworkStatus (0x22)
    /// reports what is loaded. Per crossbar layer the firmware builds the input vectors (im2col for convolutions, straight
    /// from the activation buffer for fully connected layers), quantises them per array to 8-bit DAC codes
    /// (code = round(x / q_a), clipped to 0..255), runs the MAC on every array the layer occupies, and adds
    /// k_a (code+ - code-) per output (partial sums of row blocks added digitally), then the bias. ReLU, max-pool and
    /// flatten run between layers on float activations. Every buffer is allocated at NetworkLoad for the program's max
    /// batch; a Forward allocates nothing and every loop is bounded by the program's sizes.
    /// </summary>
    public sealed class ForwardCommand
    {
        /// <summary>Default memory the program's buffers may take: desktop / ESP32 with PSRAM. An ESP32 without PSRAM should set about 40 KB.</summary>
        public const int DefaultMemoryLimitBytes = 1 << 20;

        private readonly ICimBoard _board;
        private readonly IClock _clock;
        private readonly PayloadWriter _writer = new PayloadWriter();
        private readonly PayloadReader _reader = new PayloadReader();
        private readonly NetworkLoadedReply _loaded = new NetworkLoadedReply();
        private readonly NetworkStatusReply _status = new NetworkStatusReply();
        private readonly ForwardRequest _request = new ForwardRequest();
        private readonly ForwardReply _result = new ForwardReply();
        // Logits of one image; sized at NetworkLoad for the program's classes.
        private readonly ForwardImageResult _image = new ForwardImageResult();
        // Allocated at the first NetworkLoad (about 16 KB each with their slot tables): a firmware that only serves and
        // programs never holds them, which matters on an ESP32 without PSRAM.
        private NetworkProgram? _active;
        private NetworkProgram? _staging;
        private uint _programId;
        private uint _forwards;
        private uint _images;
        private uint _macs;

        /// <summary>Creates the handler.</summary>
        public ForwardCommand(ICimBoard board, IClock clock)
        {
            _board = board;
            _clock = clock;
            MemoryLimitBytes = DefaultMemoryLimitBytes;
        }

        /// <summary>Bytes the program's buffers may take (checked at NetworkLoad).</summary>
        public int MemoryLimitBytes { get; set; }

        /// <summary>The loaded program's id (CRC-32 of its bytes), 0 when none.</summary>
        public uint ProgramId { get { return _programId; } }

        /// <summary>Forgets the loaded program (firmware Reset).</summary>
        public void Unload()
        {
            _programId = 0;
        }

        /// <summary>Handles one inference request; writes the reply payload and returns its length.</summary>
        public int Execute(byte type, byte[] frame, int payloadLength, byte[] reply, int replyLimit)
        {
            if (type == MessageType.NetworkLoad) return Load(frame, payloadLength, reply, replyLimit);
            if (type == MessageType.Forward) return Forward(frame, payloadLength, reply, replyLimit);
            return Status(reply, replyLimit);
        }

        private int Load(byte[] frame, int payloadLength, byte[] reply, int replyLimit)
        {
            int p = FrameFormat.PayloadOffset;
            NetworkProgram? spare = _staging;
            NetworkProgram staging = spare != null ? spare : new NetworkProgram();
            _staging = staging;
            staging.Parse(frame, p, payloadLength, _board, MemoryLimitBytes);
            int needed = InferenceLayout.ForwardReplyHeaderLength + staging.MaxBatch * InferenceLayout.ImageResultLength(staging.Classes);
            if (needed > replyLimit)
            {
                int fits = (replyLimit - InferenceLayout.ForwardReplyHeaderLength) / InferenceLayout.ImageResultLength(staging.Classes);
                throw new ProtocolException(ErrorCode.OutOfRange,
                    "NetworkLoad max batch " + staging.MaxBatch.ToString() + " needs Forward replies of " + needed.ToString() +
                    " bytes, more than the payload limit " + replyLimit.ToString() + "; max batch " + fits.ToString() + " fits");
            }
            _staging = _active;
            _active = staging;
            _programId = Crc32.Compute(frame, p, payloadLength);
            if (_programId == 0) _programId = 1;
            _forwards = 0;
            _images = 0;
            _macs = 0;
            if (_image.LogitsQ16.Length < staging.Classes)
            {
                _image.LogitsQ16 = new int[staging.Classes];
            }
            NetworkLoadedReply m = _loaded;
            m.ProgramId = _programId;
            m.MaxBatch = staging.MaxBatch;
            m.Bytes = (uint)staging.Bytes;
            m.MemoryLimitBytes = (uint)MemoryLimitBytes;
            m.CrossbarLayers = staging.CrossbarLayers;
            m.Ops = staging.OpCount;
            m.Slots = staging.TotalSlots;
            _writer.Reset(reply, p, replyLimit);
            m.Write(_writer);
            return _writer.Length;
        }

        private int Status(byte[] reply, int replyLimit)
        {
            NetworkProgram? active = _programId != 0 ? _active : null;
            NetworkStatusReply m = _status;
            m.ProgramId = _programId;
            m.MaxBatch = active != null ? active.MaxBatch : 0;
            m.Bytes = active != null ? (uint)active.Bytes : 0u;
            m.MemoryLimitBytes = (uint)MemoryLimitBytes;
            m.Forwards = _forwards;
            m.Images = _images;
            _writer.Reset(reply, FrameFormat.PayloadOffset, replyLimit);
            m.Write(_writer);
            return _writer.Length;
        }

        private int Forward(byte[] frame, int payloadLength, byte[] reply, int replyLimit)
        {
            int p = FrameFormat.PayloadOffset;
            RequestCheck.Length("Forward", "program id, image count and flags", payloadLength, InferenceLayout.ForwardHeaderLength);
            _reader.Reset(frame, p, payloadLength);
            _request.Read(_reader);
            uint id = _request.ProgramId;
            if (_programId == 0)
            {
                throw new ProtocolException(ErrorCode.NotReady, "Forward: no network program is loaded; deploy the model (NetworkLoad) first");
            }
            if (id != _programId)
            {
                throw new ProtocolException(ErrorCode.NotReady, "Forward: program " + id.ToString("X8") + " is not the loaded program " + _programId.ToString("X8") + "; deploy the model again");
            }
            NetworkProgram n = _active!; // a program id is set only together with the active program
            int images = _request.Images;
            RequestCheck.Range("Forward", "image count", images, 1, n.MaxBatch);
            int imageBytes = n.InputChannels * n.InputHeight * n.InputWidth;
            int needed = InferenceLayout.ForwardHeaderLength + images * imageBytes;
            if (payloadLength != needed)
            {
                throw new ProtocolException(ErrorCode.Malformed,
                    "Forward payload of " + payloadLength.ToString() + " bytes does not hold " + images.ToString() + " images of " + n.InputChannels.ToString() + "x" +
                    n.InputHeight.ToString() + "x" + n.InputWidth.ToString() + " = " + imageBytes.ToString() + " bytes after the " +
                    InferenceLayout.ForwardHeaderLength.ToString() + "-byte header (" + needed.ToString() + " bytes)");
            }
            int replyLength = InferenceLayout.ForwardReplyHeaderLength + images * InferenceLayout.ImageResultLength(n.Classes);
            RequestCheck.ReplyFits("Forward", "the logits", replyLength, replyLimit);

            long startMs = _clock.NowMs;
            ulong cycles0 = _board.ReadCycles();
            uint ops0 = _board.ReadTileOps();
            uint macs0 = _macs;

            // pixels -> activations
            float[] cur = n.BufferA;
            float[] other = n.BufferB;
            int src = _request.PixelsOffset;
            int total = images * imageBytes;
            float pix = n.PixelScale;
            for (int i = 0; i < total; i++)
            {
                cur[i] = frame[src + i] * pix;
            }

            for (int op = 0; op < n.OpCount; op++)
            {
                int kind = n.Kind[op];
                if (kind == InferenceLayout.OpRelu)
                {
                    int len = images * n.InC[op] * n.InH[op] * n.InW[op];
                    for (int i = 0; i < len; i++)
                    {
                        if (cur[i] < 0f) cur[i] = 0f;
                    }
                }
                else if (kind == InferenceLayout.OpMaxPool)
                {
                    MaxPool(n, op, images, cur, other);
                    float[] t = cur; cur = other; other = t;
                }
                else if (kind == InferenceLayout.OpConv || kind == InferenceLayout.OpLinear)
                {
                    Crossbar(n, op, images, cur, other);
                    float[] t = cur; cur = other; other = t;
                }
                // Flatten: [C, H, W] per image is already the feature order (c H + y) W + x
            }

            ulong cycles = _board.ReadCycles() - cycles0;
            uint ops = _board.ReadTileOps() - ops0;
            int classes = n.Classes;
            ForwardReply m = _result;
            m.ProgramId = _programId;
            m.Images = images;
            m.Classes = classes;
            m.ChipCycles = cycles > 0xFFFFFFFFUL ? 0xFFFFFFFFu : (uint)cycles;
            m.TileOps = ops;
            m.MacCommands = _macs - macs0;
            m.FirmwareMs = (uint)(_clock.NowMs - startMs);
            _writer.Reset(reply, p, replyLimit);
            m.Write(_writer);
            ForwardImageResult image = _image;
            image.Classes = classes;
            for (int b = 0; b < images; b++)
            {
                int at = b * classes;
                int best = 0;
                for (int c = 1; c < classes; c++)
                {
                    if (cur[at + c] > cur[at + best]) best = c;
                }
                image.Class = best;
                for (int c = 0; c < classes; c++)
                {
                    image.LogitsQ16[c] = FixedQ16(cur[at + c]);
                }
                image.Write(_writer);
            }
            _forwards++;
            _images += (uint)images;
            return _writer.Length;
        }

        private static int FixedQ16(float v)
        {
            float s = v * 65536f;
            if (!(s < 2147483520f)) return s > 0f ? int.MaxValue : 0; // NaN -> 0
            if (s < -2147483520f) return int.MinValue;
            return (int)(s < 0f ? s - 0.5f : s + 0.5f);
        }

        private static void MaxPool(NetworkProgram n, int op, int images, float[] x, float[] y)
        {
            int c = n.InC[op], h = n.InH[op], w = n.InW[op];
            int s = n.Kernel[op];
            int oh = n.OutH[op], ow = n.OutW[op];
            int o = 0;
            for (int plane = 0; plane < images * c; plane++)
            {
                int basei = plane * h * w;
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++)
                    {
                        int start = basei + oy * s * w + ox * s;
                        float max = x[start];
                        for (int dy = 0; dy < s; dy++)
                        {
                            int row = start + dy * w;
                            for (int dx = 0; dx < s; dx++)
                            {
                                float v = x[row + dx];
                                if (v > max) max = v;
                            }
                        }
                        y[o++] = max;
                    }
                }
            }
        }

        /// <summary>One crossbar layer for the whole batch: y[b][n][pos] = bias[n] + sum over the layer's arrays of k_a (code+ - code-).</summary>
        private void Crossbar(NetworkProgram n, int op, int images, float[] x, float[] y)
        {
            bool conv = n.Kind[op] == InferenceLayout.OpConv;
            int outputs = n.Outputs[op];
            int positions = n.OutH[op] * n.OutW[op];
            int inSize = n.InC[op] * n.InH[op] * n.InW[op];
            int vectors = images * positions;
            int len = vectors * outputs;
            if (n.HasBias[op])
            {
                float[] bias = n.Bias[op];
                for (int b = 0; b < images; b++)
                {
                    for (int o = 0; o < outputs; o++)
                    {
                        int at = (b * outputs + o) * positions;
                        float v = bias[o];
                        for (int q = 0; q < positions; q++) y[at + q] = v;
                    }
                }
            }
            else
            {
                for (int i = 0; i < len; i++) y[i] = 0f;
            }

            int ow = n.OutW[op], inW = n.InW[op], stride = n.Stride[op];
            byte[] codes = n.Codes;
            byte[] adc = n.AdcCodes;
            int chunk = n.ChunkVectors;
            for (int s = n.FirstSlot[op]; s < n.FirstSlot[op] + n.SlotCount[op]; s++)
            {
                int rows = n.SlotRows[s];
                int pairs = n.SlotOutputs[s];
                int cols = 2 * pairs;
                int rowStart = n.SlotRowStart[s];
                int outStart = n.SlotOutStart[s];
                float q = n.SlotQ[s], invq = n.SlotInvQ[s];
                float k = n.SlotK[s];
                int codeMax = n.SlotCodeMax[s];
                int repeats = n.SlotRepeats[s];
                // repeated conversions are done by the chip (MacSummed: the input goes once, u16 code sums come back,
                // 2 bytes per code in the ADC buffer sized for `chunk` single-byte codes)
                int perMac = repeats > 1 ? chunk / 2 : chunk;
                float[] gain = n.VectorGain;
                int[] offsets = n.SlotRowOffset[s];
                for (int v0 = 0; v0 < vectors; v0 += perMac)
                {
                    int nv = vectors - v0 < perMac ? vectors - v0 : perMac;
                    // DAC codes, vector-major
                    for (int vi = 0; vi < nv; vi++)
                    {
                        int v = v0 + vi;
                        int b = v / positions;
                        int basei;
                        if (conv)
                        {
                            int pos = v - b * positions;
                            int oy = pos / ow;
                            int ox = pos - oy * ow;
                            basei = b * inSize + oy * stride * inW + ox * stride;
                        }
                        else
                        {
                            basei = b * inSize + rowStart;
                        }
                        int to = vi * rows;
                        // InputCodes: the vector's largest input drives code codeMax (chosen on the host so that no
                        // column passes the current target); its outputs are rescaled by q_v / q
                        float xmax = 0f;
                        if (codeMax > 0)
                        {
                            for (int r = 0; r < rows; r++)
                            {
                                float xv = conv ? x[basei + offsets[r]] : x[basei + r];
                                if (xv > xmax) xmax = xv;
                            }
                        }
                        float qv = InputCodes.VectorScale(xmax, codeMax, q);
                        gain[vi] = qv == q ? 1f : qv * invq;
                        for (int r = 0; r < rows; r++)
                        {
                            codes[to + r] = InputCodes.Code(conv ? x[basei + offsets[r]] : x[basei + r], qv);
                        }
                    }
                    if (repeats > 1)
                    {
                        _board.MacSummed(n.SlotTile[s], n.SlotRow0[s], rows, n.SlotCol0[s], cols, nv, repeats, codes, 0, adc, 0);
                    }
                    else
                    {
                        _board.Mac(n.SlotTile[s], n.SlotRow0[s], rows, n.SlotCol0[s], cols, nv, codes, 0, adc, 0);
                    }
                    _macs++;
                    for (int vi = 0; vi < nv; vi++)
                    {
                        int v = v0 + vi;
                        int b = v / positions;
                        int pos = v - b * positions;
                        int at = (b * outputs + outStart) * positions + pos;
                        float kv = k * gain[vi] / repeats;
                        for (int j = 0; j < pairs; j++)
                        {
                            int diff;
                            if (repeats > 1)
                            {
                                int o = 2 * (vi * cols + 2 * j);
                                diff = (adc[o] | (adc[o + 1] << 8)) - (adc[o + 2] | (adc[o + 3] << 8));
                            }
                            else
                            {
                                int o = vi * cols + 2 * j;
                                diff = adc[o] - adc[o + 1];
                            }
                            y[at + j * positions] += kv * diff;
                        }
                    }
                }
            }
        }
    }
}
