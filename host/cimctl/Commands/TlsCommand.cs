using System;
using System.CommandLine;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using CimController.Firmware.Desktop.Tls;
using CimController.Links.Tls;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// <c>cimctl tls init|host|fingerprint</c>: provisioning of the authenticated link. <c>init</c> makes a board's
    /// certificate and a first host's credential in a new folder (<see cref="TlsCredentialFiles"/>) and prints both
    /// fingerprints and the cimfw and cimctl command lines that use them; <c>host</c> adds a host; <c>fingerprint</c>
    /// prints a certificate's SHA-256 (to check a pin). Certificates come from <see cref="TlsCertificateFactory"/>.
    /// </summary>
    public static class TlsCommand
    {
        private const string DefaultBoardName = "cim-board";

        /// <summary>Builds <c>tls</c> with its subcommands.</summary>
        public static Command Create(GlobalOptions globals)
        {
            var tls = new Command("tls", "Provision the TLS link: the board's certificate, hosts' credentials, fingerprints");
            tls.Subcommands.Add(Init(globals));
            tls.Subcommands.Add(Host(globals));
            tls.Subcommands.Add(Fingerprint(globals));
            return tls;
        }

        private static Option<string> OutOption() =>
            new("--out") { Description = "Folder for the credential files (created when missing)", Required = true };

        private static Option<int> DaysOption() =>
            new("--days") { Description = "Validity of the certificates, days", DefaultValueFactory = _ => TlsCertificateFactory.DefaultValidityDays };

        private static Command Init(GlobalOptions globals)
        {
            var output = OutOption();
            var boardName = new Option<string>("--board-name") { Description = "The board's name (its certificate's CN)", DefaultValueFactory = _ => DefaultBoardName };
            var hostName = new Option<string>("--host-name") { Description = "This host's name (its certificate's CN and file name); default: the machine name" };
            var days = DaysOption();
            var command = new Command("init", "Make a board certificate, the admitted-hosts list and this host's credential in a new folder");
            command.Options.Add(output);
            command.Options.Add(boardName);
            command.Options.Add(hostName);
            command.Options.Add(days);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                string folder = parse.GetValue(output)!;
                string board = CheckName("--board-name", parse.GetValue(boardName) ?? DefaultBoardName);
                string host = CheckName("--host-name", parse.GetValue(hostName) ?? MachineHostName());
                int validity = CheckDays(parse.GetValue(days));
                if (string.Equals(host, "board", StringComparison.OrdinalIgnoreCase) || string.Equals(host, "hosts", StringComparison.OrdinalIgnoreCase))
                {
                    throw new UsageException("--host-name '" + host + "' would clash with the board's or the hosts' files; pick another name");
                }
                Directory.CreateDirectory(folder);
                TlsCredentialFiles.RequireAbsent(folder, "cimctl tls init makes new credentials only where there are none (a new board certificate changes " +
                    "the fingerprint every host pins): pick a new --out folder, or add a host with cimctl tls host",
                    TlsCredentialFiles.BoardPfx, TlsCredentialFiles.BoardCrt, TlsCredentialFiles.BoardKey, TlsCredentialFiles.HostsTxt,
                    TlsCredentialFiles.HostsPem, host + ".pfx", host + ".crt");
                using X509Certificate2 boardCert = TlsCertificateFactory.CreateBoard(board, validity);
                using X509Certificate2 hostCert = TlsCertificateFactory.CreateHost(host, validity);
                TlsCredentialFiles.WriteBoard(folder, boardCert);
                string hostPfx = TlsCredentialFiles.WriteHost(folder, host, hostCert);
                TlsCredentialFiles.Admit(folder, host, hostCert);
                Report(g, folder, boardCert, board, hostCert, host, hostPfx, init: true);
                return ExitCodes.Ok;
            });
            return command;
        }

        private static Command Host(GlobalOptions globals)
        {
            var output = OutOption();
            var name = new Option<string>("--name") { Description = "The new host's name (its certificate's CN and file name)", Required = true };
            var days = DaysOption();
            var command = new Command("host", "Make another host's credential and add it to the folder's hosts.txt and hosts.pem");
            command.Options.Add(output);
            command.Options.Add(name);
            command.Options.Add(days);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                string folder = parse.GetValue(output)!;
                string host = CheckName("--name", parse.GetValue(name)!);
                int validity = CheckDays(parse.GetValue(days));
                Directory.CreateDirectory(folder);
                TlsCredentialFiles.RequireAbsent(folder, "pick another --name (a host's credential is never replaced in place)", host + ".pfx", host + ".crt");
                using X509Certificate2 hostCert = TlsCertificateFactory.CreateHost(host, validity);
                string hostPfx = TlsCredentialFiles.WriteHost(folder, host, hostCert);
                TlsCredentialFiles.Admit(folder, host, hostCert);
                string boardCrt = Path.Combine(folder, TlsCredentialFiles.BoardCrt);
                using X509Certificate2? boardCert = File.Exists(boardCrt) ? TlsCredentialFiles.Read(boardCrt) : null;
                Report(g, folder, boardCert, null, hostCert, host, hostPfx, init: false);
                return ExitCodes.Ok;
            });
            return command;
        }

        private static Command Fingerprint(GlobalOptions globals)
        {
            var file = new Argument<string>("FILE") { Description = "A certificate: .pfx/.p12 (no password), or .crt/.pem/.cer (PEM or DER)" };
            var command = new Command("fingerprint", "Print a certificate's SHA-256 fingerprint (what hosts pin and hosts.txt lists), subject and validity");
            command.Arguments.Add(file);
            command.SetAction(parse =>
            {
                GlobalSettings g = globals.Read(parse);
                string path = parse.GetValue(file)!;
                using X509Certificate2 cert = TlsCredentialFiles.Read(path);
                string fingerprint = CertificateFingerprint.Of(cert);
                if (g.Json)
                {
                    JsonOutput.Write(new JsonObject
                    {
                        ["file"] = path,
                        ["sha256"] = fingerprint,
                        ["subject"] = cert.Subject,
                        ["notBefore"] = cert.NotBefore.ToUniversalTime().ToString("o"),
                        ["notAfter"] = cert.NotAfter.ToUniversalTime().ToString("o"),
                    });
                }
                else
                {
                    Console.Out.WriteLine(fingerprint + "  " + cert.Subject + "  valid " + TlsCredentialFiles.Date(cert.NotBefore) + " .. " + TlsCredentialFiles.Date(cert.NotAfter));
                }
                return ExitCodes.Ok;
            });
            return command;
        }

        private static void Report(GlobalSettings g, string folder, X509Certificate2? boardCert, string? boardName, X509Certificate2 hostCert, string hostName, string hostPfx, bool init)
        {
            string? boardFingerprint = boardCert == null ? null : CertificateFingerprint.Of(boardCert);
            string hostFingerprint = CertificateFingerprint.Of(hostCert);
            string hostsTxt = Path.Combine(folder, TlsCredentialFiles.HostsTxt);
            string address = "tls://BOARD-ADDRESS:5025?fingerprint=" + (boardFingerprint ?? "BOARD-SHA256") + "&cert=" + hostPfx;
            if (g.Json)
            {
                var doc = new JsonObject
                {
                    ["folder"] = folder,
                    ["host"] = new JsonObject { ["name"] = hostName, ["sha256"] = hostFingerprint, ["pfx"] = hostPfx, ["crt"] = Path.Combine(folder, hostName + ".crt") },
                    ["hostsFile"] = hostsTxt,
                    ["hostsPem"] = Path.Combine(folder, TlsCredentialFiles.HostsPem),
                    ["hostsLine"] = HostAllowList.Line(hostFingerprint, hostName),
                    ["notAfter"] = hostCert.NotAfter.ToUniversalTime().ToString("o"),
                    ["boardAddress"] = address,
                };
                if (boardCert != null)
                {
                    doc["board"] = new JsonObject
                    {
                        ["name"] = boardName ?? boardCert.GetNameInfo(X509NameType.SimpleName, false),
                        ["sha256"] = boardFingerprint,
                        ["pfx"] = Path.Combine(folder, TlsCredentialFiles.BoardPfx),
                        ["crt"] = Path.Combine(folder, TlsCredentialFiles.BoardCrt),
                        ["key"] = Path.Combine(folder, TlsCredentialFiles.BoardKey),
                    };
                }
                JsonOutput.Write(doc);
                return;
            }
            var text = new StringBuilder();
            if (init && boardCert != null)
            {
                text.AppendLine("board '" + boardName + "'  SHA-256 " + boardFingerprint);
                text.AppendLine("  " + Path.Combine(folder, TlsCredentialFiles.BoardPfx) + "   certificate and key for cimfw --tls-cert (keep it on the board only)");
                text.AppendLine("  " + Path.Combine(folder, TlsCredentialFiles.BoardCrt) + ", " + TlsCredentialFiles.BoardKey + "   the same as PEM, for the ESP32 app (boards/esp32-devkitc.md)");
            }
            text.AppendLine("host '" + hostName + "'  SHA-256 " + hostFingerprint);
            text.AppendLine("  " + hostPfx + "   this host's certificate and key (keep it on the host only)");
            text.AppendLine("  " + hostsTxt + "   admitted hosts, for cimfw --tls-clients (" + (init ? "lists" : "now lists") + " '" + hostName + "'); " +
                TlsCredentialFiles.HostsPem + ": their certificates, for the ESP32");
            if (!init)
            {
                text.AppendLine("  on a board provisioned elsewhere, add this line to its hosts.txt: " + HostAllowList.Line(hostFingerprint, hostName));
            }
            text.AppendLine("valid until " + TlsCredentialFiles.Date(hostCert.NotAfter) + " (UTC)");
            if (init)
            {
                text.AppendLine("board:  cimfw --listen 0.0.0.0:5025 --tls-cert " + Path.Combine(folder, TlsCredentialFiles.BoardPfx) + " --tls-clients " + hostsTxt);
            }
            text.AppendLine("host:   cimctl --board \"" + address + "\" info");
            Console.Out.Write(text.ToString());
        }

        private static string CheckName(string option, string name)
        {
            if (TlsCertificateFactory.NameProblem(name) is string problem)
            {
                throw new UsageException(option + ": " + problem);
            }
            return name;
        }

        private static int CheckDays(int days)
        {
            if (days < 1 || days > 36500)
            {
                throw new UsageException("--days " + days + " is not valid; give 1..36500");
            }
            return days;
        }

        /// <summary>The machine's name as a certificate name: lower case, anything but letters, digits, '-', '_' and '.' as '-'.</summary>
        private static string MachineHostName()
        {
            var name = new StringBuilder();
            foreach (char c in Environment.MachineName.ToLowerInvariant())
            {
                name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
            }
            return name.Length == 0 || name.Length > 64 ? "host" : name.ToString();
        }
    }
}
