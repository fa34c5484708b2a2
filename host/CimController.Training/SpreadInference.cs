using System;
using System.Collections.Generic;
using System.Linq;
using CimController.Crossbar;
using CimController.Host;
using CimController.Learning.Data;
using CimController.Learning.Models;

namespace CimController.Training;

/// <summary>The outcome of <see cref="SpreadInference.Run"/>: test accuracy over the boards together, one report per board.</summary>
public sealed record SpreadInferenceResult(double Accuracy, int Images, int Pairs, int CellsOutOfTolerance, IReadOnlyList<BoardTrainingReport> Boards);

/// <summary>
/// Runs a trained network that no single board holds, spread over several alike boards: the network's blocks are placed
/// across the boards' tiles (numbered one board after another, as <c>train --spread</c> places them), every pair is
/// write-verified to its weight in the full conductance window, and each test batch's forward pass runs block by block
/// on the board that holds it, partial sums added on the host, with the same input rule as training. The firmware's
/// Forward needs the whole network on one board, so the host drives the layers here.
/// </summary>
public static class SpreadInference
{
    /// <summary>Programs <paramref name="network"/> over <paramref name="clients"/> in <paramref name="window"/> and tests it on the first <paramref name="images"/> of <paramref name="test"/>.</summary>
    /// <exception cref="InvalidOperationException">The network does not fit the boards together, or the boards differ.</exception>
    public static SpreadInferenceResult Run(IReadOnlyList<CimClient> clients, Network network, ChipWindow window, LabeledImages test, int images,
        WriteVerifyOptions options, int[] repeats)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(test);
        if (clients.Count == 0)
        {
            throw new ArgumentException("no board to run on", nameof(clients));
        }

        var info = AlikeBoards.Check(clients);
        int[] copies = DeviceLayout.DefaultCopies(network, info.Rows);
        DeviceLayout layout;
        try
        {
            layout = DeviceLayout.Plan(network, info.Rows, info.Columns, info.Tiles * clients.Count, copies);
        }
        catch (InvalidOperationException)
        {
            int needed = DeviceLayout.ArraysNeeded(network, info.Rows, info.Columns, copies);
            throw new InvalidOperationException($"{network.Name} needs {needed} arrays of {info.Rows}x{info.Columns}; the {clients.Count} boards have {info.Tiles * clients.Count} together "
                + $"({info.Tiles} each): give {(needed + info.Tiles - 1) / info.Tiles} boards or larger ones (--chip)");
        }

        ChipWindow full = window with { InitialMaxNs = window.MaxNs }; // a trained network uses the whole window
        double[] scales = ChipSession.InitialScales(network, layout, full);
        var chip = new ChipSession(clients, network, layout, scales, full, info.Tiles) { Repeats = repeats };
        var plus = new uint[layout.Weights];
        var minus = new uint[layout.Weights];
        for (int i = 0; i < layout.Weights; i++)
        {
            float w = network.CrossbarLayers[layout.LayerOf(i)].Weights.Value[layout.LocalIndexOf(i)];
            (plus[i], minus[i]) = PairTargets.Of(w / chip.ScaleOf(i), full);
        }

        int outside = chip.ProgramAll(plus, minus, options).Count(c => !c.Success);
        double accuracy = ConfusionEvaluation.Run(network, test, images, chip).Accuracy;
        var boards = new List<BoardTrainingReport>();
        for (int b = 0; b < clients.Count; b++)
        {
            boards.Add(BoardTrainingReport.Counted(clients[b], b, double.NaN, chip.PairsOnBoard(b).Length));
        }

        return new SpreadInferenceResult(accuracy, Math.Min(images, test.Count), layout.Weights, outside, boards);
    }
}
