using System;
using MathNet.Numerics.Distributions;

namespace CimController.Analysis
{
    /// <summary>
    /// Draws y_actual = Q(y_ideal) + T(loc, s, nu) (Diao 2025 eq. 4/5) from a <see cref="ProgramErrorModel"/>, seeded:
    /// the same model, seed and call sequence give the same values on every run (System.Random(seed) and MathNet's
    /// StudentT sampler).
    /// </summary>
    public sealed class ProgramErrorSampler
    {
        private readonly ProgramErrorModel _model;
        private readonly Random _random;

        /// <summary>A sampler of <paramref name="model"/> seeded with <paramref name="seed"/>.</summary>
        public ProgramErrorSampler(ProgramErrorModel model, int seed)
        {
            _model = model ?? throw new ArgumentNullException(nameof(model));
            Seed = seed;
            _random = new Random(seed);
        }

        /// <summary>The seed.</summary>
        public int Seed { get; }

        /// <summary>One y_actual for normalised <paramref name="yIdeal"/>.</summary>
        public double Sample(double yIdeal)
        {
            ProgramErrorLevel level = _model.Levels[_model.NearestLevel(yIdeal)];
            return level.Achieved + StudentT.Sample(_random, level.Loc, level.Scale, level.Nu);
        }

        /// <summary>Fills <paramref name="actual"/> with y_actual for each <paramref name="ideal"/> value.</summary>
        public void Sample(ReadOnlySpan<double> ideal, Span<double> actual)
        {
            if (actual.Length != ideal.Length)
            {
                throw new ArgumentException("actual has " + actual.Length + " elements for " + ideal.Length + " ideal values");
            }
            for (int i = 0; i < ideal.Length; i++)
            {
                actual[i] = Sample(ideal[i]);
            }
        }
    }
}
