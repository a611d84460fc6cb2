using BenchmarkDotNet.Attributes;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.Parsing;

namespace Hesione.Benchmarks;

/// <summary>Parse, parse+print and parse+enforce+print of the three reference queries.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private static readonly LabelEnforcer Enforcer = new(LabelScope.Single("namespace", "team-a"));

    [Params("short", "typical", "2KB")]
    public string Query { get; set; } = "typical";

    private string _text = "";

    [GlobalSetup]
    public void Setup() => _text = Query switch
    {
        "short" => Queries.Short,
        "typical" => Queries.Typical,
        _ => Queries.Large,
    };

    [Benchmark]
    public object Parse() => PromQLParser.Parse(_text).Value!;

    [Benchmark]
    public string ParseAndPrint() => PromQLParser.Parse(_text).Value!.ToString();

    [Benchmark]
    public string ParseEnforceAndPrint() => Enforcer.EnforceQuery(_text).Value!;
}
