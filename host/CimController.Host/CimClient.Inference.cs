using System;
using CimController.Protocol;
using CimController.Protocol.Messages;

namespace CimController.Host
{
    /// <summary>What the firmware said to a NetworkLoad (protocol 1.3).</summary>
    /// <param name="ProgramId">Id of the loaded program (CRC-32 of its bytes); every Forward names it.</param>
    /// <param name="MaxBatch">Images per Forward.</param>
    /// <param name="Bytes">Bytes the program's buffers take on the firmware.</param>
    /// <param name="MemoryLimitBytes">The firmware's limit for them.</param>
    /// <param name="CrossbarLayers">Conv + Linear layers.</param>
    /// <param name="Ops">Ops in the program.</param>
    /// <param name="Slots">Array blocks the program uses.</param>
    public sealed record NetworkLoadResult(uint ProgramId, int MaxBatch, long Bytes, long MemoryLimitBytes, int CrossbarLayers, int Ops, int Slots);

    /// <summary>One Forward reply: classes and logits of a batch, with the chip's counters for it.</summary>
    public sealed class ForwardResult
    {
        /// <summary>Creates a result for <paramref name="images"/> images of <paramref name="classes"/> classes.</summary>
        public ForwardResult(int images, int classes)
        {
            Images = images;
            ClassCount = classes;
            Classes = new int[images];
            Logits = new float[images * classes];
        }

        /// <summary>Images.</summary>
        public int Images { get; }

        /// <summary>Classes per image.</summary>
        public int ClassCount { get; }

        /// <summary>Predicted class (argmax of the logits) per image.</summary>
        public int[] Classes { get; }

        /// <summary>Logits [image, class] (Q16.16 on the wire).</summary>
        public float[] Logits { get; }

        /// <summary>Chip cycles the batch took.</summary>
        public long ChipCycles { get; internal set; }

        /// <summary>Tile operations of the batch.</summary>
        public long TileOps { get; internal set; }

        /// <summary>Mac commands the firmware issued.</summary>
        public long MacCommands { get; internal set; }

        /// <summary>Firmware time, ms.</summary>
        public long FirmwareMs { get; internal set; }
    }

    /// <summary>The NetworkStatus reply.</summary>
    public sealed record NetworkStatusResult(uint ProgramId, int MaxBatch, long Bytes, long MemoryLimitBytes, long Forwards, long Images);

    /// <summary>
    /// Edge inference (protocol 1.3): upload a network program (NetworkLoad 0x20), run a batch of images through the
    /// whole network on the firmware with one round trip (Forward 0x21), and ask what is loaded (NetworkStatus 0x22).
    /// Layouts in shared/CimController.Protocol/Messages/InferenceMessages.cs.
    /// </summary>
    public sealed partial class CimClient
    {
        /// <summary>Uploads <paramref name="program"/> (one frame; a LeNet program is well under 1 KB).</summary>
        public NetworkLoadResult NetworkLoad(byte[] program)
        {
            ArgumentNullException.ThrowIfNull(program);
            if (program.Length > MaxPayload)
            {
                throw new ArgumentException("the network program has " + program.Length + " bytes, more than the negotiated payload limit of " + MaxPayload, nameof(program));
            }
            return Request(MessageType.NetworkLoad, MessageType.NetworkLoaded, idempotent: true, write: w => w.WriteBytes(program, 0, program.Length), read: r =>
            {
                var m = new NetworkLoadedReply();
                m.Read(r);
                return new NetworkLoadResult(m.ProgramId, m.MaxBatch, m.Bytes, m.MemoryLimitBytes, m.CrossbarLayers, m.Ops, m.Slots);
            });
        }

        /// <summary>
        /// Runs <paramref name="images"/> images (<paramref name="pixels"/> from <paramref name="offset"/>, <paramref name="imageBytes"/>
        /// u8 each, image after image) through the loaded program <paramref name="programId"/>.
        /// </summary>
        public ForwardResult Forward(uint programId, byte[] pixels, int offset, int images, int imageBytes)
        {
            ArgumentNullException.ThrowIfNull(pixels);
            RequireCount(nameof(images), images);
            if (offset < 0 || offset + images * imageBytes > pixels.Length)
            {
                throw new ArgumentException(images + " images of " + imageBytes + " bytes from offset " + offset + " do not fit the " + pixels.Length + "-byte pixel array", nameof(pixels));
            }
            var header = new ForwardRequest { ProgramId = programId, Images = images, Flags = 0 };
            return Request(MessageType.Forward, MessageType.ForwardResult, idempotent: true, write: w =>
            {
                header.Write(w);
                w.WriteBytes(pixels, offset, images * imageBytes);
            }, read: r =>
            {
                var m = new ForwardReply();
                m.Read(r);
                int classes = m.Classes;
                var result = new ForwardResult(m.Images, classes)
                {
                    ChipCycles = m.ChipCycles, TileOps = m.TileOps, MacCommands = m.MacCommands, FirmwareMs = m.FirmwareMs,
                };
                var image = new ForwardImageResult { Classes = classes };
                for (int i = 0; i < m.Images; i++)
                {
                    image.Read(r);
                    result.Classes[i] = image.Class;
                    for (int c = 0; c < classes; c++)
                    {
                        result.Logits[i * classes + c] = image.LogitsQ16[c] / 65536f;
                    }
                }
                return result;
            });
        }

        /// <summary>What program the firmware holds (id 0: none) and how much it served.</summary>
        public NetworkStatusResult NetworkStatus()
        {
            return Request(MessageType.NetworkStatus, MessageType.NetworkStatusResult, idempotent: true, write: null, read: r =>
            {
                var m = new NetworkStatusReply();
                m.Read(r);
                return new NetworkStatusResult(m.ProgramId, m.MaxBatch, m.Bytes, m.MemoryLimitBytes, m.Forwards, m.Images);
            });
        }
    }
}
