using Microsoft.VisualStudio.TestTools.UnitTesting;

// The nanoCLR runs and dotnet builds these tests start are heavy on a 2-core machine: one at a time.
[assembly: DoNotParallelize]
