using System.Collections.Generic;
using CimController.Host;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Experiments.Ffp
{
    /// <summary>An FFP table the firmware holds, how it came there, and the calibration traces taken for it (null when none was taken).</summary>
    public sealed record FfpTableOnBoard(FfpTableData Table, string How, IReadOnlyList<FfpCalibrationTrace>? Calibration);

    /// <summary>Makes sure the firmware holds an FFP table before a sweep or a programming run.</summary>
    public static class FfpTableSource
    {
        /// <summary>
        /// Downloads the firmware's table if it has one (unless <paramref name="rebuild"/>), else builds it from the stored
        /// calibration, else calibrates (<paramref name="calibration"/>) and builds; returns the table and how it was obtained.
        /// </summary>
        public static FfpTableOnBoard Ensure(CimClient client, IExperimentSteps steps, int tile, int row, int col, FfpCalibrationOptions calibration,
            FfpBuildTableRequest build, bool rebuild)
        {
            if (!rebuild)
            {
                try
                {
                    return new FfpTableOnBoard(client.FfpGetTable(), "downloaded (already on the firmware)", null);
                }
                catch (CimProtocolException e) when (e.Code == ErrorCode.NotReady)
                {
                }
                try
                {
                    return new FfpTableOnBoard(client.FfpBuildTable(build), "built from the firmware's stored calibration", null);
                }
                catch (CimProtocolException e) when (e.Code == ErrorCode.NotReady)
                {
                }
            }
            IReadOnlyList<FfpCalibrationTrace> traces = FfpCalibrationRun.Run(client, steps, tile, row, col, calibration, "FFP calibration (" + calibration.VoltagesMillivolts.Count + " voltages)");
            return new FfpTableOnBoard(client.FfpBuildTable(build), "calibrated now (" + traces.Count + " traces) and built", traces);
        }
    }
}
