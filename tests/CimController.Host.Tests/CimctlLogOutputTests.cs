using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CimController.Cli;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Host.Tests;

/// <summary>
/// cimctl's output in a log file (stdout and stderr are pipes here, not a terminal): tables are not wrapped, COLUMNS is
/// respected, and long commands write plain progress lines at a bounded rate.
/// </summary>
[TestClass]
public sealed class CimctlLogOutputTests
{
    private static readonly string[] BenchArgs = { "bench", "train-forward", "--batches", "1", "--repeats", "1" };

    [TestMethod]
    public void TablesAreNotWrappedWithoutATerminal()
    {
        CimctlRun.Result r = CimctlRun.Plain(BenchArgs);
        Assert.AreEqual(0, r.Exit, r.Stderr);
        string[] table = r.StdoutLines.Where(l => l.StartsWith('│') || l.StartsWith('┌') || l.StartsWith('├') || l.StartsWith('└')).ToArray();
        Assert.IsTrue(table.Length >= 8, "the stage table: header, 6 blocks and the sum\n" + r.Stdout);
        Assert.AreEqual(1, table.Select(l => l.Length).Distinct().Count(), "every table line has the table's full width (none split)\n" + r.Stdout);
        Assert.IsTrue(table[0].Length > 80, "the table is wider than 80 columns and is not cut to them: " + table[0].Length);
        string header = table.First(l => l.Contains("block", StringComparison.Ordinal));
        foreach (string column in new[] { "vectors", "quantise", "SPI+emulator", "hand-over", "dequantise", "total" })
        {
            StringAssert.Contains(header, column, "header cell cut");
        }
        string sum = table.Single(l => l.Contains(" sum ", StringComparison.Ordinal));
        Assert.AreEqual(12, sum.Split('│', StringSplitOptions.RemoveEmptyEntries).Length, "the sum row holds its 12 cells on one line: " + sum);
    }

    [TestMethod]
    public void ColumnsIsRespected()
    {
        CimctlRun.Result r = CimctlRun.With(new Dictionary<string, string?> { ["COLUMNS"] = "100" }, BenchArgs);
        Assert.AreEqual(0, r.Exit, r.Stderr);
        string longest = r.StdoutLines.OrderByDescending(l => l.Length).First();
        Assert.IsTrue(longest.Length <= 100, "COLUMNS=100: a line of " + longest.Length + " characters: " + longest);
        Assert.IsTrue(r.StdoutLines.Any(l => l.Length > 90), "the table uses the width it was given");
    }

    [TestMethod]
    public void LongCommandsWritePlainProgressLinesOnStderr()
    {
        using var temp = new CimctlRun.TempFolder();
        CimctlRun.Result r = CimctlRun.With(new Dictionary<string, string?> { ["CIMCTL_PROGRESS_SECONDS"] = "0" },
            "characterize", "--rows", "0:4", "--cols", "0:8", "--out", temp.File("char"));
        Assert.AreEqual(0, r.Exit, r.Stderr);
        string[] progress = r.StderrLines.Where(l => l.StartsWith("write-verify 32 cells: ", StringComparison.Ordinal)).ToArray();
        Assert.IsTrue(progress.Length >= 2, "a progress line and a done line\n" + r.Stderr);
        StringAssert.StartsWith(progress[^1], "write-verify 32 cells: done, 32/32 in ");
        Assert.IsTrue(progress.Any(l => l.StartsWith("write-verify 32 cells: 32/32 (100 %) after ", StringComparison.Ordinal)), r.Stderr);
        Assert.IsFalse(r.Stderr.Contains('\r'), "no carriage returns: plain lines, not a bar redrawn in place");
        Assert.IsFalse(r.Stdout.Contains('\u001b'), "no terminal escape codes in a log");
    }

    [TestMethod]
    public void ProgressLogWritesATenthAtATimeAHeartbeatAndADoneLine()
    {
        var now = TimeSpan.Zero;
        var text = new StringWriter();
        var log = new ProgressLog(text, () => now, TimeSpan.FromSeconds(5));
        log.Begin("write-verify 100 cells");
        now = TimeSpan.FromSeconds(0.5);
        log.Report(50, 100);
        Assert.AreEqual("", text.ToString(), "no line while the step has run less than a fifth of the interval");
        now = TimeSpan.FromSeconds(1.5);
        log.Report(60, 100);
        now = TimeSpan.FromSeconds(1.7);
        log.Report(70, 100);
        now = TimeSpan.FromSeconds(4);
        log.Tick();
        now = TimeSpan.FromSeconds(7);
        log.Tick();
        now = TimeSpan.FromSeconds(7.5);
        log.End();
        string[] lines = Lines(text);
        CollectionAssert.AreEqual(new[]
        {
            "write-verify 100 cells: 60/100 (60 %) after 1.5 s",
            "write-verify 100 cells: 70/100 (70 %) after 7.0 s",
            "write-verify 100 cells: done, 70/100 in 7.5 s",
        }, lines, string.Join("\n", lines));
    }

    [TestMethod]
    public void ProgressLogKeepsQuickStepsSilentAndWritesEveryReportAtIntervalZero()
    {
        var now = TimeSpan.Zero;
        var text = new StringWriter();
        var log = new ProgressLog(text, () => now, TimeSpan.FromSeconds(5));
        log.Begin("read-back");
        now = TimeSpan.FromSeconds(0.2);
        log.Report(64, 64);
        log.End();
        Assert.AreEqual("", text.ToString(), "a step of 0.2 s writes nothing");

        var every = new ProgressLog(text, () => now, TimeSpan.Zero);
        every.Begin("sweep");
        every.Report(1, 0);
        every.Report(2, 0);
        every.Abandon();
        every.End();
        CollectionAssert.AreEqual(new[] { "sweep: 1 done after 0.0 s", "sweep: 2 done after 0.0 s" }, Lines(text), "a failed step ends without a done line");
    }

    [TestMethod]
    public void LayoutWidthFollowsColumnsThenTheTerminal()
    {
        Assert.AreEqual(120, ConsoleLayout.Width(redirected: true, columns: "120"));
        Assert.AreEqual(120, ConsoleLayout.Width(redirected: false, columns: "120"));
        Assert.AreEqual(ConsoleLayout.UnwrappedWidth, ConsoleLayout.Width(redirected: true, columns: null));
        Assert.AreEqual(ConsoleLayout.UnwrappedWidth, ConsoleLayout.Width(redirected: true, columns: "wide"), "a COLUMNS that is not a number is ignored");
        Assert.AreEqual(ConsoleLayout.UnwrappedWidth, ConsoleLayout.Width(redirected: true, columns: "5"), "narrower than any table: ignored");
        Assert.IsNull(ConsoleLayout.Width(redirected: false, columns: null), "a terminal keeps its own width");
        Assert.AreEqual(ConsoleLayout.MinColumns.ToString(CultureInfo.InvariantCulture), ConsoleLayout.Width(false, ConsoleLayout.MinColumns.ToString(CultureInfo.InvariantCulture))!.Value.ToString(CultureInfo.InvariantCulture));
    }

    private static string[] Lines(StringWriter text) => text.ToString().Replace("\r", "").TrimEnd('\n').Split('\n').Where(l => l.Length > 0).ToArray();
}
