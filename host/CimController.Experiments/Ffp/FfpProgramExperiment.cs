using System;
using System.Text.Json.Nodes;
using CimController.Host;
using CimController.Protocol.Messages;

namespace CimController.Experiments.Ffp
{
    /// <summary>
    /// Settings of one FFP programming run: the cell, the target and tolerance (ohm), the pulse-event budget, and the
    /// table: <paramref name="TableBytes"/> (checked by the caller, from <paramref name="TableSource"/>) uploaded first, or
    /// the firmware's own (<see cref="FfpTableSource"/>, calibrating with <paramref name="Calibration"/> when it has none).
    /// </summary>
    public sealed record FfpProgramSettings(int Tile, int Row, int Col, double TargetOhms, double ToleranceOhms, int MaxEvents, FfpCalibrationOptions Calibration,
        byte[]? TableBytes, string? TableSource);

    /// <summary>What one FFP programming run did: the firmware's result, how the table came to be there, and where the cell ended against the target.</summary>
    public sealed record FfpProgramOutcome(FfpProgramResult Result, string Table, double TargetOhms, double ToleranceOhms)
    {
        /// <summary>Resistance reached minus the target, ohm.</summary>
        public double ErrorOhms => Result.AfterOhms - TargetOhms;

        /// <summary>True when the cell ended within the tolerance of the target, whatever stopped the programming.</summary>
        public bool Reached => IsReached(ErrorOhms, ToleranceOhms);

        /// <summary>True when <paramref name="errorOhms"/> lies within <paramref name="toleranceOhms"/>.</summary>
        public static bool IsReached(double errorOhms, double toleranceOhms) => Math.Abs(errorOhms) <= toleranceOhms;
    }

    /// <summary>Programs one cell to a resistance by FFP table look-up (Diao 2025), no search.</summary>
    public static class FfpProgramExperiment
    {
        /// <summary>Makes sure a table is there, then programs the cell.</summary>
        public static FfpProgramOutcome Run(CimClient client, IExperimentSteps steps, FfpProgramSettings s)
        {
            string how;
            if (s.TableBytes != null)
            {
                client.FfpSetTableBytes(s.TableBytes);
                how = "uploaded from " + s.TableSource;
            }
            else
            {
                how = FfpTableSource.Ensure(client, steps, s.Tile, s.Row, s.Col, s.Calibration, new FfpBuildTableRequest(), false).How;
            }
            FfpProgramResult r = steps.Run("FFP programming", p => client.FfpProgram(s.Tile, s.Row, s.Col, (uint)Math.Round(s.TargetOhms * 1000), (uint)Math.Round(s.ToleranceOhms * 1000),
                new FfpProgramRequest { MaxEvents = s.MaxEvents }, p));
            return new FfpProgramOutcome(r, how, s.TargetOhms, s.ToleranceOhms);
        }

        /// <summary>The run as JSON (cell, target, the level and model file it came from when given, table, status, events, resistances, error).</summary>
        public static JsonObject Json(FfpProgramSettings s, FfpProgramOutcome o, int? level, string? modelPath) => new JsonObject
        {
            ["cell"] = new JsonObject { ["tile"] = s.Tile, ["row"] = s.Row, ["col"] = s.Col },
            ["targetOhms"] = s.TargetOhms,
            ["level"] = level,
            ["model"] = modelPath,
            ["toleranceOhms"] = s.ToleranceOhms,
            ["table"] = o.Table,
            ["status"] = o.Result.StatusName,
            ["direction"] = FfpDirection.Name(o.Result.Direction),
            ["events"] = o.Result.Events,
            ["beforeOhms"] = o.Result.BeforeMilliohms / 1000.0,
            ["afterOhms"] = o.Result.AfterOhms,
            ["errorOhms"] = o.ErrorOhms,
            ["reached"] = o.Reached,
        };
    }
}
