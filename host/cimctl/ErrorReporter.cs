using System;
using System.IO;
using System.Text.Json.Nodes;
using CimController.Emulator;
using CimController.Host;
using CimController.Host.Transports;
using CimController.Inference;
using CimController.Protocol;

namespace CimController.Cli
{
    /// <summary>
    /// Turns exceptions into one message on stderr (and a JSON error document with --json) and an exit code; stack traces
    /// only for unexpected faults with CIMCTL_DEBUG=1. JSON codes: the firmware's error code names (OutOfRange, PulseLimit,
    /// ...), <see cref="Unreachable"/> when the board could not be reached, <see cref="LinkClosed"/> when it went away,
    /// Timeout when it did not answer in time, <see cref="Usage"/> for bad arguments.
    /// </summary>
    public static class ErrorReporter
    {
        /// <summary>JSON code: the board's address could not be opened (nothing listening, no such device, no permission).</summary>
        public const string Unreachable = "Unreachable";
        /// <summary>JSON code: the link closed while waiting for a reply and could not be re-established.</summary>
        public const string LinkClosed = "LinkClosed";
        /// <summary>JSON code: the command line was invalid.</summary>
        public const string Usage = "Usage";

        /// <summary>Reports <paramref name="e"/> and returns the exit code.</summary>
        public static int Report(Exception e, bool json)
        {
            (int exit, string message, string? code) = Classify(e);
            Write(exit, message, code, json);
            if (Environment.GetEnvironmentVariable("CIMCTL_DEBUG") == "1")
            {
                Console.Error.WriteLine(e.ToString());
            }
            return exit;
        }

        /// <summary>Reports command-line errors found by the parser (one line each, one JSON document) and returns exit code 2.</summary>
        public static int ReportUsage(string[] messages, bool json)
        {
            for (int i = 0; i < messages.Length - 1; i++)
            {
                Console.Error.WriteLine("cimctl: " + messages[i]);
            }
            Write(ExitCodes.BadArguments, messages.Length > 0 ? messages[^1] : "invalid command line", Usage, json, string.Join("; ", messages));
            return ExitCodes.BadArguments;
        }

        private static void Write(int exit, string message, string? code, bool json, string? jsonMessage = null)
        {
            Console.Error.WriteLine("cimctl: " + message);
            if (exit == ExitCodes.BadArguments)
            {
                Console.Error.WriteLine("Run 'cimctl --help' (or 'cimctl COMMAND --help') for usage.");
            }
            if (json)
            {
                var doc = new JsonObject { ["error"] = jsonMessage ?? message, ["exitCode"] = exit };
                if (code != null)
                {
                    doc["code"] = code;
                }
                JsonOutput.Write(doc);
            }
        }

        /// <summary>The exit code, the one-line message and the JSON code of <paramref name="e"/>.</summary>
        public static (int Exit, string Message, string? Code) Classify(Exception e)
        {
            switch (e)
            {
                case ArgumentException a:
                    return (ExitCodes.BadArguments, OneLine(a), Usage);
                case UsageException:
                case FormatException:
                case DeviceProfileException:
                case ChipDefinitionException:
                case ModelTooLargeException:
                    return (ExitCodes.BadArguments, e.Message, Usage);
                case CimLinkClosedException closed when closed.Cause is TransportException cause:
                    return (ExitCodes.Failure, closed.Message + AccessHint(cause), Unreachable);
                case CimLinkClosedException:
                    return (ExitCodes.Failure, e.Message, LinkClosed);
                case CimProtocolException p:
                    return (ExitCodes.Failure, p.Message, p.CodeName);
                case ProtocolException p:
                    return (ExitCodes.Failure, "the board's reply could not be read: " + p.Message, ErrorCode.Name(p.Code));
                case TransportException t:
                    return (ExitCodes.Failure, t.Message + AccessHint(t), Unreachable);
                case IOException:
                case UnauthorizedAccessException:
                    return (ExitCodes.Failure, e.Message, null);
                default:
                    return (ExitCodes.Failure, "internal error (" + e.GetType().Name + "): " + e.Message + " (set CIMCTL_DEBUG=1 for the stack trace)", null);
            }
        }

        /// <summary>An argument exception's message on one line: .NET's " (Parameter 'x')" dropped, its "Actual value was" line as "(given: v)".</summary>
        public static string OneLine(ArgumentException e)
        {
            string text = e.Message.Split('\n')[0].TrimEnd('\r');
            string suffix = " (Parameter '" + e.ParamName + "')";
            if (e.ParamName != null && text.EndsWith(suffix, StringComparison.Ordinal))
            {
                text = text[..^suffix.Length];
            }
            return e is ArgumentOutOfRangeException { ActualValue: not null } r ? text + " (given: " + r.ActualValue + ")" : text;
        }

        /// <summary>What to do about a device the operating system refused to open.</summary>
        private static string AccessHint(TransportException e)
        {
            return e.InnerException is UnauthorizedAccessException && OperatingSystem.IsLinux()
                ? " (the device exists but this user may not open it: add the user to the 'dialout' group, or check that no other program holds the port)"
                : "";
        }
    }
}
