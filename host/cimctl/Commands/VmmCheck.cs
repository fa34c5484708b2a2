using System.Text.Json.Nodes;
using CimController.Host;
using Spectre.Console;

namespace CimController.Cli.Commands
{
    /// <summary><c>vmm --check</c>: reads the window's conductances back and compares the chip's outputs with the exact product.</summary>
    public static class VmmCheck
    {
        /// <summary>Reads per cell averaged over this many reads (the firmware's limit is 16).</summary>
        private const int Averages = 16;

        /// <summary>Reads the window back and compares.</summary>
        public static VmmAccuracy Run(CimClient client, int tile, IndexRange rows, IndexRange cols, byte[] codes, int vectors, VmmResult result)
        {
            float[] g = client.ReadConductance(tile, rows.First, rows.Count, cols.First, cols.Count, Averages);
            double readVolts = client.Info.ReadMillivolts / 1000.0;
            double[] expected = VmmAccuracy.ExpectedCodes(codes, vectors, rows.Count, g, cols.Count, readVolts, result.LsbMicroamps);
            return VmmAccuracy.Compare(result, expected, (1 << client.Info.AdcBits) - 1);
        }

        /// <summary>The comparison as JSON.</summary>
        public static JsonObject ToJson(VmmAccuracy a) => new()
        {
            ["compared"] = a.Compared,
            ["clipped"] = a.Clipped,
            ["meanErrorLsb"] = a.MeanErrorLsb,
            ["rmsErrorLsb"] = a.RmsErrorLsb,
            ["maxAbsErrorLsb"] = a.MaxAbsErrorLsb,
        };

        /// <summary>The comparison as a line of text.</summary>
        public static void Print(VmmAccuracy a)
        {
            AnsiConsole.MarkupLine("[grey]check against the exact product of the read-back conductances:[/] " + a.Compared + " outputs, "
                + a.Clipped + " clipped at full scale; error mean " + BoardReport.Num(a.MeanErrorLsb, "0.00") + " LSB, rms "
                + BoardReport.Num(a.RmsErrorLsb, "0.00") + " LSB, max " + BoardReport.Num(a.MaxAbsErrorLsb, "0.00") + " LSB");
        }
    }
}
