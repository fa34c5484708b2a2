namespace CimController.Protocol
{
    /// <summary>
    /// Message types. A reply's type is its request's with bit 7 set; <see cref="Error"/> answers any
    /// request that fails. New messages take unused numbers: a peer that does not know one answers
    /// <see cref="ErrorCode.UnknownMessage"/>, so old peers keep working.
    /// </summary>
    public static class MessageType
    {
        public const byte Hello = 0x01;
        public const byte Reset = 0x02;
        public const byte ReadConductance = 0x03;
        public const byte Vmm = 0x04;
        public const byte Stats = 0x05;
        /// <summary>Raw characterisation pulse(s) on one cell, then a read (protocol 1.2).</summary>
        public const byte Pulse = 0x06;
        /// <summary>Read-verify (ISPP) programming of cells to conductance targets (protocol 1.2; Wu 2023 Fig. S2).</summary>
        public const byte WriteVerify = 0x07;
        /// <summary>FFP calibration: K identical pulses at one write voltage from HRS or LRS, resistance after each (protocol 1.2; Diao 2025 Fig. 2).</summary>
        public const byte FfpCalibrate = 0x08;
        /// <summary>Download the firmware's FFP lookup table (protocol 1.2).</summary>
        public const byte FfpTableGet = 0x09;
        /// <summary>Upload an FFP lookup table (protocol 1.2).</summary>
        public const byte FfpTableSet = 0x0A;
        /// <summary>Build the FFP lookup table from the stored calibration (protocol 1.2).</summary>
        public const byte FfpBuildTable = 0x0B;
        /// <summary>FFP sweep toward LRS or HRS by table look-up, resistance after every pulse event (protocol 1.2).</summary>
        public const byte FfpSweep = 0x0C;
        /// <summary>FFP programming of one cell to a target resistance by table look-up (protocol 1.2).</summary>
        public const byte FfpProgram = 0x0D;
        /// <summary>Apply a pulse-event group (a list of write voltages) to one cell (protocol 1.2).</summary>
        public const byte FfpApplyGroup = 0x0E;
        /// <summary>Start a mixed-precision training session in the update accumulator (Wu 2023; layouts in Messages/TrainLayout.cs).</summary>
        public const byte TrainConfigure = 0x10;
        /// <summary>Load weight addresses and W_FP/dW_FP state into the session.</summary>
        public const byte TrainLoad = 0x11;
        /// <summary>Push one batch's dW_new; threshold-gated device writes (Wu 2023).</summary>
        public const byte TrainUpdate = 0x12;
        /// <summary>Read W_FP, dW_FP and write counts back (checkpoints).</summary>
        public const byte TrainStateGet = 0x13;
        /// <summary>Session, step and write counters of the update accumulator.</summary>
        public const byte TrainStatus = 0x14;
        /// <summary>Upload the network program of a deployed model (protocol 1.3; layouts in Messages/InferenceMessages.cs).</summary>
        public const byte NetworkLoad = 0x20;
        /// <summary>A whole forward pass for a batch of 8-bit images, logits back (protocol 1.3).</summary>
        public const byte Forward = 0x21;
        /// <summary>The loaded network program and its counters (protocol 1.3).</summary>
        public const byte NetworkStatus = 0x22;

        public const byte ReplyBit = 0x80;
        public const byte Info = Hello | ReplyBit;
        public const byte ResetDone = Reset | ReplyBit;
        public const byte Conductance = ReadConductance | ReplyBit;
        public const byte VmmResult = Vmm | ReplyBit;
        public const byte StatsResult = Stats | ReplyBit;
        public const byte PulseResult = Pulse | ReplyBit;
        public const byte WriteVerifyResult = WriteVerify | ReplyBit;
        public const byte FfpCalibration = FfpCalibrate | ReplyBit;
        public const byte FfpTable = FfpTableGet | ReplyBit;
        public const byte FfpTableAccepted = FfpTableSet | ReplyBit;
        public const byte FfpTableBuilt = FfpBuildTable | ReplyBit;
        public const byte FfpSweepResult = FfpSweep | ReplyBit;
        public const byte FfpProgramResult = FfpProgram | ReplyBit;
        public const byte FfpGroupResult = FfpApplyGroup | ReplyBit;
        public const byte TrainConfigured = TrainConfigure | ReplyBit;
        public const byte TrainLoaded = TrainLoad | ReplyBit;
        public const byte TrainUpdated = TrainUpdate | ReplyBit;
        public const byte TrainState = TrainStateGet | ReplyBit;
        public const byte TrainStatusResult = TrainStatus | ReplyBit;
        public const byte NetworkLoaded = NetworkLoad | ReplyBit;
        public const byte ForwardResult = Forward | ReplyBit;
        public const byte NetworkStatusResult = NetworkStatus | ReplyBit;
        public const byte Error = 0xFF;

        /// <summary>The reply type of a request type.</summary>
        public static byte ReplyOf(byte request)
        {
            return (byte)(request | ReplyBit);
        }

        /// <summary>Readable name for messages and logs.</summary>
        public static string Name(byte type)
        {
            switch (type)
            {
                case Hello: return "Hello";
                case Reset: return "Reset";
                case ReadConductance: return "ReadConductance";
                case Vmm: return "Vmm";
                case Stats: return "Stats";
                case Pulse: return "Pulse";
                case WriteVerify: return "WriteVerify";
                case FfpCalibrate: return "FfpCalibrate";
                case FfpTableGet: return "FfpTableGet";
                case FfpTableSet: return "FfpTableSet";
                case FfpBuildTable: return "FfpBuildTable";
                case FfpSweep: return "FfpSweep";
                case FfpProgram: return "FfpProgram";
                case FfpApplyGroup: return "FfpApplyGroup";
                case PulseResult: return "PulseResult";
                case WriteVerifyResult: return "WriteVerifyResult";
                case FfpCalibration: return "FfpCalibration";
                case FfpTable: return "FfpTable";
                case FfpTableAccepted: return "FfpTableAccepted";
                case FfpTableBuilt: return "FfpTableBuilt";
                case FfpSweepResult: return "FfpSweepResult";
                case FfpProgramResult: return "FfpProgramResult";
                case FfpGroupResult: return "FfpGroupResult";
                case TrainConfigure: return "TrainConfigure";
                case TrainLoad: return "TrainLoad";
                case TrainUpdate: return "TrainUpdate";
                case TrainStateGet: return "TrainStateGet";
                case TrainStatus: return "TrainStatus";
                case TrainConfigured: return "TrainConfigured";
                case TrainLoaded: return "TrainLoaded";
                case TrainUpdated: return "TrainUpdated";
                case TrainState: return "TrainState";
                case TrainStatusResult: return "TrainStatusResult";
                case NetworkLoad: return "NetworkLoad";
                case Forward: return "Forward";
                case NetworkStatus: return "NetworkStatus";
                case NetworkLoaded: return "NetworkLoaded";
                case ForwardResult: return "ForwardResult";
                case NetworkStatusResult: return "NetworkStatusResult";
                case Info: return "Info";
                case ResetDone: return "ResetDone";
                case Conductance: return "Conductance";
                case VmmResult: return "VmmResult";
                case StatsResult: return "StatsResult";
                case Error: return "Error";
                default: return "0x" + type.ToString("X2");
            }
        }
    }
}
