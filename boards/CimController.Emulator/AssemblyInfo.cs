using System.Runtime.CompilerServices;

// The test project checks internals (noise table statistics, MAC kernel edge cases).
[assembly: InternalsVisibleTo("CimController.Emulator.Tests")]
