using System;
using System.Collections.Generic;
using System.Diagnostics;
using CimController.Host;

namespace CimController.Crossbar;

/// <summary>
/// The chip's VMM for placed blocks through <see cref="CimClient.Vmm"/>: a block's inputs quantised to 8-bit DAC codes with
/// one input scale q per vector (activation units per code; <see cref="DacCodes"/>), one batched differential Vmm per block
/// with all of the call's vectors, and the differential codes dequantised as z_n += k q (code+ - code-) / (conversions x
/// copies) with k = 256 s LSB / V_read (Wu 2023 eq. 1: code c drives c/256 of the read voltage). Input scales come from
/// <see cref="InputScaleRule"/>. Used by the training's chip session and by the train-forward benchmark, which reads the
/// stage times (<see cref="QuantiseTicks"/>, <see cref="VmmTicks"/>, <see cref="DequantiseTicks"/>).
/// </summary>
public sealed class ChipForward
{
    private readonly CimClient _client;
    private readonly Dictionary<int, byte[]> _buffers = new();
    /// <summary>k q per vector of the last call (dequantisation).</summary>
    private float[] _outputScales = Array.Empty<float>();
    /// <summary>The last Vmm result of each shape (vectors, columns, conversions), overwritten by the next call of that shape.</summary>
    private readonly Dictionary<(int Vectors, int Columns, int Conversions), VmmResult> _results = new();

    /// <summary>Vectors per Vmm call (the protocol's u16 vector count; the client splits further to fit frames).</summary>
    public const int MaxVectorsPerCall = 65535;

    /// <summary>Most conversions per vector the chip sums (protocol 1.4, register CONVERSIONS: 1..128).</summary>
    public const int MaxConversionsOnChip = 128;

    /// <summary>Creates the forward pass of the board behind <paramref name="client"/> (ADC LSB and read voltage from its Info).</summary>
    public ChipForward(CimClient client)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        LsbNanoamps = client.Info.AdcFullScaleNanoamps / (double)((1 << client.Info.AdcBits) - 1);
        ReadVolts = client.Info.ReadMillivolts / 1000.0;
        if (ReadVolts <= 0)
        {
            throw new InvalidOperationException("the board reports a read voltage of 0 mV");
        }
    }

    /// <summary>Current of one ADC code, nA.</summary>
    public double LsbNanoamps { get; }

    /// <summary>Read voltage of the MAC, V.</summary>
    public double ReadVolts { get; }

    /// <summary>
    /// Let the chip do the repeated conversions when the firmware can (default); false sends each vector that many times
    /// instead, as for a firmware older than 1.4 (the same conversions, more traffic).
    /// </summary>
    public bool ConversionsOnChip { get; set; } = true;

    /// <summary>
    /// Let the chip drive a block's copies from one set of codes when the firmware can (default; protocol 1.7, register map 1.3
    /// ROW_REPEAT); false sends each vector's codes once per copy instead (the same currents, more traffic).
    /// </summary>
    public bool RowCopiesOnChip { get; set; } = true;

    /// <summary>Quantise with <see cref="DacCodes.QuantiseRowByRow"/> (the straightforward loop) instead of the tiled quantiser: the same codes, for timing.</summary>
    public bool RowByRowQuantise { get; set; }

    /// <summary>Vmm requests sent.</summary>
    public long VmmRequests { get; private set; }

    /// <summary>Input vectors sent through tiles (each repeat sent counts).</summary>
    public long Vectors { get; private set; }

    /// <summary>Stopwatch ticks spent quantising inputs.</summary>
    public long QuantiseTicks { get; private set; }

    /// <summary>Stopwatch ticks spent in <see cref="CimClient.Vmm"/>.</summary>
    public long VmmTicks { get; private set; }

    /// <summary>Stopwatch ticks spent dequantising codes.</summary>
    public long DequantiseTicks { get; private set; }

    /// <summary>When set, gets each Vmm reply's per-column codes and how many of them are valid (diagnostics).</summary>
    public Action<byte[], int>? CodesObserved { get; set; }

    /// <summary>k = 256 s LSB / V_read of a block with scale <paramref name="scaleWeightPerNs"/> (weight units per nS): z = k q (code+ - code-).</summary>
    public float OutputScale(double scaleWeightPerNs) => (float)(256.0 * scaleWeightPerNs * LsbNanoamps / ReadVolts);

    /// <summary>
    /// Runs block <paramref name="p"/> on the inputs <paramref name="x"/> ([fan-in, <paramref name="v"/>] of its layer, column
    /// v is vector v) with input scales <paramref name="q"/> (one per vector) and output scale <paramref name="k"/>, each vector
    /// converted <paramref name="conversions"/> times, and adds its outputs into <paramref name="output"/> ([outputs, v]).
    /// </summary>
    public void RunBlock(PlacedSlot p, ReadOnlySpan<float> x, int v, ReadOnlySpan<float> q, float k, int conversions, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(p);
        int rows = p.Slot.RowCount;
        int pairs = p.Slot.OutputCount;
        int copies = p.Copies;
        conversions = Math.Max(1, conversions);
        // Protocol 1.4: the chip converts each vector `conversions` times and sums the codes (the input travels once);
        // an older firmware gets each vector sent `conversions` times instead (the same conversions, more traffic).
        bool onChip = ConversionsOnChip && conversions > 1 && conversions <= MaxConversionsOnChip && _client.SupportsConversions;
        int repeats = onChip ? 1 : conversions;
        // Protocol 1.7: the codes of one copy travel once and the chip drives every copy with them.
        int sentCopies = RowCopiesOnChip && copies > 1 && _client.SupportsRowCopies ? 1 : copies;
        float kr = k / (conversions * copies);
        int chunk = MaxVectorsPerCall / repeats;
        for (int v0 = 0; v0 < v; v0 += chunk)
        {
            long t0 = Stopwatch.GetTimestamp();
            int nv = Math.Min(chunk, v - v0);
            int sent = nv * repeats;
            int bytes = rows * sentCopies * sent;
            if (!_buffers.TryGetValue(bytes, out byte[]? inputs))
            {
                inputs = new byte[bytes];
                _buffers[bytes] = inputs;
            }

            // vector-major codes for this array's rows, each vector's codes once per copy sent (the copies' rows follow one
            // another) and the whole once per repeat: codes[((vec * repeats + rep) * sentCopies + copy) * rows + r]
            if (RowByRowQuantise)
            {
                DacCodes.QuantiseRowByRow(x, v, p.Slot.RowStart, rows, v0, nv, q.Slice(v0, nv), repeats * sentCopies, inputs);
            }
            else
            {
                DacCodes.Quantise(x, v, p.Slot.RowStart, rows, v0, nv, q.Slice(v0, nv), repeats * sentCopies, inputs);
            }

            long t1 = Stopwatch.GetTimestamp();
            int chipConversions = onChip ? conversions : 1;
            var shape = (sent, p.Slot.PhysicalColumns, chipConversions);
            _results.TryGetValue(shape, out VmmResult? previous);
            VmmResult result = _client.Vmm(p.Tile, 0, rows * copies, p.Column, p.Slot.PhysicalColumns, inputs, sent, differential: true,
                conversions: chipConversions, rowCopies: copies / sentCopies, reuse: previous);
            _results[shape] = result;
            long t2 = Stopwatch.GetTimestamp();
            VmmRequests += result.Requests;
            Vectors += sent;
            short[] d = result.DifferentialCodes!;
            CodesObserved?.Invoke(result.Codes, sent * p.Slot.PhysicalColumns);
            // z += (kr q_v) x (the vector's differential codes summed over its repeats); kr q_v once per vector.
            if (_outputScales.Length < nv)
            {
                _outputScales = new float[nv];
            }

            Span<float> kq = _outputScales.AsSpan(0, nv);
            for (int vec = 0; vec < nv; vec++)
            {
                kq[vec] = kr * q[v0 + vec];
            }

            for (int j = 0; j < pairs; j++)
            {
                Span<float> z = output.Slice(((p.Slot.OutputStart + j) * v) + v0, nv);
                if (repeats == 1)
                {
                    ReadOnlySpan<short> dj = d.AsSpan(j, ((nv - 1) * pairs) + 1);
                    for (int vec = 0, at = 0; vec < nv; vec++, at += pairs)
                    {
                        z[vec] += kq[vec] * dj[at];
                    }

                    continue;
                }

                for (int vec = 0; vec < nv; vec++)
                {
                    int sum = 0;
                    for (int rep = 0; rep < repeats; rep++)
                    {
                        sum += d[(((vec * repeats) + rep) * pairs) + j];
                    }

                    z[vec] += kq[vec] * sum;
                }
            }

            QuantiseTicks += t1 - t0;
            VmmTicks += t2 - t1;
            DequantiseTicks += Stopwatch.GetTimestamp() - t2;
        }
    }
}
