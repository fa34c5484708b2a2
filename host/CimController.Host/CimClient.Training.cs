using System;
using System.Collections.Generic;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Host
{
    /// <summary>One weight's device pair and accumulator state for <see cref="CimClient.TrainLoad"/>.</summary>
    /// <param name="Tile">Physical tile.</param>
    /// <param name="Row">Row of the pair.</param>
    /// <param name="Column">Column of G+ (G- is the next one).</param>
    /// <param name="Weight">W_FP, nS of G+ - G-.</param>
    /// <param name="Accumulator">dW_FP, nS.</param>
    /// <param name="Writes">Writes so far.</param>
    public readonly record struct TrainWeightEntry(int Tile, int Row, int Column, float Weight, float Accumulator, int Writes);

    /// <summary>The accumulator settings of a training session (<see cref="CimClient.TrainConfigure"/>).</summary>
    public sealed record TrainSessionSettings(uint Token, int Mode, int Weights, IReadOnlyList<int> LayerStarts, uint ThresholdNs, uint GminNs, uint GmaxNs,
        uint ToleranceNs = 500, int MaxTrials = 2, int Averages = 4, uint LastStep = 0, uint ResumeFirst = 0);

    /// <summary>One pair the firmware wrote during an update.</summary>
    public readonly record struct TrainWrite(int Index, int Status, int Trials, int Pulses, uint PlusNs, uint MinusNs);

    /// <summary>The reply to one <see cref="CimClient.TrainUpdate"/> chunk.</summary>
    public sealed record TrainUpdateResult(uint Step, int First, int Count, int Failed, long Pulses, IReadOnlyList<TrainWrite> Writes);

    /// <summary>The firmware's accumulator status.</summary>
    public sealed record TrainStatusInfo(uint Token, int Mode, int Weights, int Loaded, uint LastStep, uint LastFirst, uint ChunksApplied, int Epoch,
        uint WritesTotal, uint WritesThisEpoch, uint FailedWrites, uint Pulses, uint ResetsAtStart, uint ResetsNow, IReadOnlyList<uint> LayerWrites);

    public sealed partial class CimClient
    {
        /// <summary>Starts a training session in the firmware's update accumulator (clears any previous one).</summary>
        public void TrainConfigure(TrainSessionSettings s)
        {
            ArgumentNullException.ThrowIfNull(s);
            Request(MessageType.TrainConfigure, MessageType.TrainConfigured, idempotent: true, write: w =>
            {
                w.WriteUInt32(s.Token);
                w.WriteByte(s.Mode);
                w.WriteByte(s.MaxTrials);
                w.WriteByte(s.Averages);
                w.WriteByte(s.LayerStarts.Count);
                w.WriteUInt32((uint)s.Weights);
                w.WriteUInt32(s.ThresholdNs);
                w.WriteUInt32(s.GminNs);
                w.WriteUInt32(s.GmaxNs);
                w.WriteUInt32(s.ToleranceNs);
                w.WriteUInt32(s.LastStep);
                w.WriteUInt32(s.ResumeFirst);
                foreach (int start in s.LayerStarts)
                {
                    w.WriteUInt32((uint)start);
                }
            }, read: r => r.ReadUInt32());
        }

        /// <summary>Loads weights <paramref name="first"/>.. (addresses and state) into the session, in as many requests as needed.</summary>
        public void TrainLoad(uint token, int first, IReadOnlyList<TrainWeightEntry> entries)
        {
            ArgumentNullException.ThrowIfNull(entries);
            int per = Math.Min(0xFFFF, (MaxPayload - TrainLayout.LoadHeaderLength) / TrainLayout.LoadEntryBytes);
            for (int at = 0; at < entries.Count; at += per)
            {
                int n = Math.Min(per, entries.Count - at);
                int start = at;
                Request(MessageType.TrainLoad, MessageType.TrainLoaded, idempotent: true, write: w =>
                {
                    w.WriteUInt32(token);
                    w.WriteUInt32((uint)(first + start));
                    w.WriteUInt16(n);
                    for (int k = 0; k < n; k++)
                    {
                        TrainWeightEntry e = entries[start + k];
                        w.WriteByte(e.Tile);
                        w.WriteUInt16(e.Row);
                        w.WriteUInt16(e.Column);
                        w.WriteUInt32(BitConverter.SingleToUInt32Bits(e.Weight));
                        w.WriteUInt32(BitConverter.SingleToUInt32Bits(e.Accumulator));
                        w.WriteUInt16(Math.Min(0xFFFF, e.Writes));
                    }
                }, read: r => r.ReadUInt32());
            }
        }

        /// <summary>Weights per TrainUpdate chunk so that the request and a reply with a write for every weight fit the payload limit.</summary>
        public int TrainUpdateChunk => Math.Min(Math.Min(0xFFFF, (MaxPayload - TrainLayout.UpdateHeaderLength) / 4),
            (MaxPayload - TrainLayout.UpdateReplyHeaderLength) / TrainLayout.WriteEntryBytes);

        /// <summary>
        /// Pushes dW_new (nS) for weights <paramref name="first"/>..first+count-1 of step <paramref name="step"/>. Safe to repeat after a
        /// dropped link: the firmware answers a repeated chunk from its cache without applying it again.
        /// </summary>
        public TrainUpdateResult TrainUpdate(uint token, uint step, int epoch, int first, ReadOnlySpan<float> updates)
        {
            float[] copy = updates.ToArray();
            return Request(MessageType.TrainUpdate, MessageType.TrainUpdated, idempotent: true, write: w =>
            {
                w.WriteUInt32(token);
                w.WriteUInt32(step);
                w.WriteUInt16(epoch);
                w.WriteUInt32((uint)first);
                w.WriteUInt16(copy.Length);
                foreach (float d in copy)
                {
                    w.WriteUInt32(BitConverter.SingleToUInt32Bits(d));
                }
            }, read: r =>
            {
                r.ReadUInt32();
                uint replyStep = r.ReadUInt32();
                int replyFirst = (int)r.ReadUInt32();
                int count = r.ReadUInt16();
                int written = r.ReadUInt16();
                int failed = r.ReadUInt16();
                uint pulses = r.ReadUInt32();
                if (replyStep != step || replyFirst != first || count != copy.Length)
                {
                    throw new CimProtocolException(ErrorCode.UnexpectedReply, "TrainUpdate for step " + step + " weights " + first + "+" + copy.Length
                        + " was answered for step " + replyStep + " weights " + replyFirst + "+" + count, MessageType.TrainUpdate);
                }
                var writes = new TrainWrite[written];
                for (int i = 0; i < written; i++)
                {
                    int index = (int)r.ReadUInt32();
                    int status = r.ReadByte();
                    int trials = r.ReadByte();
                    int p = r.ReadUInt16();
                    uint plus = r.ReadUInt32();
                    uint minus = r.ReadUInt32();
                    writes[i] = new TrainWrite(index, status, trials, p, plus, minus);
                }
                return new TrainUpdateResult(replyStep, replyFirst, count, failed, pulses, writes);
            });
        }

        /// <summary>Reads W_FP, dW_FP and write counts of weights <paramref name="first"/>..first+count-1.</summary>
        public (float[] Weights, float[] Accumulators, int[] Writes) TrainStateGet(uint token, int first, int count)
        {
            var w = new float[count];
            var a = new float[count];
            var n = new int[count];
            int per = Math.Min(0xFFFF, (MaxPayload - 6) / TrainLayout.StateEntryBytes);
            for (int at = 0; at < count; at += per)
            {
                int c = Math.Min(per, count - at);
                int start = at;
                Request(MessageType.TrainStateGet, MessageType.TrainState, idempotent: true, write: wr =>
                {
                    wr.WriteUInt32(token);
                    wr.WriteUInt32((uint)(first + start));
                    wr.WriteUInt16(c);
                }, read: r =>
                {
                    r.ReadUInt32();
                    r.ReadUInt16();
                    for (int k = 0; k < c; k++)
                    {
                        w[start + k] = BitConverter.UInt32BitsToSingle(r.ReadUInt32());
                        a[start + k] = BitConverter.UInt32BitsToSingle(r.ReadUInt32());
                        n[start + k] = r.ReadUInt16();
                    }
                    return true;
                });
            }
            return (w, a, n);
        }

        /// <summary>The firmware's accumulator status (token 0: no session, e.g. after a firmware restart).</summary>
        public TrainStatusInfo TrainStatus()
        {
            return Request(MessageType.TrainStatus, MessageType.TrainStatusResult, idempotent: true, write: null, read: r =>
            {
                uint token = r.ReadUInt32();
                int mode = r.ReadByte();
                int layers = r.ReadByte();
                int weights = (int)r.ReadUInt32();
                int loaded = (int)r.ReadUInt32();
                uint lastStep = r.ReadUInt32();
                uint lastFirst = r.ReadUInt32();
                uint chunks = r.ReadUInt32();
                int epoch = r.ReadUInt16();
                uint total = r.ReadUInt32();
                uint thisEpoch = r.ReadUInt32();
                uint failed = r.ReadUInt32();
                uint pulses = r.ReadUInt32();
                uint resetsAtStart = r.ReadUInt32();
                uint resetsNow = r.ReadUInt32();
                var perLayer = new uint[layers];
                for (int l = 0; l < layers; l++)
                {
                    perLayer[l] = r.ReadUInt32();
                }
                return new TrainStatusInfo(token, mode, weights, loaded, lastStep, lastFirst, chunks, epoch, total, thisEpoch, failed, pulses, resetsAtStart, resetsNow, perLayer);
            });
        }
    }
}
