using System;
using System.Collections.Generic;
using CimController.Host;
using CimController.Protocol.Messages;

namespace CimController.Experiments.Ffp
{
    /// <summary>
    /// Runs an FFP calibration (Diao 2025 Fig. 2) on one cell. With <see cref="FfpCalibrationOptions.ResetCount"/> = 0 the
    /// host resets the cell itself before every trace: batches of ±reset-voltage pulses until a batch moves it by less than
    /// <see cref="SaturatingResetStillOhms"/> (the window end, HRS before potentiation, LRS before depression, as the
    /// paper's "automatic initialization to the HRS and LRS using V_w = ±6 V"); otherwise the firmware applies that many
    /// reset pulses before each trace.
    /// </summary>
    public static class FfpCalibrationRun
    {
        /// <summary>Pulses per batch of the host-side saturating reset.</summary>
        public const int SaturatingResetBatch = 10;

        /// <summary>The saturating reset stops when a batch moves the cell by less than this, ohm (0.01 ohm per pulse: ten times below the FFP band's lower edge).</summary>
        public const double SaturatingResetStillOhms = 0.1;

        /// <summary>Most pulses of one saturating reset.</summary>
        public const int SaturatingResetMaxPulses = 5000;

        /// <summary>Runs the whole calibration as one step labelled <paramref name="label"/>; returns its traces.</summary>
        public static IReadOnlyList<FfpCalibrationTrace> Run(CimClient client, IExperimentSteps steps, int tile, int row, int col, FfpCalibrationOptions options, string label)
        {
            if (options.ResetCount > 0)
            {
                return steps.Run(label, p => client.FfpCalibrateAll(tile, row, col, options, p));
            }
            return steps.Run(label, p =>
            {
                var traces = new List<FfpCalibrationTrace>();
                int total = options.VoltagesMillivolts.Count * options.Directions.Count;
                foreach (int direction in options.Directions)
                {
                    foreach (int mv in options.VoltagesMillivolts)
                    {
                        uint width = Math.Max(client.Info.MinPulseWidthNs, Math.Min(options.ResetWidthNs, client.Info.MaxPulseWidthNs));
                        SaturatingReset(client, tile, row, col, direction == FfpDirection.Potentiation ? -options.ResetMillivolts : options.ResetMillivolts, width, options.Averages);
                        traces.Add(client.FfpCalibrate(tile, row, col, direction, mv, options, clearStore: traces.Count == 0));
                        p?.Report(new CimProgress("ffp calibrate", traces.Count, total));
                    }
                }
                return (IReadOnlyList<FfpCalibrationTrace>)traces;
            });
        }

        /// <summary>Pulses the cell with <paramref name="millivolts"/> in batches until it stops moving; returns the pulses used and the final resistance.</summary>
        public static (int Pulses, double Ohms) SaturatingReset(CimClient client, int tile, int row, int col, int millivolts, uint widthNs, int averages)
        {
            double previous = double.NaN;
            int used = 0;
            double ohms = double.NaN;
            while (used < SaturatingResetMaxPulses)
            {
                PulseResult r = client.Pulse(tile, row, col, millivolts, widthNs, SaturatingResetBatch, averages);
                used += r.Count;
                ohms = r.Ohms;
                if (Math.Abs(ohms - previous) < SaturatingResetStillOhms)
                {
                    break;
                }
                previous = ohms;
            }
            return (used, ohms);
        }

        /// <summary>
        /// <paramref name="repeats"/> whole calibrations one after another (Diao 2025: 5), each trace tagged with its
        /// repetition; progress labels "calibration r/R".
        /// </summary>
        public static List<(int Repeat, FfpCalibrationTrace Trace)> Repeat(CimClient client, IExperimentSteps steps, int tile, int row, int col, FfpCalibrationOptions options, int repeats)
        {
            var all = new List<(int Repeat, FfpCalibrationTrace Trace)>();
            for (int r = 0; r < repeats; r++)
            {
                foreach (FfpCalibrationTrace t in Run(client, steps, tile, row, col, options, "calibration " + (r + 1) + "/" + repeats))
                {
                    all.Add((r, t));
                }
            }
            return all;
        }
    }
}
