using System;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Host
{
    /// <summary>
    /// Reading the array: conductances of a region and vector-matrix multiplications. Both are idempotent, so a
    /// dropped link is reconnected and the request repeated once. Large regions and batches are split to fit
    /// the firmware's payload limit.
    /// </summary>
    public sealed partial class CimClient
    {
        private readonly RegionRequest _region = new RegionRequest();
        private readonly VmmRequest _vmm = new VmmRequest();
        private readonly VmmReply _vmmReply = new VmmReply();
        private readonly ConductanceReply _conductanceReply = new ConductanceReply();

        /// <summary>
        /// Reads the conductances of a region of a tile, each averaged over <paramref name="averages"/>
        /// reads, in µS, row-major (<c>[r * cols + c]</c>). Regions larger than one reply are read in parts.
        /// </summary>
        public float[] ReadConductance(int tile, int row0, int rows, int col0, int cols, int averages = 1, IProgress<CimProgress>? progress = null)
        {
            RequireCount(nameof(rows), rows);
            RequireCount(nameof(cols), cols);
            int cellsPerReply = (MaxPayload - ConductanceReply.HeaderLength) / ConductanceReply.BytesPerCell;
            int colsPerPart = Math.Min(cols, cellsPerReply);
            int rowsPerPart = Math.Max(1, Math.Min(rows, cellsPerReply / colsPerPart));
            var result = new float[rows * cols];
            long done = 0;
            for (int r = 0; r < rows; r += rowsPerPart)
            {
                int partRows = Math.Min(rowsPerPart, rows - r);
                for (int c = 0; c < cols; c += colsPerPart)
                {
                    int partCols = Math.Min(colsPerPart, cols - c);
                    ReadConductancePart(tile, row0 + r, partRows, col0 + c, partCols, averages, result, r, c, cols);
                    done += partRows * partCols;
                    progress?.Report(new CimProgress("read", done, result.Length));
                }
            }
            return result;
        }

        /// <summary>
        /// Multiplies <paramref name="vectors"/> input vectors (<paramref name="inputs"/>, vector-major,
        /// <c>[v * rows + r]</c>, 8-bit DAC codes) with a window of a tile. With
        /// <paramref name="differential"/> the firmware also returns code[2k] − code[2k+1] per column pair
        /// (columns must be even). Batches are split so that each request and reply fits the payload limit.
        /// With <paramref name="conversions"/> of 2..128 (protocol 1.4) each vector travels once and the chip converts it that
        /// many times, each conversion with its own ADC noise: the result carries the sums (<see cref="VmmResult.CodeSums"/>,
        /// and in <see cref="VmmResult.DifferentialCodes"/> the differences of sums). A firmware older than 1.4 is refused
        /// before anything is sent (<see cref="ErrorCode.VersionMismatch"/>). With <paramref name="rowCopies"/> k of 2..16
        /// (protocol 1.7) the window's rows are k copies of rows / k rows driven by the same codes: <paramref name="inputs"/> holds
        /// rows / k codes per vector (<c>[v * rows / k + r]</c>), which cross the link once; a firmware older than 1.7 is refused
        /// the same way. <paramref name="reuse"/>: a result of an earlier call that this call may overwrite and return when
        /// the shape (vectors, columns, differential, conversions) is the same, so that a caller that has consumed it allocates
        /// nothing per call (conv1's result of a training batch is ~0.9 MB).
        /// </summary>
        public VmmResult Vmm(int tile, int row0, int rows, int col0, int cols, byte[] inputs, int vectors, bool differential = false, IProgress<CimProgress>? progress = null,
            int conversions = 1, int rowCopies = 1, VmmResult? reuse = null)
        {
            ArgumentNullException.ThrowIfNull(inputs);
            RequireCount(nameof(rows), rows);
            RequireCount(nameof(cols), cols);
            RequireCount(nameof(vectors), vectors);
            if (rowCopies < 1 || rowCopies > VmmRequest.MaxRowCopies || rows % rowCopies != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(rowCopies), rowCopies, "row copies must be 1.." + VmmRequest.MaxRowCopies + " and divide the " + rows + " rows");
            }
            int codes = rows / rowCopies;
            if ((long)vectors * codes != inputs.Length)
            {
                throw new ArgumentException("inputs holds " + inputs.Length + " codes but " + vectors + " vectors of " + codes + " codes need " + ((long)vectors * codes), nameof(inputs));
            }
            if (rowCopies > 1 && !SupportsRowCopies)
            {
                throw new CimProtocolException(ErrorCode.VersionMismatch, "the firmware at " + _transport.Description + " speaks protocol " + Info.ProtocolMajor + "."
                    + Info.ProtocolMinor + ", which reads no row copies in Vmm (" + rowCopies + " asked); they need protocol " + ProtocolVersion.Major + "."
                    + VmmRequest.RowCopiesMinorVersion + " or newer: update the firmware, or send each vector's codes once per copy", MessageType.Vmm);
            }
            if (differential && cols % 2 != 0)
            {
                throw new ArgumentException("a differential VMM needs an even number of columns (pairs G+, G-), not " + cols, nameof(cols));
            }
            if (conversions < 1 || conversions > VmmRequest.MaxConversions)
            {
                throw new ArgumentOutOfRangeException(nameof(conversions), conversions, "conversions per vector must be 1.." + VmmRequest.MaxConversions);
            }
            if (conversions > 1)
            {
                RequireConversionsSupport(conversions);
            }
            int batch = VectorsPerRequest(codes, cols, differential, conversions);
            VmmResult result = VmmResult.Reuse(reuse, vectors, cols, differential, AdcLsbMicroamps, conversions);
            for (int v = 0; v < vectors; v += batch)
            {
                int n = Math.Min(batch, vectors - v);
                VmmPart(tile, row0, rows, rowCopies, col0, cols, inputs, v, n, differential, conversions, result);
                result.Requests++;
                progress?.Report(new CimProgress("vmm", v + n, vectors));
            }
            return result;
        }

        /// <summary>
        /// Vectors one Vmm request carries for this window (<paramref name="rows"/>: input codes per vector): limited by the request's and the reply's payload size (u16 sums
        /// with <paramref name="conversions"/> &gt; 1) and by <see cref="CimClientOptions.MaxVectorsPerRequest"/>.
        /// </summary>
        public int VectorsPerRequest(int rows, int cols, bool differential, int conversions = 1)
        {
            int flags = (differential && _options.DifferentialOnFirmware ? VmmFlags.Differential : 0) | (conversions > 1 ? VmmFlags.Summed : 0);
            int replyPerVector = VmmReply.PayloadLength(1, cols, flags) - VmmReply.HeaderLength;
            int byRequest = (MaxPayload - VmmRequest.HeaderLength - (conversions > 1 ? 1 : 0)) / rows;
            int byReply = (MaxPayload - VmmReply.HeaderLength) / replyPerVector;
            int batch = Math.Min(0xFFFF, Math.Min(byRequest, byReply));
            if (_options.MaxVectorsPerRequest > 0)
            {
                batch = Math.Min(batch, _options.MaxVectorsPerRequest);
            }
            if (batch < 1)
            {
                throw new ArgumentException("one vector of " + rows + " rows and " + cols + " columns does not fit the payload limit of " + MaxPayload + " bytes");
            }
            return batch;
        }

        /// <summary>True when the connected firmware reads row copies in Vmm's flags (protocol 1.7 or newer).</summary>
        public bool SupportsRowCopies => Info.ProtocolMajor > ProtocolVersion.Major
            || (Info.ProtocolMajor == ProtocolVersion.Major && Info.ProtocolMinor >= VmmRequest.RowCopiesMinorVersion);

        /// <summary>True when the connected firmware takes a conversions count in Vmm (protocol 1.4 or newer).</summary>
        public bool SupportsConversions => Info.ProtocolMajor > ProtocolVersion.Major
            || (Info.ProtocolMajor == ProtocolVersion.Major && Info.ProtocolMinor >= VmmRequest.ConversionsMinorVersion);

        private void RequireConversionsSupport(int conversions)
        {
            if (!SupportsConversions)
            {
                throw new CimProtocolException(ErrorCode.VersionMismatch, "the firmware at " + _transport.Description + " speaks protocol " + Info.ProtocolMajor + "."
                    + Info.ProtocolMinor + ", which ignores Vmm's conversions count (" + conversions + " asked); repeated conversions on the chip need protocol "
                    + ProtocolVersion.Major + "." + VmmRequest.ConversionsMinorVersion + " or newer: update the firmware, or send each vector "
                    + conversions + " times with conversions 1", MessageType.Vmm);
            }
        }

        private void ReadConductancePart(int tile, int row0, int rows, int col0, int cols, int averages, float[] into, int atRow, int atCol, int stride)
        {
            _region.Tile = tile;
            _region.Row0 = row0;
            _region.Rows = rows;
            _region.Col0 = col0;
            _region.Cols = cols;
            _region.Averages = averages;
            Request(MessageType.ReadConductance, MessageType.Conductance, idempotent: true, write: _region.Write, read: r =>
            {
                ConductanceReply header = _conductanceReply;
                header.Read(r);
                if (header.Rows != rows || header.Cols != cols)
                {
                    throw new CimProtocolException(ErrorCode.Malformed, "asked for " + rows + "x" + cols + " conductances, the firmware sent " + header.Rows + "x" + header.Cols, MessageType.ReadConductance);
                }
                for (int i = 0; i < rows; i++)
                {
                    for (int j = 0; j < cols; j++)
                    {
                        into[(atRow + i) * stride + atCol + j] = r.ReadUInt32() / 1000f;
                    }
                }
                return true;
            });
        }

        private void VmmPart(int tile, int row0, int rows, int rowCopies, int col0, int cols, byte[] inputs, int firstVector, int vectors, bool differential, int conversions, VmmResult into)
        {
            bool onFirmware = differential && _options.DifferentialOnFirmware;
            bool summed = conversions > 1;
            _vmm.Tile = tile;
            _vmm.Row0 = row0;
            _vmm.Rows = rows;
            _vmm.Col0 = col0;
            _vmm.Cols = cols;
            _vmm.VectorCount = vectors;
            _vmm.Flags = onFirmware ? VmmFlags.Differential : 0;
            _vmm.SetRowCopies(rowCopies);
            _vmm.Inputs = inputs;
            _vmm.InputOffset = firstVector * (rows / rowCopies);
            _vmm.Conversions = summed ? conversions : 0;
            Request(MessageType.Vmm, MessageType.VmmResult, idempotent: true, write: _vmm.Write, read: r =>
            {
                VmmReply header = _vmmReply;
                header.Read(r);
                int flags = header.Flags;
                if (header.VectorCount != vectors || header.Cols != cols || ((flags & VmmFlags.Differential) != 0) != onFirmware || ((flags & VmmFlags.Summed) != 0) != summed)
                {
                    throw new CimProtocolException(ErrorCode.Malformed, "asked for " + vectors + " vectors x " + cols + " columns" + (onFirmware ? " (differential)" : "")
                        + (summed ? " summed over " + conversions + " conversions" : "")
                        + ", the firmware sent " + header.VectorCount + " x " + header.Cols + " with flags 0x" + flags.ToString("X2"), MessageType.Vmm);
                }
                int codes = vectors * cols;
                int at = firstVector * cols;
                byte[] frame = r.Buffer;
                int codesOffset;
                if (summed)
                {
                    codesOffset = r.Skip(2 * codes);
                    ushort[] sums = into.CodeSums!;
                    // u16 little-endian on the wire: a straight copy on a little-endian host.
                    Span<ushort> target = sums.AsSpan(at, codes);
                    if (BitConverter.IsLittleEndian)
                    {
                        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(frame.AsSpan(codesOffset, 2 * codes)).CopyTo(target);
                    }
                    else
                    {
                        for (int i = 0; i < codes; i++)
                        {
                            target[i] = (ushort)(frame[codesOffset + 2 * i] | (frame[codesOffset + 2 * i + 1] << 8));
                        }
                    }
                }
                else
                {
                    codesOffset = r.Skip(codes);
                    Array.Copy(frame, codesOffset, into.RawCodes, at, codes);
                }
                if (differential)
                {
                    int pairs = cols / 2;
                    short[] d = into.DifferentialCodes!;
                    int pairAt = firstVector * pairs;
                    if (onFirmware)
                    {
                        int diffOffset = r.Skip(2 * vectors * pairs);
                        for (int i = 0; i < vectors * pairs; i++)
                        {
                            d[pairAt + i] = (short)(frame[diffOffset + 2 * i] | (frame[diffOffset + 2 * i + 1] << 8));
                        }
                    }
                    else if (summed)
                    {
                        Differences(into.CodeSums!.AsSpan(at, 2 * vectors * pairs), d.AsSpan(pairAt, vectors * pairs));
                    }
                    else
                    {
                        for (int i = 0; i < vectors * pairs; i++)
                        {
                            d[pairAt + i] = (short)(frame[codesOffset + 2 * i] - frame[codesOffset + 2 * i + 1]);
                        }
                    }
                }
                into.ChipCycles += header.ChipCycles;
                into.TileOps += header.TileOps;
                return true;
            });
        }

        /// <summary>d[i] = sums[2i] - sums[2i + 1] (u16 sums of a differential pair, at most 128 x 255 apart), in SIMD registers.</summary>
        private static void Differences(ReadOnlySpan<ushort> sums, Span<short> d)
        {
            int n = d.Length, i = 0;
            // Each u32 holds a pair: the even (G+) sum in its low half, the odd (G-) one in its high half on a little-endian host.
            if (BitConverter.IsLittleEndian)
            {
                ReadOnlySpan<uint> pairs = System.Runtime.InteropServices.MemoryMarshal.Cast<ushort, uint>(sums);
                int w = System.Numerics.Vector<uint>.Count;
                var low = new System.Numerics.Vector<uint>(0xFFFF);
                for (; i + (2 * w) <= n; i += 2 * w)
                {
                    var a = new System.Numerics.Vector<uint>(pairs.Slice(i));
                    var b = new System.Numerics.Vector<uint>(pairs.Slice(i + w));
                    System.Numerics.Vector<int> da = System.Numerics.Vector.AsVectorInt32(a & low) - System.Numerics.Vector.AsVectorInt32(a >> 16);
                    System.Numerics.Vector<int> db = System.Numerics.Vector.AsVectorInt32(b & low) - System.Numerics.Vector.AsVectorInt32(b >> 16);
                    System.Numerics.Vector.Narrow(da, db).CopyTo(d.Slice(i));
                }
            }

            for (; i < n; i++)
            {
                d[i] = (short)(sums[2 * i] - sums[(2 * i) + 1]);
            }
        }
    }
}
