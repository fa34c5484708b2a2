using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CimController.Analysis;
using CimController.Host;
using CimController.Protocol.Messages;

namespace CimController.Experiments.Ffp
{
    /// <summary>
    /// Settings of one FFP table run: upload <paramref name="UploadBytes"/> (checked by the caller, from
    /// <paramref name="UploadSource"/>) or make sure the firmware holds a table (<see cref="FfpTableSource"/>, calibrating with
    /// <paramref name="Calibration"/> and building with <paramref name="Build"/> when needed); <paramref name="SavePath"/> also
    /// receives the table file.
    /// </summary>
    public sealed record FfpTableSettings(int Tile, int Row, int Col, FfpCalibrationOptions Calibration, FfpBuildTableRequest Build, bool Rebuild,
        byte[]? UploadBytes, string? UploadSource, string? SavePath);

    /// <summary>The table a run ended with and its headline results (the document summary.json holds).</summary>
    public sealed record FfpTableRunResult(FfpTableData Table, string How, int Bytes, JsonObject Summary);

    /// <summary>
    /// Builds, downloads or uploads the firmware's FFP lookup table and writes it into the results folder
    /// (ffp-table.ffptable, ffp-table.csv, the calibration when one was taken).
    /// </summary>
    public static class FfpTableExperiment
    {
        /// <summary>Runs it; returns the table, how it was obtained and the headline results.</summary>
        public static FfpTableRunResult Run(CimClient client, IExperimentSteps steps, FfpTableSettings s, ResultsFolder folder)
        {
            FfpTableData table;
            string how;
            var summary = new JsonObject();
            if (s.UploadBytes != null)
            {
                FfpTableData uploaded = CimClient.FfpTableFromBytes(s.UploadBytes);
                FfpTableAcceptance accepted = client.FfpSetTableBytes(s.UploadBytes);
                table = client.FfpGetTable();
                how = "uploaded from " + s.UploadSource;
                summary["accepted"] = new JsonObject { ["version"] = accepted.Version, ["crc"] = accepted.Crc.ToString("X8"), ["bins"] = accepted.Bins };
                summary["readBackMatches"] = table.Crc == uploaded.Crc;
            }
            else
            {
                FfpTableOnBoard onBoard = FfpTableSource.Ensure(client, steps, s.Tile, s.Row, s.Col, s.Calibration, s.Build, s.Rebuild);
                (table, how) = (onBoard.Table, onBoard.How);
                if (onBoard.Calibration != null)
                {
                    summary["calibration"] = FfpCalibrationReport.Write(folder, onBoard.Calibration.Select(t => (0, t)).ToList());
                }
            }
            byte[] bytes = CimClient.FfpTableBytes(table);
            File.WriteAllBytes(folder.AddFile("ffp-table.ffptable"), bytes);
            if (s.SavePath != null)
            {
                File.WriteAllBytes(s.SavePath, bytes);
            }
            FfpTableReport.WriteCsv(folder, table);
            summary["how"] = how;
            summary["table"] = FfpTableReport.Json(table);
            summary["bytes"] = bytes.Length;
            summary["savedTo"] = s.SavePath;
            return new FfpTableRunResult(table, how, bytes.Length, summary);
        }
    }
}
