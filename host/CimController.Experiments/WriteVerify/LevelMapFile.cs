using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using CimController.Host;

namespace CimController.Experiments.WriteVerify
{
    /// <summary>A level map file that cannot be read: the message names the file, the line and value, and what is accepted.</summary>
    public sealed class LevelMapException(string message) : Exception(message);

    /// <summary>
    /// A level map file: one line per row, values separated by commas, semicolons or blanks; each value is a conductance in
    /// µS (e.g. <c>12.5</c>), a level of the ladder (<c>L0</c> .. <c>L15</c>), or <c>-</c> (leave the cell alone); '#'
    /// starts a comment.
    /// </summary>
    public static class LevelMapFile
    {
        /// <summary>Reads the level map file <paramref name="path"/> (format in the class summary) into cell targets; its first cell goes to <paramref name="row0"/>, <paramref name="col0"/>.</summary>
        public static List<CellTarget> Read(string path, int row0, int col0, double[] levelTargets)
        {
            if (!File.Exists(path))
            {
                throw new LevelMapException(path + ": no such file");
            }
            var list = new List<CellTarget>();
            string[] lines = File.ReadAllLines(path);
            int r = 0;
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i];
                int hash = line.IndexOf('#');
                if (hash >= 0)
                {
                    line = line.Substring(0, hash);
                }
                string[] tokens = line.Split(new[] { ',', ';', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (tokens.Length == 0)
                {
                    continue;
                }
                for (int c = 0; c < tokens.Length; c++)
                {
                    string tok = tokens[c];
                    string where = path + " line " + (i + 1) + " value " + (c + 1) + " '" + tok + "'";
                    if (tok == "-")
                    {
                        continue;
                    }
                    double us;
                    if (tok.StartsWith('L') || tok.StartsWith('l'))
                    {
                        if (!int.TryParse(tok.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k >= levelTargets.Length)
                        {
                            throw new LevelMapException(where + " is not a level; give L0..L" + (levelTargets.Length - 1));
                        }
                        us = levelTargets[k];
                    }
                    else if (!double.TryParse(tok, NumberStyles.Float, CultureInfo.InvariantCulture, out us) || !(us > 0) || us > 4_000_000)
                    {
                        throw new LevelMapException(where + " is not a target; give a conductance in µS, a level Lk or '-'");
                    }
                    list.Add(new CellTarget(row0 + r, col0 + c, (uint)Math.Round(us * 1000)));
                }
                r++;
            }
            if (list.Count == 0)
            {
                throw new LevelMapException(path + " names no cell to program");
            }
            return list;
        }
    }
}
