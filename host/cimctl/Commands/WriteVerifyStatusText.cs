using CimController.Host;

namespace CimController.Cli.Commands
{
    /// <summary>What a write-verify cell status means, in words, for the lines cimctl prints about cells that did not reach their band.</summary>
    public static class WriteVerifyStatusText
    {
        /// <summary>One sentence on <paramref name="status"/> (a <c>WriteVerifyStatus</c> name) under <paramref name="options"/>.</summary>
        public static string Explain(string status, WriteVerifyOptions options) => status switch
        {
            "InBand" => "verified inside its target band",
            "TrialsExhausted" => "each of the " + options.MaxTrials + " set-reset trials over- or undershot the band (--max-trials; a wider --tolerance-us or smaller --step-mv helps)",
            "Stuck" => options.StuckPulses + " pulses in a row moved the cell less than the minimum response; it does not respond to these pulses (a stuck device, or pulses too weak: --set-v/--reset-v/--width-ns)",
            "PulseBudget" => "the budget of " + options.MaxPulsesPerCell + " pulses per cell ran out (--max-pulses)",
            "TimeBudget" => "the request's time budget ran out before the cell was done; it was not programmed",
            _ => "status reported by the firmware",
        };
    }
}
