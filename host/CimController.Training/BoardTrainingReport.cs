using System;
using System.Collections.Generic;
using CimController.Host;
using CimController.Learning.Data;
using CimController.Learning.Models;
using CimController.Protocol.Messages;

namespace CimController.Training;

/// <summary>
/// One board's share of a chip run, measured at its end: the test accuracy of the trained network with the forward pass
/// on this board alone (NaN for a network spread over the boards: no board holds all of it), the device pairs it wrote, and its own counters (programming pulses, chip time and energy from its
/// Stats: since the board started or its counters were last cleared; an in-process emulator starts with the run).
/// </summary>
public sealed record BoardTrainingReport(int Board, double TestAccuracy, long Writes, long Pulses, double ChipSeconds, double ChipMillijoules)
{
    /// <summary>Measures every board of a run (<paramref name="testImages"/> test images each; with one board its last epoch's accuracy).</summary>
    internal static IReadOnlyList<BoardTrainingReport> Measure(IReadOnlyList<CimClient> clients, IReadOnlyList<ChipDevices> devices, Network network,
        LabeledImages test, int testImages, RunState state)
    {
        var reports = new List<BoardTrainingReport>();
        for (int b = 0; b < clients.Count; b++)
        {
            double accuracy = clients.Count == 1 && state.History.Count > 0
                ? state.History[^1].TestAccuracy
                : ConfusionEvaluation.Run(network, test, testImages, devices[b].Chip).Accuracy;
            // every board's accumulator makes the same decisions, so each wrote the run's pairs
            reports.Add(Counted(clients[b], b, accuracy, state.WritesTotal));
        }

        return reports;
    }

    /// <summary>Measures every board a network was spread over: the writes of the pairs on its tiles and its counters.</summary>
    internal static IReadOnlyList<BoardTrainingReport> MeasureSpread(IReadOnlyList<CimClient> clients, ChipSession chip, RunState state)
    {
        var reports = new List<BoardTrainingReport>();
        for (int b = 0; b < clients.Count; b++)
        {
            long writes = 0;
            foreach (int i in chip.PairsOnBoard(b))
            {
                writes += state.Writes[i];
            }

            reports.Add(Counted(clients[b], b, double.NaN, writes));
        }

        return reports;
    }

    /// <summary>Board <paramref name="board"/>'s report with its own counters (pulses, chip time, energy).</summary>
    internal static BoardTrainingReport Counted(CimClient client, int board, double accuracy, long writes)
    {
        StatsMessage stats = client.Stats();
        double clockHz = Math.Max(1, client.Info.ClockKilohertz) * 1000.0;
        return new BoardTrainingReport(board + 1, accuracy, writes, stats.PulsesApplied, stats.ChipCycles / clockHz, stats.EnergyPicojoules * 1e-9);
    }
}
