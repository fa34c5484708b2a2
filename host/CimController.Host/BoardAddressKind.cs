namespace CimController.Host
{
    /// <summary>How a board is reached.</summary>
    public enum BoardAddressKind
    {
        /// <summary>The emulated board behind the real firmware core, in this process.</summary>
        Emulator,
        /// <summary>A firmware runner listening on TCP.</summary>
        Tcp,
        /// <summary>A firmware on a serial port.</summary>
        Serial,
        /// <summary>A firmware runner serving TLS: the host presents its certificate and pins the board's.</summary>
        Tls,
    }
}
