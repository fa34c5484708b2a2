using System;
using System.Linq;
using System.Net;
using CimController.Emulator;
using CimController.Host;
using CimController.Host.Tests;
using CimController.Host.Transports;
using CimController.LocalBoard;
using CimController.Protocol;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Training.Tests;

/// <summary>
/// Issue 4, reliability: the link to the board drops in the middle of an epoch, after the firmware has applied a batch's
/// update but before its reply reached the host. The client reconnects and repeats the (idempotent) TrainUpdate, the
/// firmware answers it from its cache without applying it again, and the run goes on to the same end state as a run whose
/// link never dropped.
/// </summary>
[TestClass]
public sealed class DroppedLinkTests
{
    private const int Seed = 17;

    private static EmulatorTcpServer Serve() =>
        EmulatorTcpServer.Start(new EmulatorOptions { ProfileName = "ideal", Noise = false, Seed = Seed, MacThreads = 1 }, new IPEndPoint(IPAddress.Loopback, 0));

    private static CimClient Dial(int port)
    {
        var client = new CimClient(new TcpTransport("127.0.0.1", port), new CimClientOptions { TimeoutMs = 60000, ClientName = "tests" });
        client.Connect();
        return client;
    }

    [TestMethod]
    public void ALinkDroppedBeforeAnUpdateReplyIsRepairedAndNothingIsAppliedTwice()
    {
        Console.WriteLine($"emulator over TCP: profile ideal, noise off, seed {Seed}; training seed {ChipTrainingTests.IdealOptions(TrainingMode.Mixed).Seed}");
        RunState reference;
        using (EmulatorTcpServer server = Serve())
        {
            reference = new OnChipTrainer(ChipTrainingTests.IdealOptions(TrainingMode.Mixed), ChipTrainingTests.Data(), () => Dial(server.LocalEndPoint.Port), null).Run().State;
        }

        using EmulatorTcpServer dropped = Serve();
        using var proxy = new DroppableTcpProxy(dropped.LocalEndPoint);
        CimClient? client = null;
        var trainer = new OnChipTrainer(ChipTrainingTests.IdealOptions(TrainingMode.Mixed), ChipTrainingTests.Data(), () => client = Dial(proxy.Port), null)
        {
            AfterBatch = (_, b) =>
            {
                if (b == 5)
                {
                    proxy.DropOnNextReply(MessageType.TrainUpdated);
                }
            },
        };
        RunState s = trainer.Run().State;

        Console.WriteLine($"replies cut {proxy.RepliesCut}, client reconnects {client!.Reconnects}, server connections {dropped.ConnectionsServed}; writes {s.Writes.Sum()} (reference {reference.Writes.Sum()})");
        Assert.AreEqual(1, proxy.RepliesCut, "batch 6's TrainUpdated reply was cut");
        Assert.AreEqual(1, client.Reconnects, "the client reconnected once");
        Assert.AreEqual(12, s.Step, "the run went on to its last batch");
        Assert.AreEqual(0, s.FirmwareResets);
        Assert.IsTrue(reference.Writes.Sum() > 0);
        CollectionAssert.AreEqual(reference.WeightNanosiemens, s.WeightNanosiemens, "W_FP");
        CollectionAssert.AreEqual(reference.AccumulatorNanosiemens, s.AccumulatorNanosiemens, "dW_FP: no update lost or applied twice");
        CollectionAssert.AreEqual(reference.Writes, s.Writes, "writes per pair");
        Assert.AreEqual(reference.History[^1].TestAccuracy, s.History[^1].TestAccuracy);
    }
}
