using System;

namespace CimController.Learning.Layers;

/// <summary>What a parameter is: crossbar weights (mapped to devices, decayed by AdamW) or digital biases.</summary>
public enum ParameterKind
{
    /// <summary>A weight matrix in crossbar form [fan-in, outputs]; these are the values mapped onto device pairs.</summary>
    Weight,

    /// <summary>A bias vector, added digitally after the crossbar (Wu 2023: "bias addition" in the digital unit).</summary>
    Bias,
}

/// <summary>
/// A trainable tensor with its gradient (dL/dValue of the last backward pass) and the update an optimiser computed
/// for it (dW_new, to be added: W_new = W + Update).
/// </summary>
public sealed class Parameter
{
    /// <summary>Creates a zeroed [rows, columns] parameter.</summary>
    public Parameter(string name, int rows, int columns, ParameterKind kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        Name = name;
        Rows = rows;
        Columns = columns;
        Kind = kind;
        Value = new float[rows * columns];
        Gradient = new float[rows * columns];
        Update = new float[rows * columns];
    }

    /// <summary>Name, e.g. "conv1.weight".</summary>
    public string Name { get; }

    /// <summary>Rows (fan-in for a weight matrix, 1 for a bias).</summary>
    public int Rows { get; }

    /// <summary>Columns (outputs).</summary>
    public int Columns { get; }

    /// <summary>Weight or bias.</summary>
    public ParameterKind Kind { get; }

    /// <summary>The values, row-major [Rows, Columns]. For the mixed-precision scheme this is the host's W_FP.</summary>
    public float[] Value { get; }

    /// <summary>dL/dValue from the last backward pass (overwritten, not accumulated, by each pass).</summary>
    public float[] Gradient { get; }

    /// <summary>dW_new from the last <see cref="Training.Optimizer.ComputeUpdates"/>: the additive change W + Update.</summary>
    public float[] Update { get; }

    /// <summary>Number of elements.</summary>
    public int Length => Value.Length;

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{Rows}x{Columns}]";
}
