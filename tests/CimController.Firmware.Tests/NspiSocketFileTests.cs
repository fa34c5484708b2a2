using System;
using System.IO;
using System.Net.Sockets;
using CimController.Firmware.Desktop.Nspi;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CimController.Firmware.Tests.NspiTestData;

namespace CimController.Firmware.Tests;

/// <summary>The NSPI server's socket file: deleted on a prompt stop, a stale one replaced, anything else refused.</summary>
[TestClass]
public sealed class NspiSocketFileTests
{
    [TestMethod]
    public void DisposeStopsPromptlyWithAClientConnectedAndDeletesTheSocket()
    {
        var f = new NspiServerFixture(NspiBoard.RegisterMap(Options()));
        try
        {
            using var client = f.Connect();
            client.AssertIdIsCimb();
            Assert.AreEqual(NspiSocketFileState.LiveSocket, NspiSocketFile.Inspect(f.Path));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            f.Server.Dispose();
            Assert.IsTrue(watch.Elapsed < NspiBoardServer.StopTimeout, $"stopped in {watch.ElapsedMilliseconds} ms");
            Assert.IsFalse(File.Exists(f.Path), "the socket file is deleted");
            Assert.IsTrue(client.ClosedByServer());
            f.AssertLogged("connection 1 closed after 1 transfers: the server is stopping");
        }
        finally
        {
            f.Dispose();
        }
    }

    [TestMethod]
    public void StaleSocketIsReplacedAndAnythingElseRefused()
    {
        string dir = Directory.CreateTempSubdirectory("nspi-").FullName;
        try
        {
            string path = System.IO.Path.Combine(dir, "board.sock");
            Assert.AreEqual(NspiSocketFileState.Absent, NspiSocketFile.Inspect(path));
            // A stale socket file: bound, never listening, its socket closed. .NET deletes the file of a bound Unix socket
            // when it disposes it, so the file is bound under another name and moved into place first.
            using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            {
                stale.Bind(new UnixDomainSocketEndPoint(path + ".bound"));
                File.Move(path + ".bound", path);
            }
            Assert.AreEqual(NspiSocketFileState.StaleSocket, NspiSocketFile.Inspect(path));
            using (var server = NspiBoardServer.Start(path, NspiBoard.RegisterMap(Options())))
            {
                using var client = NspiSocketClient.Connect(path);
                client.AssertIdIsCimb();
                var e = Assert.ThrowsExactly<IOException>(() => NspiBoardServer.Start(path, NspiBoard.RegisterMap(Options())));
                StringAssert.Contains(e.Message, "a running server listens on");
            }
            Assert.AreEqual(NspiSocketFileState.Absent, NspiSocketFile.Inspect(path));

            File.WriteAllText(path, "not a socket");
            Assert.AreEqual(NspiSocketFileState.NotASocket, NspiSocketFile.Inspect(path));
            var refused = Assert.ThrowsExactly<IOException>(() => NspiBoardServer.Start(path, NspiBoard.RegisterMap(Options())));
            StringAssert.Contains(refused.Message, "exists and is not a socket; refusing to replace it");
            Assert.AreEqual("not a socket", File.ReadAllText(path), "left alone");
            Assert.AreEqual(NspiSocketFileState.NotASocket, NspiSocketFile.Inspect(dir), "a directory");

            var noFolder = Assert.ThrowsExactly<DirectoryNotFoundException>(() => NspiBoardServer.Start(System.IO.Path.Combine(dir, "gone", "b.sock"), NspiBoard.RegisterMap(Options())));
            StringAssert.Contains(noFolder.Message, $"its folder {System.IO.Path.Combine(dir, "gone")} does not exist");

            var tooLong = Assert.ThrowsExactly<ArgumentException>(() => NspiBoardServer.Start("/tmp/" + new string('x', 103), NspiBoard.RegisterMap(Options())));
            StringAssert.Contains(tooLong.Message, "is 108 bytes; accepted: 1..107 bytes");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
