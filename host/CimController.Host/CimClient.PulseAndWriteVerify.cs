using System;
using System.Collections.Generic;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Host
{
    /// <summary>
    /// Device programming (protocol 1.2) by raw pulses and read-verify programming (Wu 2023). Never repeated
    /// after a dropped link (pulses are not idempotent). Long requests receive Progress frames; each one
    /// restarts the <see cref="CimClientOptions.TimeoutMs"/> wait and is reported to <c>progress</c>.
    /// </summary>
    public sealed partial class CimClient
    {
        /// <summary>
        /// Applies <paramref name="count"/> identical pulses of <paramref name="millivolts"/> (positive SET,
        /// negative RESET) and <paramref name="widthNs"/> to one cell, then reads it (averaged over
        /// <paramref name="averages"/> reads). The firmware refuses pulses beyond the profile's limits with
        /// <see cref="ErrorCode.PulseLimit"/> and applies nothing.
        /// </summary>
        public PulseResult Pulse(int tile, int row, int col, int millivolts, uint widthNs, int count = 1, int averages = 1)
        {
            if (millivolts < short.MinValue || millivolts > short.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(millivolts), millivolts, "millivolts must fit a signed 16-bit field (-32768..32767)");
            }
            RequireCount(nameof(count), count);
            var q = new PulseRequest { Tile = tile, Row = row, Col = col, Millivolts = millivolts, WidthNs = widthNs, Count = count, Averages = averages };
            return Request(MessageType.Pulse, MessageType.PulseResult, idempotent: false, write: q.Write, read: r =>
            {
                var a = new PulseReply();
                a.Read(r);
                return new PulseResult(a.Count, a.Nanosiemens, a.Milliohms);
            });
        }

        /// <summary>Write-verifies one cell to <paramref name="targetNanosiemens"/>.</summary>
        public WriteVerifyCellResult WriteVerifyCell(int tile, int row, int col, uint targetNanosiemens, WriteVerifyOptions? options = null)
        {
            return WriteVerify(tile, new[] { new CellTarget(row, col, targetNanosiemens) }, options).Cells[0];
        }

        /// <summary>
        /// Write-verifies a list of cells of one tile to their targets (Wu 2023 ISPP: reset below the band,
        /// adaptive SET train to the set threshold, adaptive RESET train into the band, over-reset restarts
        /// from SET, at most <see cref="WriteVerifyOptions.MaxTrials"/> trials). Lists too large for one
        /// request are split; results come back in the given order. Progress counts cells.
        /// </summary>
        public WriteVerifyResult WriteVerify(int tile, IReadOnlyList<CellTarget> cells, WriteVerifyOptions? options = null, IProgress<CimProgress>? progress = null)
        {
            ArgumentNullException.ThrowIfNull(cells);
            options ??= new WriteVerifyOptions();
            if (cells.Count == 0) return new WriteVerifyResult(Array.Empty<WriteVerifyCellResult>());
            int perRequest = WriteVerifyCellsPerRequest(WriteVerifyRequest.ListCellBytes, options);
            var results = new WriteVerifyCellResult[cells.Count];
            var total = new WriteVerifyResult(results);
            for (int start = 0; start < cells.Count; start += perRequest)
            {
                int n = Math.Min(perRequest, cells.Count - start);
                int first = start;
                var q = BuildWriteVerifyHeader(tile, WriteVerifyMode.CellList, options);
                q.CellCount = n;
                WriteVerifyPart(q, w =>
                {
                    for (int i = 0; i < n; i++)
                    {
                        CellTarget c = cells[first + i];
                        WriteVerifyRequest.WriteListCell(w, c.Row, c.Col, c.TargetNanosiemens);
                    }
                }, n, i => (cells[first + i].Row, cells[first + i].Col, cells[first + i].TargetNanosiemens), results, first, first, total, cells.Count, progress);
            }
            return total;
        }

        /// <summary>
        /// Write-verifies a region of a tile to a per-cell target map (<paramref name="targetsNanosiemens"/>,
        /// row-major <c>[r * cols + c]</c>), e.g. a whole 64x64 tile to a 16-level map. Split into
        /// sub-regions that fit the payload limit; results row-major.
        /// </summary>
        public WriteVerifyResult WriteVerifyRegion(int tile, int row0, int rows, int col0, int cols, uint[] targetsNanosiemens, WriteVerifyOptions? options = null, IProgress<CimProgress>? progress = null)
        {
            ArgumentNullException.ThrowIfNull(targetsNanosiemens);
            RequireCount(nameof(rows), rows);
            RequireCount(nameof(cols), cols);
            if (targetsNanosiemens.Length != rows * cols)
            {
                throw new ArgumentException("targets holds " + targetsNanosiemens.Length + " values but the region has " + rows * cols + " cells", nameof(targetsNanosiemens));
            }
            options ??= new WriteVerifyOptions();
            int perRequest = WriteVerifyCellsPerRequest(WriteVerifyRequest.RegionCellBytes, options);
            int colsPerPart = Math.Min(cols, perRequest);
            int rowsPerPart = Math.Max(1, Math.Min(rows, perRequest / colsPerPart));
            var results = new WriteVerifyCellResult[rows * cols];
            var total = new WriteVerifyResult(results);
            long doneSoFar = 0;
            for (int r = 0; r < rows; r += rowsPerPart)
            {
                int pr = Math.Min(rowsPerPart, rows - r);
                for (int c = 0; c < cols; c += colsPerPart)
                {
                    int pc = Math.Min(colsPerPart, cols - c);
                    int rr = r, cc = c;
                    var q = BuildWriteVerifyHeader(tile, WriteVerifyMode.Region, options);
                    q.Row0 = row0 + rr;
                    q.Rows = pr;
                    q.Col0 = col0 + cc;
                    q.Cols = pc;
                    var part = new WriteVerifyCellResult[pr * pc];
                    var partTotal = new WriteVerifyResult(part);
                    WriteVerifyPart(q, w =>
                    {
                        for (int i = 0; i < pr; i++)
                            for (int j = 0; j < pc; j++)
                                WriteVerifyRequest.WriteRegionTarget(w, targetsNanosiemens[(rr + i) * cols + cc + j]);
                    }, pr * pc, k => (row0 + rr + k / pc, col0 + cc + k % pc, targetsNanosiemens[(rr + k / pc) * cols + cc + k % pc]), part, 0, doneSoFar, partTotal, rows * cols, progress);
                    doneSoFar += pr * pc;
                    for (int k = 0; k < part.Length; k++)
                    {
                        results[(rr + k / pc) * cols + cc + k % pc] = part[k];
                    }
                    total.TotalPulses += partTotal.TotalPulses;
                    total.ElapsedMs += partTotal.ElapsedMs;
                    total.Failures += partTotal.Failures;
                    total.Requests++;
                }
            }
            return total;
        }

        /// <summary>Cells one WriteVerify request carries: limited by request and reply payload size and <see cref="WriteVerifyOptions.MaxCellsPerRequest"/>.</summary>
        public int WriteVerifyCellsPerRequest(int requestBytesPerCell, WriteVerifyOptions options)
        {
            int byRequest = (MaxPayload - WriteVerifyRequest.HeaderLength - 8) / requestBytesPerCell;
            int byReply = (MaxPayload - WriteVerifyReply.HeaderLength) / WriteVerifyReply.CellBytes;
            int n = Math.Min(0xFFFF, Math.Min(byRequest, byReply));
            if (options.MaxCellsPerRequest > 0) n = Math.Min(n, options.MaxCellsPerRequest);
            return Math.Max(1, n);
        }

        private static WriteVerifyRequest BuildWriteVerifyHeader(int tile, int mode, WriteVerifyOptions o) => new()
        {
            Tile = tile, Mode = mode, Averages = o.Averages, MaxTrials = o.MaxTrials,
            SetStartMv = o.SetStartMillivolts, SetStopMv = o.SetStopMillivolts, SetStepMv = o.SetStepMillivolts,
            ResetStartMv = o.ResetStartMillivolts, ResetStopMv = o.ResetStopMillivolts, ResetStepMv = o.ResetStepMillivolts,
            WidthNs = o.WidthNs, ToleranceNanosiemens = o.ToleranceNanosiemens, SetOvershootNanosiemens = o.SetOvershootNanosiemens,
            MinResponseNanosiemens = o.MinResponseNanosiemens, MaxPulsesPerCell = o.MaxPulsesPerCell, StuckPulses = o.StuckPulses,
            TimeBudgetMs = o.TimeBudgetMs, ProgressEveryCells = o.ProgressEveryCells,
        };

        private void WriteVerifyPart(WriteVerifyRequest q, Action<PayloadWriter> cells, int count, Func<int, (int Row, int Col, uint Target)> cellAt,
            WriteVerifyCellResult[] into, int at, long doneBefore, WriteVerifyResult total, long grandTotal, IProgress<CimProgress>? progress)
        {
            WithProgress(progress == null ? null : new OffsetProgress(progress, doneBefore, grandTotal),
                "write-verify", () => Request(MessageType.WriteVerify, MessageType.WriteVerifyResult, idempotent: false, write: w => { q.WriteHeader(w); q.WriteLayout(w); cells(w); }, read: r =>
            {
                var m = new WriteVerifyReply();
                m.Read(r);
                int n = m.Cells;
                if (n != count)
                {
                    throw new CimProtocolException(ErrorCode.Malformed, "sent " + count + " cells to write-verify, the firmware answered for " + n, MessageType.WriteVerify);
                }
                var cell = new WriteVerifyCellReply();
                for (int i = 0; i < n; i++)
                {
                    cell.Read(r);
                    var c = cellAt(i);
                    into[at + i] = new WriteVerifyCellResult(c.Row, c.Col, c.Target, cell.Status, cell.Trials, cell.Pulses, cell.ConductanceNanosiemens);
                }
                total.TotalPulses += m.Pulses;
                total.ElapsedMs += m.ElapsedMs;
                total.Failures += m.Failures;
                total.Requests++;
                return true;
            }));
            progress?.Report(new CimProgress("write-verify", doneBefore + count, grandTotal));
        }
    }
}
