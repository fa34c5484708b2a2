using System;
using System.Collections.Generic;
using CimController.Host;
using CimController.Protocol.Messages;

namespace CimController.Training;

/// <summary>The rule for boards that train or run one network together: the same tiles and array size.</summary>
public static class AlikeBoards
{
    /// <summary>
    /// The first board's Info, after checking that every board of <paramref name="clients"/> has its tiles, rows and
    /// columns; <paramref name="names"/> (the boards' addresses, or null: "board N") name them in the refusal.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two boards differ; the message names both geometries.</exception>
    public static InfoMessage Check(IReadOnlyList<CimClient> clients, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        InfoMessage info = clients[0].Info;
        for (int b = 1; b < clients.Count; b++)
        {
            InfoMessage other = clients[b].Info;
            if ((other.Tiles, other.Rows, other.Columns) != (info.Tiles, info.Rows, info.Columns))
            {
                string first = names is null ? "board 1" : names[0], second = names is null ? $"board {b + 1}" : names[b];
                throw new InvalidOperationException($"boards trained or run together must be alike: {first} has {info.Tiles} tiles of {info.Rows}x{info.Columns}, {second} {other.Tiles} of {other.Rows}x{other.Columns}");
            }
        }

        return info;
    }
}
