using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CimController.Firmware.Tests;

/// <summary>One construct outside the nanoFramework 1.x subset, at a file and line.</summary>
public sealed record SubsetViolation(string File, int Line, string Construct, string Text)
{
    public override string ToString() => $"{File}:{Line}: {Construct}: {Text}";
}

/// <summary>
/// Finds C# constructs that the nanoFramework 1.x toolchain or runtime does not support
/// (../shared/design/NANOFRAMEWORK.md). Works on syntax, with a semantic model (reference assemblies of
/// the running .NET) to tell nullable value types from nullable reference annotations. Each file is
/// parsed twice: with and without NANOFRAMEWORK_V1_0 defined, so both sides of an #if are checked.
/// </summary>
public static class NanoFrameworkSubsetChecker
{
    private static readonly string[] Symbols = { "NANOFRAMEWORK_V1_0" };

    private static readonly HashSet<string> ForbiddenTypeNames = new(StringComparer.Ordinal)
    {
        "Task", "ValueTask", "Span", "ReadOnlySpan", "Memory", "ReadOnlyMemory", "SpanByte", "MathF", "IAsyncEnumerable",
    };

    /// <summary>(type, member) pairs of forbidden static calls and properties.</summary>
    private static readonly (string Type, string Member)[] ForbiddenMembers =
    {
        ("Buffer", "BlockCopy"), ("Array", "Sort"), ("string", "Join"), ("String", "Join"),
        ("Enum", "GetValues"), ("Enum", "GetNames"), ("Enum", "IsDefined"),
        ("DateTime", "Now"), ("Environment", "TickCount"),
    };

    /// <summary>Checks named source files (path for messages, text).</summary>
    public static IReadOnlyList<SubsetViolation> Check(IEnumerable<(string Path, string Text)> sources)
    {
        var list = sources.ToList();
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var result = new List<SubsetViolation>();
        foreach (bool nano in new[] { false, true })
        {
            var options = new CSharpParseOptions(LanguageVersion.Preview, preprocessorSymbols: nano ? Symbols : Array.Empty<string>());
            var trees = list.Select(s => CSharpSyntaxTree.ParseText(s.Text, options, s.Path)).ToList();
            var compilation = CSharpCompilation.Create("subset", trees, References.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            foreach (var tree in trees)
            {
                var model = compilation.GetSemanticModel(tree);
                foreach (var v in CheckTree(tree, model))
                {
                    if (found.Add(v.ToString()))
                    {
                        result.Add(v);
                    }
                }
            }
        }
        return result.OrderBy(v => v.File, StringComparer.Ordinal).ThenBy(v => v.Line).ToList();
    }

    /// <summary>Checks one snippet (used by the checker's own tests).</summary>
    public static IReadOnlyList<SubsetViolation> CheckSnippet(string code) => Check(new[] { ("snippet.cs", code) });

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll" || Path.GetFileName(p) == "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());

    private static IEnumerable<SubsetViolation> CheckTree(SyntaxTree tree, SemanticModel model)
    {
        foreach (var node in tree.GetRoot().DescendantNodesAndSelf())
        {
            string? construct = Classify(node, model);
            if (construct != null)
            {
                var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                string text = node.ToString();
                int nl = text.IndexOf('\n');
                if (nl >= 0) text = text[..nl].TrimEnd();
                if (text.Length > 80) text = text[..80];
                yield return new SubsetViolation(tree.FilePath, line, construct, text);
            }
        }
    }

    private static string? Classify(SyntaxNode node, SemanticModel model)
    {
        switch (node)
        {
            case RecordDeclarationSyntax:
                return "record";
            case TypeDeclarationSyntax t when t.TypeParameterList != null:
                return "generic type declaration";
            case DelegateDeclarationSyntax d when d.TypeParameterList != null:
                return "generic delegate declaration";
            case MethodDeclarationSyntax m when m.TypeParameterList != null:
                return "generic method declaration";
            case LocalFunctionStatementSyntax f when f.TypeParameterList != null:
                return "generic local function";
            case GenericNameSyntax g:
                return "generic name " + g.Identifier.Text + "<>";
            case ArrayRankSpecifierSyntax r when r.Rank > 1:
                return "multi-dimensional array";
            case UsingDirectiveSyntax u when u.Name != null && (u.Name.ToString() == "System.Linq" || u.Name.ToString().StartsWith("System.Linq.", StringComparison.Ordinal)):
                return "using System.Linq";
            case QueryExpressionSyntax:
                return "LINQ query syntax";
            case AwaitExpressionSyntax:
                return "await";
            case YieldStatementSyntax:
                return "yield (iterator)";
            case StackAllocArrayCreationExpressionSyntax:
            case ImplicitStackAllocArrayCreationExpressionSyntax:
                return "stackalloc";
            case TupleTypeSyntax:
                return "tuple type";
            case TupleExpressionSyntax:
                return "tuple literal";
            case ParenthesizedVariableDesignationSyntax:
                return "tuple deconstruction";
            case AccessorDeclarationSyntax a when a.IsKind(SyntaxKind.InitAccessorDeclaration):
                return "init accessor";
            case NullableTypeSyntax n when IsValueType(n.ElementType, model):
                return "nullable value type";
            case PredefinedTypeSyntax p when p.Keyword.IsKind(SyntaxKind.DecimalKeyword):
                return "decimal";
            case LiteralExpressionSyntax l when l.Token.Value is decimal:
                return "decimal literal";
            case IdentifierNameSyntax id when id.Identifier.Text == "dynamic" && IsDynamic(id, model):
                return "dynamic";
            case IdentifierNameSyntax id when ForbiddenTypeNames.Contains(id.Identifier.Text):
                return id.Identifier.Text;
            case IdentifierNameSyntax id when id.Identifier.Text == "Linq":
                return "System.Linq";
            case MemberAccessExpressionSyntax ma when ForbiddenMember(ma) is string name:
                return name;
        }
        if (node is MemberDeclarationSyntax member && member.Modifiers.Any(SyntaxKind.VolatileKeyword))
        {
            return "volatile";
        }
        if (node is MemberDeclarationSyntax am && am.Modifiers.Any(SyntaxKind.AsyncKeyword))
        {
            return "async";
        }
        if (node is LocalFunctionStatementSyntax lf && lf.Modifiers.Any(SyntaxKind.AsyncKeyword))
        {
            return "async";
        }
        if (node is AnonymousFunctionExpressionSyntax af && af.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
        {
            return "async";
        }
        return null;
    }

    private static string? ForbiddenMember(MemberAccessExpressionSyntax ma)
    {
        string member = ma.Name.Identifier.Text;
        string type = ma.Expression switch
        {
            PredefinedTypeSyntax p => p.Keyword.Text,
            IdentifierNameSyntax i => i.Identifier.Text,
            MemberAccessExpressionSyntax m => m.Name.Identifier.Text,
            QualifiedNameSyntax q => q.Right.Identifier.Text,
            AliasQualifiedNameSyntax a => a.Name.Identifier.Text,
            _ => "",
        };
        foreach (var (t, m) in ForbiddenMembers)
        {
            if (t == type && m == member)
            {
                return t + "." + m;
            }
        }
        return null;
    }

    private static bool IsValueType(TypeSyntax element, SemanticModel model)
    {
        if (element is PredefinedTypeSyntax p)
        {
            return !p.Keyword.IsKind(SyntaxKind.StringKeyword) && !p.Keyword.IsKind(SyntaxKind.ObjectKeyword);
        }
        var type = model.GetTypeInfo(element).Type;
        return type != null && type.IsValueType;
    }

    private static bool IsDynamic(IdentifierNameSyntax id, SemanticModel model)
    {
        var type = model.GetTypeInfo(id).Type;
        return type == null || type.TypeKind == TypeKind.Dynamic;
    }
}
