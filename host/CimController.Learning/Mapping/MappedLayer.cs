using System.Collections.Generic;

namespace CimController.Learning.Mapping;

/// <summary>A layer's weight matrix [FanIn, Outputs] as conductance pairs over one or more arrays.</summary>
/// <param name="FanIn">Rows of the weight matrix.</param>
/// <param name="Outputs">Columns (logical outputs) of the weight matrix.</param>
/// <param name="Geometry">The arrays' size.</param>
/// <param name="Range">The device window and levels used.</param>
/// <param name="Tiles">The arrays, in <see cref="TileSlot.Index"/> order.</param>
public sealed record MappedLayer(int FanIn, int Outputs, TileGeometry Geometry, ConductanceRange Range, IReadOnlyList<CrossbarTile> Tiles);
