namespace CimController.Cli
{
    /// <summary>cimctl's exit codes.</summary>
    public static class ExitCodes
    {
        /// <summary>The command did what was asked.</summary>
        public const int Ok = 0;
        /// <summary>The command failed at run time (board unreachable, firmware error, timeout).</summary>
        public const int Failure = 1;
        /// <summary>The command line was invalid.</summary>
        public const int BadArguments = 2;
    }
}
