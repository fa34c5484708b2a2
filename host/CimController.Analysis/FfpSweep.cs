using System;
using System.Collections.Generic;

namespace CimController.Analysis
{
    /// <summary>
    /// One measured feed-forward-pulse sweep (Diao 2025 Fig. 3b/c): the resistance read before the first pulse event
    /// and after every event, and the write voltage of every event. Event <c>k</c> (0-based) applies
    /// <see cref="Volts"/>[k] to the state <see cref="Ohms"/>[k] and leaves <see cref="Ohms"/>[k + 1].
    /// </summary>
    public sealed class FfpSweep
    {
        /// <summary>A sweep of <paramref name="ohms"/> (events + 1 reads) and <paramref name="volts"/> (events).</summary>
        /// <param name="ohms">Resistances in ohms: the start state and the state after each event.</param>
        /// <param name="volts">Write voltage of each event (signed as the firmware reports it); one shorter than <paramref name="ohms"/>.</param>
        /// <param name="direction">Potentiation (HRS->LRS) or depression (LRS->HRS).</param>
        public FfpSweep(IReadOnlyList<double> ohms, IReadOnlyList<double> volts, SweepDirection direction)
        {
            ArgumentNullException.ThrowIfNull(ohms);
            ArgumentNullException.ThrowIfNull(volts);
            if (ohms.Count < 2)
            {
                throw new ArgumentException("an FFP sweep needs at least 2 resistance reads (start and after one event), got " + ohms.Count, nameof(ohms));
            }
            if (volts.Count != ohms.Count - 1)
            {
                throw new ArgumentException("an FFP sweep of " + ohms.Count + " reads has " + (ohms.Count - 1) + " pulse events, but " + volts.Count + " write voltages were given", nameof(volts));
            }
            var r = new double[ohms.Count];
            for (int i = 0; i < r.Length; i++)
            {
                if (!double.IsFinite(ohms[i]) || ohms[i] <= 0)
                {
                    throw new ArgumentException("resistance read " + i + " is " + ohms[i] + " ohm; reads must be positive finite numbers", nameof(ohms));
                }
                r[i] = ohms[i];
            }
            var v = new double[volts.Count];
            for (int i = 0; i < v.Length; i++)
            {
                if (!double.IsFinite(volts[i]))
                {
                    throw new ArgumentException("write voltage of event " + i + " is not a finite number", nameof(volts));
                }
                v[i] = volts[i];
            }
            Ohms = r;
            Volts = v;
            Direction = direction;
            double min = double.MaxValue, max = double.MinValue;
            foreach (double x in r)
            {
                min = Math.Min(min, x);
                max = Math.Max(max, x);
            }
            MinOhms = min;
            MaxOhms = max;
        }

        /// <summary>Resistances, ohm: index 0 before the first event, index k + 1 after event k.</summary>
        public double[] Ohms { get; }

        /// <summary>Write voltage of each event, V.</summary>
        public double[] Volts { get; }

        /// <summary>Potentiation or depression.</summary>
        public SweepDirection Direction { get; }

        /// <summary>Number of pulse events (Diao 2025: 494 +- 11 potentiation, 579 +- 17 depression).</summary>
        public int Events => Volts.Length;

        /// <summary>Smallest read, ohm (r_min of the normalisation).</summary>
        public double MinOhms { get; }

        /// <summary>Largest read, ohm (r_max of the normalisation).</summary>
        public double MaxOhms { get; }

        /// <summary>The reads normalised to [0, 1]: (R - r_min) / (r_max - r_min) (Diao 2025, segmentation method); all 0 for a flat sweep.</summary>
        public double[] Normalised()
        {
            double span = MaxOhms - MinOhms;
            var y = new double[Ohms.Length];
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = span > 0 ? (Ohms[i] - MinOhms) / span : 0;
            }
            return y;
        }
    }
}
