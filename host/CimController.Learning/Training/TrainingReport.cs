using System;
using System.Collections.Generic;

namespace CimController.Learning.Training;

/// <summary>One epoch's figures.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's batches.</param>
/// <param name="TrainAccuracy">Fraction of training images classified correctly during the epoch (before each update).</param>
/// <param name="TestAccuracy">Fraction of the evaluated test images classified correctly after the epoch.</param>
/// <param name="TestImages">Test images evaluated.</param>
/// <param name="TrainTime">Wall time of the training batches.</param>
/// <param name="TestTime">Wall time of the evaluation.</param>
public sealed record EpochResult(int Epoch, double TrainLoss, double TrainAccuracy, double TestAccuracy, int TestImages, TimeSpan TrainTime, TimeSpan TestTime);

/// <summary>Progress after one batch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Batch">1-based batch within the epoch.</param>
/// <param name="BatchesPerEpoch">Batches per epoch.</param>
/// <param name="Loss">This batch's loss.</param>
/// <param name="Elapsed">Time since the run started.</param>
public readonly record struct BatchProgress(int Epoch, int Batch, int BatchesPerEpoch, double Loss, TimeSpan Elapsed);

/// <summary>The result of a training run.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Options">The schedule used (with its seed).</param>
/// <param name="Epochs">Per-epoch figures.</param>
/// <param name="TotalTime">Wall time of the run.</param>
public sealed record TrainingReport(string Model, TrainingOptions Options, IReadOnlyList<EpochResult> Epochs, TimeSpan TotalTime);
