namespace CimController.Firmware.Transcripts
{
    /// <summary>
    /// Runs the firmware core against one recorded session: builds the controller the header describes over replay
    /// interfaces (<see cref="Start"/>: board initialisation is replayed too), then serves every recorded host link
    /// session (<see cref="ServeAll"/>). Passed when the firmware sent exactly the recorded SPI bytes and frames, waited
    /// the recorded delays, and the recording ended where the firmware did.
    /// </summary>
    public sealed class Replayer
    {
        private readonly ReplayClock _clock;

        /// <summary>Reads the header from <paramref name="reader"/>.</summary>
        public Replayer(TranscriptReader reader)
        {
            Header = TranscriptHeader.ReadFrom(reader);
            Session = new ReplaySession(reader, Header.Name);
            _clock = new ReplayClock(Session);
        }

        public TranscriptHeader Header { get; private set; }

        public ReplaySession Session { get; private set; }

        /// <summary>The firmware under replay (null until <see cref="Start"/> succeeded).</summary>
        public Controller? Controller { get; private set; }

        /// <summary>Host link sessions served.</summary>
        public int LinkSessions { get; private set; }

        /// <summary>True when everything replayed so far matched the recording.</summary>
        public bool Passed { get { return !Session.Failed; } }

        /// <summary>Builds the firmware; false (and <see cref="ReplaySession.Failure"/> set) when that did not replay.</summary>
        public bool Start()
        {
            try
            {
                if (Header.BoardKind == TranscriptFormat.DiscreteBoard)
                {
                    DiscreteBoardDriver driver = new DiscreteBoardDriver(new ReplaySpiBus(Session, TranscriptFormat.DacBus),
                        new ReplaySpiBus(Session, TranscriptFormat.AdcBus), new ReplayDelay(Session),
                        Header.Discrete == null ? DiscreteBoardDefinition.Standard() : Header.Discrete, Header.Config);
                    Controller = new Controller(driver, _clock, Header.Config);
                }
                else
                {
                    Controller = new Controller(new ReplaySpiBus(Session, TranscriptFormat.DacBus), _clock, Header.Config);
                }
                return true;
            }
            catch (ReplayMismatchException)
            {
                return false;
            }
            catch (System.Exception e)
            {
                Session.RecordAt(Session.EventIndex, "building the firmware threw where the recording went on: " + e.Message);
                return false;
            }
        }

        /// <summary>Serves each recorded host link session until the recording ends; false on the first mismatch.</summary>
        public bool ServeAll()
        {
            Controller? controller = Controller;
            if (controller == null)
            {
                return false;
            }
            while (!Session.Failed)
            {
                int kind;
                try
                {
                    kind = Session.PeekKind();
                }
                catch (ReplayMismatchException)
                {
                    return false;
                }
                if (kind == TranscriptFormat.End)
                {
                    Session.Take();
                    return true;
                }
                if (kind != TranscriptFormat.Serve)
                {
                    Session.RecordAtNext("the firmware had finished serving its host link");
                    return false;
                }
                Session.Take();
                IHostLink link = new ReplayHostLink(Session);
                try
                {
                    if (Header.WatchdogSilenceMs > 0)
                    {
                        link = new SilenceWatchdogLink(link, controller.Board, _clock, Header.WatchdogSilenceMs);
                    }
                    LinkSessions++;
                    controller.Serve(link);
                }
                catch (ReplayMismatchException)
                {
                    return false;
                }
                catch (System.Exception e)
                {
                    Session.RecordAt(Session.EventIndex, "the firmware's Serve threw where the recording went on: " + e.Message);
                    return false;
                }
            }
            return false;
        }
    }
}
