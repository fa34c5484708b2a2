using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Firmware
{
    /// <summary>
    /// The FFP lookup table (Diao 2025): per resistance bin and direction, the write voltage whose expected
    /// |dR| per pulse lies in the target band (paper: 0.1..0.3 ohm). Built on the firmware from the stored
    /// calibration (<see cref="FfpCalibration"/>): for every trace, each pulse's change is binned by the
    /// resistance before it; per bin, among the voltages whose mean change (in the direction's sense) is
    /// positive, the one inside the band closest to its centre wins, else the one closest to the band
    /// (flag Closest); bins without data copy the nearest bin that has (flag Filled). Kept in firmware memory
    /// (<see cref="FfpTableData"/>, 14 bytes per bin: 1,792 bytes for the default 128 bins, plus the same for
    /// the staging copy an upload or build is checked in), downloadable and uploadable; an upload is checked
    /// (CRC, layout, capacity, profile name, every voltage and the width against the profile's limits)
    /// before it replaces the table.
    /// </summary>
    public sealed class FfpTable
    {
        private readonly PulseGuard _guard;
        private readonly FirmwareConfig _config;
        private readonly FfpCalibration _calibration;
        private FfpTableData? _active;
        private FfpTableData? _staging;
        private long[] _sum = new long[0];
        private int[] _n = new int[0];
        private long[] _score = new long[0];
        private uint _builds;

        /// <summary>Creates the table holder (memory is allocated on first use).</summary>
        public FfpTable(PulseGuard guard, FirmwareConfig config, FfpCalibration calibration)
        {
            _guard = guard;
            _config = config;
            _calibration = calibration;
        }

        /// <summary>True when a table is loaded (built or uploaded).</summary>
        public bool Loaded;

        /// <summary>The loaded table (check <see cref="Loaded"/>).</summary>
        public FfpTableData Data
        {
            get
            {
                Ensure();
                return _active!;
            }
        }

        /// <summary>Bytes one table instance takes in memory (two are kept).</summary>
        public int TableBytes { get { return FfpTableData.BinBytes * _config.FfpMaxBins; } }

        /// <summary>The staging table an upload is read into before <see cref="Load"/> checks it (allocated on first use).</summary>
        public FfpTableData Staging
        {
            get
            {
                Ensure();
                return _staging!;
            }
        }

        /// <summary>
        /// Checks <paramref name="t"/> (made for this profile, every voltage and the width within the pulse limits) and
        /// makes it the loaded table; <paramref name="message"/> names the request in a refusal.
        /// </summary>
        public void Load(FfpTableData t, string message)
        {
            Ensure();
            if (t.ProfileName != _config.ProfileName)
            {
                throw new ProtocolException(ErrorCode.TableMismatch,
                    "FFP table was made for profile '" + t.ProfileName + "' but the firmware runs profile '" + _config.ProfileName + "'; calibrate and build a table for this profile");
            }
            CheckVoltages(t, message);
            _active!.CopyFrom(t);
            Loaded = true;
        }

        /// <summary>Builds the table <paramref name="q"/> describes from the stored calibration and loads it; returns the loaded table.</summary>
        public FfpTableData Build(FfpBuildTableRequest q)
        {
            Ensure();
            RequestCheck.Range("FfpBuildTable", "bins", q.Bins, 1, _config.FfpMaxBins);
            if (q.BandLowMilliohms >= q.BandHighMilliohms)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "FfpBuildTable band " + q.BandLowMilliohms.ToString() + ".." + q.BandHighMilliohms.ToString() + " mohm is empty: need low < high");
            }
            if (!_calibration.HasData)
            {
                throw new ProtocolException(ErrorCode.NotReady, "FfpBuildTable has no calibration to build from: run FfpCalibrate (stored) first");
            }
            FfpTableData t = _staging!;
            int slots = _calibration.Slots;
            uint width = q.WidthNs;
            uint rMin = q.RMinMilliohms;
            uint binWidth = q.BinWidthMilliohms;
            if (binWidth == 0)
            {
                uint lo = 0xFFFFFFFFu;
                uint hi = 0;
                for (int s = 0; s < slots; s++)
                {
                    int n = _calibration.Count(s);
                    for (int i = n > 0 ? -1 : 0; i < n; i++)
                    {
                        uint r = i < 0 ? _calibration.Start(s) : _calibration.At(s, i);
                        if (r == PulseGuard.OpenMilliohms)
                        {
                            continue;
                        }
                        if (r < lo) { lo = r; }
                        if (r > hi) { hi = r; }
                    }
                }
                if (hi < lo)
                {
                    throw new ProtocolException(ErrorCode.NotReady, "FfpBuildTable: the calibration holds no finite resistance");
                }
                rMin = lo;
                binWidth = (uint)(((ulong)hi - lo + (ulong)q.Bins) / (ulong)q.Bins);
                if (binWidth == 0) { binWidth = 1; }
            }
            if ((ulong)rMin + (ulong)binWidth * (ulong)q.Bins > 0xFFFFFFFFUL)
            {
                throw new ProtocolException(ErrorCode.OutOfRange, "FfpBuildTable bins end beyond 4294967295 mohm");
            }
            for (int s = 0; s < slots && width == 0; s++)
            {
                if (_calibration.Count(s) > 0)
                {
                    width = _calibration.Width(s);
                }
            }
            t.Version = q.Version != 0 ? q.Version : ++_builds;
            t.ProfileName = _config.ProfileName;
            t.RMinMilliohms = rMin;
            t.BinWidthMilliohms = binWidth;
            t.Bins = q.Bins;
            t.BandLowMilliohms = q.BandLowMilliohms;
            t.BandHighMilliohms = q.BandHighMilliohms;
            t.WidthNs = width;
            Choose(t, FfpDirection.Potentiation, t.PotentiationMv, t.PotentiationStep, t.PotentiationFlags);
            Choose(t, FfpDirection.Depression, t.DepressionMv, t.DepressionStep, t.DepressionFlags);
            CheckVoltages(t, "FfpBuildTable");
            _active!.CopyFrom(t);
            Loaded = true;
            return _active;
        }

        /// <summary>Fills one direction of <paramref name="t"/> from the calibration store.</summary>
        private void Choose(FfpTableData t, int direction, ushort[] mv, uint[] step, byte[] flags)
        {
            int bins = t.Bins;
            long center = ((long)t.BandLowMilliohms + t.BandHighMilliohms) / 2;
            for (int b = 0; b < bins; b++)
            {
                mv[b] = 0;
                step[b] = 0;
                flags[b] = 0;
                _score[b] = long.MaxValue;
            }
            int slots = _calibration.Slots;
            for (int s = 0; s < slots; s++)
            {
                int n = _calibration.Count(s);
                if (n == 0 || _calibration.Direction(s) != direction)
                {
                    continue;
                }
                for (int b = 0; b < bins; b++)
                {
                    _sum[b] = 0;
                    _n[b] = 0;
                }
                uint before = _calibration.Start(s);
                for (int i = 0; i < n; i++)
                {
                    uint after = _calibration.At(s, i);
                    if (before != PulseGuard.OpenMilliohms && after != PulseGuard.OpenMilliohms && before >= t.RMinMilliohms && (ulong)before < t.RMaxMilliohms)
                    {
                        int b = (int)((before - t.RMinMilliohms) / t.BinWidthMilliohms);
                        _sum[b] += direction == FfpDirection.Potentiation ? (long)before - after : (long)after - before;
                        _n[b]++;
                    }
                    before = after;
                }
                for (int b = 0; b < bins; b++)
                {
                    if (_n[b] == 0)
                    {
                        continue;
                    }
                    long mean = _sum[b] / _n[b];
                    if (mean <= 0)
                    {
                        continue;
                    }
                    bool inBand = mean >= t.BandLowMilliohms && mean <= t.BandHighMilliohms;
                    long distance = inBand ? Abs(mean - center) : (mean < t.BandLowMilliohms ? t.BandLowMilliohms - mean : mean - t.BandHighMilliohms) + 0x100000000L;
                    if (distance < _score[b] || (distance == _score[b] && _calibration.Millivolts(s) < mv[b]))
                    {
                        _score[b] = distance;
                        mv[b] = (ushort)_calibration.Millivolts(s);
                        step[b] = mean > 0xFFFFFFFFL ? 0xFFFFFFFFu : (uint)mean;
                        flags[b] = (byte)(inBand ? FfpEntryFlags.InBand : FfpEntryFlags.Closest);
                    }
                }
            }
            // Bins without data take the nearest bin that has an entry.
            for (int b = 0; b < bins; b++)
            {
                if (mv[b] != 0)
                {
                    continue;
                }
                for (int d = 1; d < bins; d++)
                {
                    int from = -1;
                    if (b - d >= 0 && mv[b - d] != 0 && (flags[b - d] & FfpEntryFlags.Filled) == 0)
                    {
                        from = b - d;
                    }
                    else if (b + d < bins && mv[b + d] != 0 && (flags[b + d] & FfpEntryFlags.Filled) == 0)
                    {
                        from = b + d;
                    }
                    if (from >= 0)
                    {
                        mv[b] = mv[from];
                        step[b] = step[from];
                        flags[b] = (byte)(flags[from] | FfpEntryFlags.Filled);
                        break;
                    }
                }
            }
        }

        private void CheckVoltages(FfpTableData t, string message)
        {
            _guard.CheckWidth(message + " table", t.WidthNs);
            for (int b = 0; b < t.Bins; b++)
            {
                if (t.PotentiationMv[b] != 0)
                {
                    _guard.Check(message + " potentiation entry of bin " + b.ToString(), t.PotentiationMv[b], t.WidthNs);
                }
                if (t.DepressionMv[b] != 0)
                {
                    _guard.Check(message + " depression entry of bin " + b.ToString(), -t.DepressionMv[b], t.WidthNs);
                }
            }
        }

        /// <summary>Throws <see cref="ErrorCode.NotReady"/> when no table is loaded.</summary>
        public void RequireLoaded(string message)
        {
            if (!Loaded)
            {
                throw new ProtocolException(ErrorCode.NotReady, message + " needs an FFP table: calibrate and FfpBuildTable, or upload one with FfpTableSet");
            }
        }

        private void Ensure()
        {
            if (_active != null)
            {
                return;
            }
            _active = new FfpTableData(_config.FfpMaxBins);
            _staging = new FfpTableData(_config.FfpMaxBins);
            _sum = new long[_config.FfpMaxBins];
            _n = new int[_config.FfpMaxBins];
            _score = new long[_config.FfpMaxBins];
        }

        private static long Abs(long v)
        {
            return v < 0 ? -v : v;
        }
    }
}
