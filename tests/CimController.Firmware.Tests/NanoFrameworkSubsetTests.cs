using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CimController.Firmware.Tests;

/// <summary>
/// The firmware core and the wire protocol must stay inside the nanoFramework 1.x subset
/// (../shared/design/NANOFRAMEWORK.md); the desktop compiler does not catch all of it.
/// </summary>
[TestClass]
public sealed class NanoFrameworkSubsetTests
{
    private static readonly string[] CheckedProjects =
    {
        Path.Combine("firmware", "CimController.Firmware.Core"),
        Path.Combine("shared", "CimController.Protocol"),
        Path.Combine("firmware", "CimController.Firmware.Transcripts"),
    };

    [TestMethod]
    public void FirmwareCoreAndProtocolStayInsideTheSubset()
    {
        string root = RepoPaths.Root;
        var files = CheckedProjects
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(root, p), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part == "bin" || part == "obj"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        Assert.IsTrue(files.Count >= 10, $"expected the core and protocol sources, found {files.Count} files");
        var violations = NanoFrameworkSubsetChecker.Check(files.Select(f => (Path.GetRelativePath(root, f), File.ReadAllText(f))));
        Assert.AreEqual(0, violations.Count,
            $"{violations.Count} construct(s) outside the nanoFramework subset:\n" + string.Join("\n", violations));
    }

    [TestMethod]
    [DataRow("class A<T> { }", "generic type declaration")]
    [DataRow("struct S<T> { }", "generic type declaration")]
    [DataRow("interface I<T> { }", "generic type declaration")]
    [DataRow("delegate T D<T>();", "generic delegate declaration")]
    [DataRow("class A { void M<T>(T x) { } }", "generic method declaration")]
    [DataRow("class A { void M() { void L<T>() { } } }", "generic local function")]
    [DataRow("class A { System.Collections.Generic.List<int> x; }", "generic name List<>")]
    [DataRow("class A { System.Collections.Generic.Dictionary<string, int> x; }", "generic name Dictionary<>")]
    [DataRow("class A { System.Collections.Generic.IEnumerable<int> x; }", "generic name IEnumerable<>")]
    [DataRow("class A { object x = typeof(System.Collections.Generic.Dictionary<,>); }", "generic name Dictionary<>")]
    [DataRow("class A { float[,] x; }", "multi-dimensional array")]
    [DataRow("class A { object x = new int[2, 3]; }", "multi-dimensional array")]
    [DataRow("using System.Linq; class A { }", "using System.Linq")]
    [DataRow("class A { object M(int[] a) { return from x in a select x; } }", "LINQ query syntax")]
    [DataRow("class A { int M(int[] a) { return System.Linq.Enumerable.Count(a); } }", "System.Linq")]
    [DataRow("class A { async void M() { } }", "async")]
    [DataRow("class A { void M() { System.Action a = async () => { }; } }", "async")]
    [DataRow("class A { async System.Threading.Tasks.Task M() { await System.Threading.Tasks.Task.Delay(1); } }", "await")]
    [DataRow("class A { System.Threading.Tasks.Task M() { return null!; } }", "Task")]
    [DataRow("class A { System.Collections.IEnumerable M() { yield return 1; } }", "yield (iterator)")]
    [DataRow("class A { void M() { System.Span<byte> s = default; } }", "generic name Span<>")]
    [DataRow("class A { void M(SpanByte s) { } }", "SpanByte")]
    [DataRow("class A { unsafe void M() { int* p = stackalloc int[4]; } }", "stackalloc")]
    [DataRow("class A { void M() { var s = stackalloc[] { 1, 2 }; } }", "stackalloc")]
    [DataRow("class A { (int, int) M() { return default; } }", "tuple type")]
    [DataRow("class A { object M() { return (1, 2); } }", "tuple literal")]
    [DataRow("class A { void M() { var (a, b) = (1, 2); } }", "tuple deconstruction")]
    [DataRow("record R(int X);", "record")]
    [DataRow("record struct R(int X);", "record")]
    [DataRow("class A { public int X { get; init; } }", "init accessor")]
    [DataRow("class A { int? x; }", "nullable value type")]
    [DataRow("class A { System.DateTime? x; }", "nullable value type")]
    [DataRow("class A { System.Nullable<int> x; }", "generic name Nullable<>")]
    [DataRow("class A { decimal x; }", "decimal")]
    [DataRow("class A { object x = 1.5m; }", "decimal literal")]
    [DataRow("class A { dynamic x; }", "dynamic")]
    [DataRow("class A { volatile int x; }", "volatile")]
    [DataRow("class A { void M(byte[] a, byte[] b) { System.Buffer.BlockCopy(a, 0, b, 0, 1); } }", "Buffer.BlockCopy")]
    [DataRow("class A { void M(int[] a) { System.Array.Sort(a); } }", "Array.Sort")]
    [DataRow("class A { string M(string[] a) { return string.Join(\",\", a); } }", "string.Join")]
    [DataRow("class A { string M(string[] a) { return System.String.Join(\",\", a); } }", "String.Join")]
    [DataRow("class A { object M() { return System.Enum.GetValues(typeof(System.DayOfWeek)); } }", "Enum.GetValues")]
    [DataRow("class A { object M() { return System.Enum.GetNames(typeof(System.DayOfWeek)); } }", "Enum.GetNames")]
    [DataRow("class A { bool M() { return System.Enum.IsDefined(typeof(System.DayOfWeek), 1); } }", "Enum.IsDefined")]
    [DataRow("class A { float M() { return System.MathF.Sqrt(2f); } }", "MathF")]
    [DataRow("class A { object M() { return System.DateTime.Now; } }", "DateTime.Now")]
    [DataRow("class A { int M() { return System.Environment.TickCount; } }", "Environment.TickCount")]
    public void CheckerCatchesEachForbiddenConstruct(string code, string construct)
    {
        var violations = NanoFrameworkSubsetChecker.CheckSnippet(code);
        Assert.IsTrue(violations.Any(v => v.Construct == construct),
            $"expected '{construct}' in: {code}\nfound: {string.Join("; ", violations)}");
        Assert.IsTrue(violations.All(v => v.File == "snippet.cs" && v.Line >= 1), "violations name file and line");
    }

    [TestMethod]
    public void CheckerAcceptsTheAllowedSubset()
    {
        const string code = @"
namespace N
{
    public sealed class A
    {
        private string? _name;
        private readonly byte[] _buf = new byte[16];
        private int[][] _jagged = new int[2][];
        private readonly System.Collections.ArrayList _list = new System.Collections.ArrayList();
        public int Count { get; private set; }
        public long Now() { return System.Environment.TickCount64 + System.DateTime.UtcNow.Ticks; }
        public void Copy(byte[] b) { System.Array.Copy(b, 0, _buf, 0, 4); System.Array.Clear(_buf, 0, 4); }
        public string Name() { return _name ?? ""; }
        public float Abs(float x) { return System.Math.Abs(x); }
        public void Lock() { lock (_list) { _list.Add(1); } int dynamic = 2; Count = dynamic; }
    }
}";
        var violations = NanoFrameworkSubsetChecker.CheckSnippet(code);
        Assert.AreEqual(0, violations.Count, string.Join("\n", violations));
    }

    [TestMethod]
    public void CheckerLooksInsideBothSidesOfNanoFrameworkConditionals()
    {
        const string code = "class A {\n#if NANOFRAMEWORK_V1_0\n int? a;\n#else\n decimal b;\n#endif\n}";
        var violations = NanoFrameworkSubsetChecker.CheckSnippet(code);
        Assert.IsTrue(violations.Any(v => v.Construct == "nullable value type" && v.Line == 3), string.Join("; ", violations));
        Assert.IsTrue(violations.Any(v => v.Construct == "decimal" && v.Line == 5), string.Join("; ", violations));
    }
}
