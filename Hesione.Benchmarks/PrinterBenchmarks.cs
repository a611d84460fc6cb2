using System.Text;
using BenchmarkDotNet.Attributes;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Parsing;
using Hesione.PromQL.Printing;

namespace Hesione.Benchmarks;

/// <summary>
/// The one-line canonical form (baseline) against the multi-line form of <c>format_query</c>, on the 2 KB reference
/// query and on a deep query (100 levels of nesting, 11 KB) where every level must be split.
/// </summary>
[MemoryDiagnoser]
public class PrinterBenchmarks
{
    [Params("2KB", "deep")]
    public string Query { get; set; } = "2KB";

    private Expr _expr = null!;

    [GlobalSetup]
    public void Setup()
    {
        var text = Query == "2KB" ? Queries.Large : Deep(100);
        _expr = PromQLParser.Parse(text).Value!;
    }

    private static string Deep(int levels)
    {
        var selector = "m{a=\"" + new string('x', 40) + "\"}";
        var sb = new StringBuilder(selector);
        for (var i = 0; i < levels; i++)
        {
            sb.Insert(0, "abs(").Append(") + ").Append(selector);
        }
        return sb.ToString();
    }

    [Benchmark(Baseline = true)]
    public string Print() => PromQLPrinter.Print(_expr);

    [Benchmark]
    public string Pretty() => PromQLPrinter.Pretty(_expr);
}
