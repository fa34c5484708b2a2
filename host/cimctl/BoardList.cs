using System;
using System.Collections.Generic;
using CimController.Host;

namespace CimController.Cli
{
    /// <summary>A <c>--board</c> value naming several boards (comma-separated): its addresses and their connection.</summary>
    public static class BoardList
    {
        /// <summary>The addresses of <paramref name="board"/>, one per comma-separated entry.</summary>
        public static string[] Addresses(string board) => board.Split(',', StringSplitOptions.TrimEntries);

        /// <summary>
        /// Connects every address with <paramref name="connect"/>(index, address); a board that cannot be reached disposes
        /// the ones connected before it.
        /// </summary>
        public static IReadOnlyList<CimClient> ConnectEach(string[] addresses, Func<int, string, CimClient> connect)
        {
            var clients = new List<CimClient>();
            try
            {
                for (int i = 0; i < addresses.Length; i++)
                {
                    clients.Add(connect(i, addresses[i]));
                }

                return clients;
            }
            catch
            {
                foreach (CimClient c in clients)
                {
                    c.Dispose();
                }

                throw;
            }
        }
    }
}
