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

    /// <summary>
    /// The accumulator settings of a training session (<see cref="CimClient.TrainConfigure"/>); the threshold (programming
    /// granularity), Gmin, Gmax and the write-verify tolerance in nS (nanosiemens).
    /// </summary>
    public sealed record TrainSessionSettings(uint Token, int Mode, int Weights, IReadOnlyList<int> LayerStarts, uint ThresholdNanosiemens, uint GminNanosiemens, uint GmaxNanosiemens,
        uint ToleranceNanosiemens = 500, int MaxTrials = 2, int Averages = 4, uint LastStep = 0, uint ResumeFirst = 0);

    /// <summary>One pair the firmware wrote during an update; G+ and G- as read after programming, in nS (nanosiemens).</summary>
    public readonly record struct TrainWrite(int Index, int Status, int Trials, int Pulses, uint PlusNanosiemens, uint MinusNanosiemens);

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
            var request = new TrainConfigureRequest
            {
                Token = s.Token, Mode = s.Mode, MaxTrials = s.MaxTrials, Averages = s.Averages, Layers = s.LayerStarts.Count,
                Weights = s.Weights, ThresholdNanosiemens = s.ThresholdNanosiemens, GminNanosiemens = s.GminNanosiemens, GmaxNanosiemens = s.GmaxNanosiemens, ToleranceNanosiemens = s.ToleranceNanosiemens,
                LastStep = s.LastStep, ResumeFirst = s.ResumeFirst, LayerStarts = [.. s.LayerStarts],
            };
            Request(MessageType.TrainConfigure, MessageType.TrainConfigured, idempotent: true, write: request.Write,
                read: r => { new TrainConfiguredReply().Read(r); return true; });
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
                var header = new TrainRangeRequest { Token = token, First = first + start, Count = n };
                Request(MessageType.TrainLoad, MessageType.TrainLoaded, idempotent: true, write: w =>
                {
                    header.Write(w);
                    var entry = new TrainLoadEntry();
                    for (int k = 0; k < n; k++)
                    {
                        TrainWeightEntry e = entries[start + k];
                        entry.Tile = e.Tile;
                        entry.Row = e.Row;
                        entry.Column = e.Column;
                        entry.Weight = e.Weight;
                        entry.Accumulator = e.Accumulator;
                        entry.Writes = Math.Min(0xFFFF, e.Writes);
                        entry.Write(w);
                    }
                }, read: r => { new TrainLoadedReply().Read(r); return true; });
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
            var header = new TrainUpdateRequest { Token = token, Step = step, Epoch = epoch, First = first, Count = copy.Length };
            return Request(MessageType.TrainUpdate, MessageType.TrainUpdated, idempotent: true, write: w =>
            {
                header.Write(w);
                foreach (float d in copy)
                {
                    w.WriteSingle(d);
                }
            }, read: r =>
            {
                var reply = new TrainUpdatedReply();
                reply.Read(r);
                if (reply.Step != step || reply.First != first || reply.Count != copy.Length)
                {
                    throw new CimProtocolException(ErrorCode.UnexpectedReply, "TrainUpdate for step " + step + " weights " + first + "+" + copy.Length
                        + " was answered for step " + reply.Step + " weights " + reply.First + "+" + reply.Count, MessageType.TrainUpdate);
                }
                var writes = new TrainWrite[reply.Written];
                var entry = new TrainWriteEntry();
                for (int i = 0; i < writes.Length; i++)
                {
                    entry.Read(r);
                    writes[i] = new TrainWrite(entry.Index, entry.Status, entry.Trials, entry.Pulses, entry.PlusNanosiemens, entry.MinusNanosiemens);
                }
                return new TrainUpdateResult(reply.Step, reply.First, reply.Count, reply.Failed, reply.Pulses, writes);
            });
        }

        /// <summary>Reads W_FP, dW_FP and write counts of weights <paramref name="first"/>..first+count-1.</summary>
        public (float[] Weights, float[] Accumulators, int[] Writes) TrainStateGet(uint token, int first, int count)
        {
            var w = new float[count];
            var a = new float[count];
            var n = new int[count];
            int per = Math.Min(0xFFFF, (MaxPayload - TrainStateReply.HeaderLength) / TrainLayout.StateEntryBytes);
            for (int at = 0; at < count; at += per)
            {
                int c = Math.Min(per, count - at);
                int start = at;
                var request = new TrainRangeRequest { Token = token, First = first + start, Count = c };
                Request(MessageType.TrainStateGet, MessageType.TrainState, idempotent: true, write: request.Write, read: r =>
                {
                    new TrainStateReply().Read(r);
                    var entry = new TrainStateEntry();
                    for (int k = 0; k < c; k++)
                    {
                        entry.Read(r);
                        w[start + k] = entry.Weight;
                        a[start + k] = entry.Accumulator;
                        n[start + k] = entry.Writes;
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
                var s = new TrainStatusReply();
                s.Read(r);
                return new TrainStatusInfo(s.Token, s.Mode, s.Weights, s.Loaded, s.LastStep, s.LastFirst, s.ChunksApplied, s.Epoch, s.WritesTotal,
                    s.WritesThisEpoch, s.FailedWrites, s.Pulses, s.ResetsAtStart, s.ResetsNow, s.LayerWrites.AsSpan(0, s.Layers).ToArray());
            });
        }
    }
}
