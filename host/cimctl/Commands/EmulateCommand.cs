using System;
using System.CommandLine;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using CimController.Firmware.Desktop;
using CimController.Host;
using CimController.LocalBoard;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl emulate --listen IP:PORT</c>: the desktop firmware over the emulated board as a TCP
    /// server. Prints exactly one line, <c>listening on IP:PORT</c>, to stdout first (everything else goes
    /// to stderr), then serves until Ctrl-C or SIGTERM.
    /// </summary>
    public static class EmulateCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var listen = new Option<string>("--listen") { Description = "IP:PORT to listen on (port 0 picks a free one)", Required = true };
            var tileRows = new Option<int>("--tile-rows") { Description = "Rows per tile: 64 (--chip wu2023) or 256 (--chip wu2023-256x64)", Hidden = true };
            var tlsCert = new Option<string>("--tls-cert") { Description = "Serve TLS with this board certificate and key (.pfx, cimctl tls init); with --tls-clients" };
            var tlsClients = new Option<string>("--tls-clients") { Description = "Admit only the hosts whose certificate SHA-256 this file lists (cimctl tls init)" };
            var insecure = new Option<bool>("--insecure") { Description = "Serve plain TCP beyond loopback anyway (printed as a warning)" };
            var command = new Command("emulate", "Run the firmware over the emulated board as a TCP server until Ctrl-C/SIGTERM");
            command.Options.Add(listen);
            command.Options.Add(tileRows);
            command.Options.Add(tlsCert);
            command.Options.Add(tlsClients);
            command.Options.Add(insecure);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                var endpoint = ListenEndpoint.Parse(parse.GetValue(listen));
                if (parse.GetResult(tileRows) is { Implicit: false })
                {
                    int rows = parse.GetValue(tileRows);
                    if ((rows != 64 && rows != 256) || g.ChipGiven is not null)
                    {
                        throw new UsageException("--tile-rows " + rows + " is not valid; give --chip " + string.Join(" | ", CimController.Emulator.ChipDefinition.BuiltInNames) + " (--tile-rows 64 and 256 name wu2023 and wu2023-256x64, without --chip)");
                    }
                    g = g with { ChipGiven = rows == 64 ? "wu2023" : "wu2023-256x64" };
                }
                using var stop = new ManualResetEventSlim(false);
                using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.Set(); });
                using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Set(); });
                TcpLinkPolicy policy = TlsListenPolicy.From(endpoint, parse.GetValue(tlsCert), parse.GetValue(tlsClients), parse.GetValue(insecure));
                EmulatorTcpServer server;
                try
                {
                    server = EmulatorTcpServer.Start(g.Emulator(), endpoint, line => Console.Error.WriteLine("cimctl emulate: " + line), policy);
                }
                catch (SocketException e)
                {
                    throw new System.IO.IOException("cannot listen on " + endpoint + ": " + e.Message, e);
                }
                using (server)
                {
                    Console.Out.WriteLine("listening on " + server.LocalEndPoint);
                    Console.Out.Flush();
                    Console.Error.WriteLine("cimctl emulate: profile " + server.Profile.Name + ", seed " + g.Seed + ", chip " + g.Chip + "; Ctrl-C or SIGTERM stops");
                    stop.Wait();
                    Console.Error.WriteLine("cimctl emulate: stopping after " + server.ConnectionsServed + " connection(s)");
                }
                return ExitCodes.Ok;
            });
            return command;
        }
    }
}
