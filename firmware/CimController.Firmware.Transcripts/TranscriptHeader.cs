namespace CimController.Firmware.Transcripts
{
    /// <summary>
    /// What a replay needs to build the same firmware the recording ran: the scenario's name, the board kind, the
    /// complete <see cref="FirmwareConfig"/>, the discrete board's definition, and the host-silence watchdog (0: none)
    /// that wrapped each host link.
    /// </summary>
    public sealed class TranscriptHeader
    {
        /// <summary>The scenario's name, used in every replay report.</summary>
        public string Name = "";

        /// <summary><see cref="TranscriptFormat.RegisterMapBoard"/> or <see cref="TranscriptFormat.DiscreteBoard"/>.</summary>
        public int BoardKind = TranscriptFormat.RegisterMapBoard;

        /// <summary>Silence, ms, after which a <see cref="SilenceWatchdogLink"/> soft-resets the board; 0: no watchdog.</summary>
        public int WatchdogSilenceMs;

        /// <summary>The firmware's configuration.</summary>
        public FirmwareConfig Config = new FirmwareConfig();

        /// <summary>The discrete board's definition (for <see cref="TranscriptFormat.DiscreteBoard"/>; null otherwise).</summary>
        public DiscreteBoardDefinition? Discrete;

        /// <summary>Writes the header (after the stream marker).</summary>
        public void WriteTo(TranscriptWriter w)
        {
            w.WriteInt32((int)TranscriptFormat.Magic);
            w.WriteByte(TranscriptFormat.Version);
            w.WriteString(Name);
            w.WriteByte(BoardKind);
            w.WriteInt32(WatchdogSilenceMs);
            WriteConfig(w, Config);
            if (BoardKind == TranscriptFormat.DiscreteBoard)
            {
                WriteDiscrete(w, Discrete == null ? DiscreteBoardDefinition.Standard() : Discrete);
            }
        }

        /// <summary>Reads a header (after the stream marker).</summary>
        public static TranscriptHeader ReadFrom(TranscriptReader r)
        {
            long at = r.Position;
            uint magic = (uint)r.ReadInt32();
            if (magic != TranscriptFormat.Magic)
            {
                throw new TranscriptFormatException("byte " + at.ToString() + ": 0x" + magic.ToString("X8") + " is not a transcript header (magic 0x" +
                    TranscriptFormat.Magic.ToString("X8") + ")");
            }
            int version = r.ReadByte();
            if (version < TranscriptFormat.OldestVersion || version > TranscriptFormat.Version)
            {
                throw new TranscriptFormatException("transcript format version " + version.ToString() + " is not supported; this replayer reads versions " +
                    TranscriptFormat.OldestVersion.ToString() + " to " + TranscriptFormat.Version.ToString());
            }
            TranscriptHeader h = new TranscriptHeader();
            h.Name = r.ReadString();
            h.BoardKind = r.ReadByte();
            if (h.BoardKind != TranscriptFormat.RegisterMapBoard && h.BoardKind != TranscriptFormat.DiscreteBoard)
            {
                throw new TranscriptFormatException("transcript '" + h.Name + "': board kind " + h.BoardKind.ToString() +
                    " is not known; accepted: 1 (register-map board), 2 (discrete board)");
            }
            h.WatchdogSilenceMs = r.ReadInt32();
            h.Config = ReadConfig(r, version);
            if (h.BoardKind == TranscriptFormat.DiscreteBoard)
            {
                h.Discrete = ReadDiscrete(r);
            }
            return h;
        }

        private static void WriteConfig(TranscriptWriter w, FirmwareConfig c)
        {
            w.WriteString(c.FirmwareVersion);
            w.WriteString(c.BoardKind);
            w.WriteString(c.ProfileName);
            w.WriteInt32(c.ReadMillivolts);
            w.WriteInt32(c.MaxSetMillivolts);
            w.WriteInt32(c.MaxResetMillivolts);
            w.WriteInt32((int)c.MinPulseWidthNs);
            w.WriteInt32((int)c.MaxPulseWidthNs);
            w.WriteInt32(c.MaxPayload);
            w.WriteInt32(c.InterByteTimeoutMs);
            w.WriteInt32(c.BoardPollLimit);
            w.WriteInt32(c.LinkReadTimeoutMs);
            w.WriteInt32(c.ProgressIntervalMs);
            w.WriteInt32(c.FfpMaxBins);
            w.WriteInt32(c.FfpMaxVoltages);
            w.WriteInt32(c.FfpMaxCalibrationPulses);
            w.WriteInt32(c.TrainMemoryLimitBytes);
            w.WriteInt32(c.ForwardMemoryLimitBytes);
        }

        private static FirmwareConfig ReadConfig(TranscriptReader r, int version)
        {
            FirmwareConfig c = new FirmwareConfig();
            c.FirmwareVersion = r.ReadString();
            c.BoardKind = r.ReadString();
            c.ProfileName = r.ReadString();
            c.ReadMillivolts = r.ReadInt32();
            c.MaxSetMillivolts = r.ReadInt32();
            c.MaxResetMillivolts = r.ReadInt32();
            c.MinPulseWidthNs = (uint)r.ReadInt32();
            c.MaxPulseWidthNs = (uint)r.ReadInt32();
            c.MaxPayload = r.ReadInt32();
            c.InterByteTimeoutMs = r.ReadInt32();
            c.BoardPollLimit = r.ReadInt32();
            c.LinkReadTimeoutMs = r.ReadInt32();
            c.ProgressIntervalMs = r.ReadInt32();
            c.FfpMaxBins = r.ReadInt32();
            c.FfpMaxVoltages = r.ReadInt32();
            c.FfpMaxCalibrationPulses = r.ReadInt32();
            if (version >= 2)
            {
                c.TrainMemoryLimitBytes = r.ReadInt32();
                c.ForwardMemoryLimitBytes = r.ReadInt32();
            }
            return c;
        }

        private static void WriteDiscrete(TranscriptWriter w, DiscreteBoardDefinition d)
        {
            WriteInts(w, d.RowChannels);
            WriteInts(w, d.ColumnChannels);
            WriteInts(w, d.AdcChannels);
            w.WriteInt32(d.ModeChannel);
            w.WriteInt32(d.DacReferenceMillivolts);
            w.WriteByte(d.DacGainTwo ? 1 : 0);
            w.WriteInt32(d.BiasMillivolts);
            w.WriteInt32(d.AdcReferenceMillivolts);
            w.WriteInt32(d.FeedbackOhms);
            w.WriteInt32(d.MacFullScaleNanoamps);
            w.WriteInt32(d.SettleMicroseconds);
            w.WriteInt32((int)d.MinPulseWidthNs);
            w.WriteInt32((int)d.MaxPulseWidthNs);
            w.WriteInt32(d.PulseGapMicroseconds);
            w.WriteInt32(d.DacClockHz);
            w.WriteInt32(d.AdcClockHz);
        }

        private static DiscreteBoardDefinition ReadDiscrete(TranscriptReader r)
        {
            DiscreteBoardDefinition d = new DiscreteBoardDefinition();
            d.RowChannels = ReadInts(r);
            d.ColumnChannels = ReadInts(r);
            d.AdcChannels = ReadInts(r);
            d.ModeChannel = r.ReadInt32();
            d.DacReferenceMillivolts = r.ReadInt32();
            d.DacGainTwo = r.ReadByte() != 0;
            d.BiasMillivolts = r.ReadInt32();
            d.AdcReferenceMillivolts = r.ReadInt32();
            d.FeedbackOhms = r.ReadInt32();
            d.MacFullScaleNanoamps = r.ReadInt32();
            d.SettleMicroseconds = r.ReadInt32();
            d.MinPulseWidthNs = (uint)r.ReadInt32();
            d.MaxPulseWidthNs = (uint)r.ReadInt32();
            d.PulseGapMicroseconds = r.ReadInt32();
            d.DacClockHz = r.ReadInt32();
            d.AdcClockHz = r.ReadInt32();
            return d;
        }

        private static void WriteInts(TranscriptWriter w, int[] values)
        {
            w.WriteInt32(values.Length);
            for (int i = 0; i < values.Length; i++)
            {
                w.WriteInt32(values[i]);
            }
        }

        private static int[] ReadInts(TranscriptReader r)
        {
            int n = r.ReadCount("channel count");
            int[] values = new int[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = r.ReadInt32();
            }
            return values;
        }
    }
}
