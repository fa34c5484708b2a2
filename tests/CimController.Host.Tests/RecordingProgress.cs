using System;
using System.Collections.Generic;

namespace CimController.Host.Tests;

/// <summary>Records every progress report, synchronously.</summary>
internal sealed class RecordingProgress : IProgress<CimProgress>
{
    public List<CimProgress> Reports { get; } = new List<CimProgress>();

    public void Report(CimProgress value)
    {
        Reports.Add(value);
    }
}
