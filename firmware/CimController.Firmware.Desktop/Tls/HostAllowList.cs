using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using CimController.Links.Tls;

namespace CimController.Firmware.Desktop.Tls;

/// <summary>
/// The hosts a board admits (<c>cimfw --tls-clients FILE</c>): one host per line, its certificate's SHA-256 fingerprint
/// (<see cref="CertificateFingerprint"/>) and, after white space, a name for the logs; blank lines and lines starting
/// with '#' are ignored. <c>cimctl tls init</c> writes the file; <c>cimctl tls host</c> adds a line.
/// </summary>
public sealed class HostAllowList
{
    private readonly Dictionary<string, string> _names;

    private HostAllowList(Dictionary<string, string> names, string source)
    {
        _names = names;
        Source = source;
    }

    /// <summary>Where the list came from (the file, for messages).</summary>
    public string Source { get; }

    /// <summary>Hosts listed.</summary>
    public int Count => _names.Count;

    /// <summary>True when <paramref name="fingerprint"/> (normalized) is listed; <paramref name="name"/> is its name.</summary>
    public bool Contains(string fingerprint, out string name)
    {
        if (_names.TryGetValue(fingerprint, out string? found))
        {
            name = found;
            return true;
        }
        name = "";
        return false;
    }

    /// <summary>The line that lists a host.</summary>
    public static string Line(string fingerprint, string name) => fingerprint + " " + name;

    /// <summary>Reads a list file.</summary>
    /// <exception cref="FormatException">A line that is not a fingerprint and a name, or no host at all; the message names the line.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static HostAllowList Load(string path)
    {
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads list text; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="FormatException">A bad line, or no host.</exception>
    public static HostAllowList Parse(string text, string source)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            int space = line.IndexOfAny(new[] { ' ', '\t' });
            string first = space < 0 ? line : line.Substring(0, space);
            string name = space < 0 ? "host " + (names.Count + 1).ToString(CultureInfo.InvariantCulture) : line.Substring(space + 1).Trim();
            string? fingerprint = CertificateFingerprint.Normalize(first);
            if (fingerprint == null)
            {
                throw new FormatException(source + " line " + (i + 1).ToString(CultureInfo.InvariantCulture) + ": '" + first +
                    "' is not a host certificate fingerprint; each line is FINGERPRINT [NAME], FINGERPRINT = " + CertificateFingerprint.AcceptedForm);
            }
            names[fingerprint] = name;
        }
        if (names.Count == 0)
        {
            throw new FormatException(source + " lists no host; add a line FINGERPRINT NAME per host (cimctl tls init writes one, cimctl tls host adds one)");
        }
        return new HostAllowList(names, source);
    }
}
