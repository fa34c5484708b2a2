using System;
using System.Globalization;
using Spectre.Console;

namespace CimController.Cli
{
    /// <summary>
    /// The width cimctl lays its tables and lines out for: <c>COLUMNS</c> when it is set, no wrapping when stdout is not
    /// a terminal (a log file or a pipe: a table split over lines is useless there), else the terminal's width.
    /// </summary>
    public static class ConsoleLayout
    {
        /// <summary>Width used without a terminal and without <c>COLUMNS</c>: wider than any line cimctl prints, so nothing wraps.</summary>
        public const int UnwrappedWidth = 4096;

        /// <summary>Narrowest <c>COLUMNS</c> taken; smaller values are ignored, as a value no table fits.</summary>
        public const int MinColumns = 20;

        /// <summary>
        /// The width to lay out for: <paramref name="columns"/> (the <c>COLUMNS</c> variable) when it is a whole number of at
        /// least <see cref="MinColumns"/>, else <see cref="UnwrappedWidth"/> when <paramref name="redirected"/>, else null
        /// (the terminal's own width).
        /// </summary>
        public static int? Width(bool redirected, string? columns)
        {
            if (int.TryParse(columns, NumberStyles.None, CultureInfo.InvariantCulture, out int c) && c >= MinColumns)
            {
                return Math.Min(c, UnwrappedWidth);
            }
            return redirected ? UnwrappedWidth : null;
        }

        /// <summary>Sets Spectre's console width for this process from <c>COLUMNS</c> and whether stdout is redirected.</summary>
        public static void Apply()
        {
            int? width = Width(Console.IsOutputRedirected, Environment.GetEnvironmentVariable("COLUMNS"));
            if (width is int w)
            {
                AnsiConsole.Profile.Width = w;
            }
        }
    }
}
