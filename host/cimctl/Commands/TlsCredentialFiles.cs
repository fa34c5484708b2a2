using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CimController.Firmware.Desktop.Tls;
using CimController.Links.Tls;

namespace CimController.Cli.Commands
{
    /// <summary>
    /// The files of a credentials folder (<c>cimctl tls init</c>, <c>cimctl tls host</c>): the board's certificate and key
    /// as <c>board.pfx</c> (cimfw --tls-cert) and as PEM <c>board.crt</c> + <c>board.key</c> (the ESP32 app), the admitted
    /// hosts as <c>hosts.txt</c> (fingerprints, cimfw --tls-clients) and <c>hosts.pem</c> (their certificates, the ESP32's
    /// trust list), and per host <c>NAME.pfx</c> (its credential) and <c>NAME.crt</c>. Key files are created readable by
    /// the owner only; nothing is ever overwritten.
    /// </summary>
    public static class TlsCredentialFiles
    {
        /// <summary>The board's certificate and key.</summary>
        public const string BoardPfx = "board.pfx";
        /// <summary>The board's certificate, PEM.</summary>
        public const string BoardCrt = "board.crt";
        /// <summary>The board's private key, PEM (PKCS#8).</summary>
        public const string BoardKey = "board.key";
        /// <summary>The admitted hosts' fingerprints.</summary>
        public const string HostsTxt = "hosts.txt";
        /// <summary>The admitted hosts' certificates, PEM.</summary>
        public const string HostsPem = "hosts.pem";

        private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        private const UnixFileMode Public = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

        /// <summary>Throws <see cref="UsageException"/> when any of <paramref name="names"/> exists in <paramref name="folder"/>.</summary>
        public static void RequireAbsent(string folder, string why, params string[] names)
        {
            foreach (string name in names)
            {
                string path = Path.Combine(folder, name);
                if (File.Exists(path))
                {
                    throw new UsageException(path + " exists already; " + why);
                }
            }
        }

        /// <summary>Writes the board's files.</summary>
        public static void WriteBoard(string folder, X509Certificate2 board)
        {
            WriteNew(Path.Combine(folder, BoardPfx), board.Export(X509ContentType.Pkcs12), OwnerOnly);
            WriteNew(Path.Combine(folder, BoardCrt), board.ExportCertificatePem() + "\n", Public);
            using ECDsa key = board.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the board certificate has no ECDSA key");
            WriteNew(Path.Combine(folder, BoardKey), key.ExportPkcs8PrivateKeyPem() + "\n", OwnerOnly);
        }

        /// <summary>Writes a host's files and returns the path of its .pfx.</summary>
        public static string WriteHost(string folder, string name, X509Certificate2 host)
        {
            string pfx = Path.Combine(folder, name + ".pfx");
            WriteNew(pfx, host.Export(X509ContentType.Pkcs12), OwnerOnly);
            WriteNew(Path.Combine(folder, name + ".crt"), host.ExportCertificatePem() + "\n", Public);
            return pfx;
        }

        /// <summary>Adds <paramref name="host"/> to the folder's hosts.txt and hosts.pem, creating them (with a header) when absent.</summary>
        public static void Admit(string folder, string name, X509Certificate2 host)
        {
            string txt = Path.Combine(folder, HostsTxt);
            if (!File.Exists(txt))
            {
                WriteNew(txt, "# Hosts this board admits (cimfw --tls-clients): SHA-256 of each host certificate, then a name.\n" +
                    "# cimctl tls host adds a line; delete a line to revoke that host.\n", Public);
            }
            File.AppendAllText(txt, HostAllowList.Line(CertificateFingerprint.Of(host), name) + "\n");
            string pem = Path.Combine(folder, HostsPem);
            if (!File.Exists(pem))
            {
                WriteNew(pem, "", Public);
            }
            File.AppendAllText(pem, host.ExportCertificatePem() + "\n");
        }

        /// <summary>Reads a certificate file: .pfx/.p12 (PKCS#12 without password) or a certificate in PEM or DER.</summary>
        /// <exception cref="UsageException">The file is missing or not a certificate.</exception>
        public static X509Certificate2 Read(string path)
        {
            if (!File.Exists(path))
            {
                throw new UsageException(path + " does not exist; give a .pfx, .crt or .pem certificate file");
            }
            try
            {
                string ext = Path.GetExtension(path).ToLowerInvariant();
                return ext is ".pfx" or ".p12"
                    ? X509CertificateLoader.LoadPkcs12FromFile(path, null)
                    : X509CertificateLoader.LoadCertificateFromFile(path);
            }
            catch (CryptographicException e)
            {
                throw new UsageException(path + " is not a certificate cimctl can read (" + e.Message.TrimEnd('.') +
                    "); accepted: .pfx/.p12 without password, or a certificate in PEM or DER");
            }
        }

        /// <summary>"2036-11-30" (UTC).</summary>
        public static string Date(DateTime when) => when.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static void WriteNew(string path, string text, UnixFileMode mode) => WriteNew(path, System.Text.Encoding.ASCII.GetBytes(text), mode);

        private static void WriteNew(string path, byte[] bytes, UnixFileMode mode)
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode;
            }
            using var file = new FileStream(path, options);
            file.Write(bytes);
        }
    }
}
