using System;
using System.IO;
using System.Text.Json.Nodes;
using CimController.Emulator;
using CimController.Host;
using CimController.Host.Transports;
using CimController.Protocol;

namespace CimController.Cli
{
    /// <summary>Turns exceptions into one message on stderr (and a JSON error document with --json) and an exit code; stack traces only for unexpected faults with CIMCTL_DEBUG=1.</summary>
    public static class ErrorReporter
    {
        /// <summary>Reports <paramref name="e"/> and returns the exit code.</summary>
        public static int Report(Exception e, bool json)
        {
            (int exit, string message, string? code) = Classify(e);
            Console.Error.WriteLine("cimctl: " + message);
            if (exit == ExitCodes.BadArguments)
            {
                Console.Error.WriteLine("Run 'cimctl --help' (or 'cimctl COMMAND --help') for usage.");
            }
            if (Environment.GetEnvironmentVariable("CIMCTL_DEBUG") == "1")
            {
                Console.Error.WriteLine(e.ToString());
            }
            if (json)
            {
                var doc = new JsonObject { ["error"] = message, ["exitCode"] = exit };
                if (code != null)
                {
                    doc["code"] = code;
                }
                JsonOutput.Write(doc);
            }
            return exit;
        }

        private static (int Exit, string Message, string? Code) Classify(Exception e)
        {
            switch (e)
            {
                case UsageException:
                case FormatException:
                case DeviceProfileException:
                    return (ExitCodes.BadArguments, e.Message, null);
                case ArgumentException:
                    return (ExitCodes.BadArguments, e.Message, null);
                case CimProtocolException p:
                    return (ExitCodes.Failure, p.Message, p.CodeName);
                case ProtocolException p:
                    return (ExitCodes.Failure, "the board's reply could not be read: " + p.Message, ErrorCode.Name(p.Code));
                case TransportException:
                case IOException:
                case UnauthorizedAccessException:
                    return (ExitCodes.Failure, e.Message, null);
                default:
                    return (ExitCodes.Failure, "internal error (" + e.GetType().Name + "): " + e.Message + " (set CIMCTL_DEBUG=1 for the stack trace)", null);
            }
        }
    }
}
