using System.IO.Ports;
using CimController.Firmware.Transcripts;

namespace CimController.Firmware.NfReplay
{
    /// <summary>
    /// Replays every transcript the harness streams over COM1 against the firmware core and prints one RESULT line per
    /// transcript (pass/fail, events, time on this runtime, heap the firmware took), a STAT line per reply type (time
    /// per command) and, on a mismatch, a FAIL line naming the transcript, the event and both byte strings. Ends with
    /// DONE and the number of transcripts.
    /// </summary>
    public static class Program
    {
        public static void Main()
        {
            SerialPort port = new SerialPort("COM1");
            port.ReadBufferSize = 2 * SerialSource.BlockBytes;
            port.ReadTimeout = 60000;
            port.WriteTimeout = 60000;
            port.Open();
            // No DataReceived events: the app reads synchronously, and event dispatch would run a second managed thread.
            port.ReceivedBytesThreshold = 1 << 30;
            TranscriptStream stream = new TranscriptStream(new SerialSource(port));
            int index = 0;
            while (stream.MoveNext())
            {
                ReplayOne(index, stream);
                index++;
            }
            System.Console.WriteLine("DONE " + index.ToString());
            port.Close();
        }

        private static void ReplayOne(int index, TranscriptStream stream)
        {
            string prefix = index.ToString();
            Replayer replayer;
            try
            {
                replayer = new Replayer(new TranscriptReader(stream));
            }
            catch (TranscriptFormatException e)
            {
                System.Console.WriteLine("FAIL " + prefix + " transcript " + prefix + " has no readable header: " + e.Message);
                System.Console.WriteLine("RESULT " + prefix + " FAIL");
                return;
            }
            replayer.Session.Reserve(replayer.Header.Config.MaxPayload + 64);
            uint free0 = nanoFramework.Runtime.Native.GC.Run(true);
            long start = System.DateTime.UtcNow.Ticks;
            bool ok = replayer.Start();
            long built = System.DateTime.UtcNow.Ticks;
            uint freeBuilt = nanoFramework.Runtime.Native.GC.Run(true);
            long serveStart = System.DateTime.UtcNow.Ticks;
            ok = ok && replayer.ServeAll();
            long end = System.DateTime.UtcNow.Ticks;
            uint freeEnd = nanoFramework.Runtime.Native.GC.Run(true);
            ReplaySession s = replayer.Session;
            ReplayStats stats = s.Stats;
            for (int t = 0; t < 256; t++)
            {
                if (stats.Count[t] > 0)
                {
                    System.Console.WriteLine("STAT " + prefix + " " + t.ToString() + " " + stats.Count[t].ToString() + " " + stats.Ticks[t].ToString() + " " +
                        stats.OverheadTicks[t].ToString() + " " + stats.RequestBytes[t].ToString());
                }
            }
            if (!ok)
            {
                System.Console.WriteLine("FAIL " + prefix + " " + s.Failure);
            }
            System.Console.WriteLine("RESULT " + prefix + " " + (ok ? "PASS" : "FAIL") + " events=" + s.EventIndex.ToString() + " spi=" + s.SpiTransactions.ToString() +
                " out=" + s.FramesOut.ToString() + " in=" + s.ReadsIn.ToString() + " sessions=" + replayer.LinkSessions.ToString() +
                " buildTicks=" + (built - start).ToString() + " serveTicks=" + (end - serveStart).ToString() + " overheadTicks=" + s.OverheadTicks.ToString() +
                " heapBuilt=" + ((long)free0 - freeBuilt).ToString() + " heapEnd=" + ((long)free0 - freeEnd).ToString());
        }
    }
}
