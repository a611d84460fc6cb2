using BenchmarkDotNet.Attributes;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.MetricsQL;
using Hesione.PromQL.Parsing;

namespace Hesione.Benchmarks;

/// <summary>
/// Parse, parse+print and parse+enforce+print of the three reference queries, in each dialect (the three are
/// valid PromQL and valid MetricsQL, so the dialects compare on the same text).
/// </summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private static readonly LabelEnforcer Enforcer = new(LabelScope.Single("namespace", "team-a"));
    private static readonly MetricsQLEnforcer MetricsQLEnforcer = new(LabelScope.Single("namespace", "team-a"));

    [Params("short", "typical", "2KB")]
    public string Query { get; set; } = "typical";

    [Params("promql", "metricsql")]
    public string Dialect { get; set; } = "promql";

    private string _text = "";
    private bool _metricsQL;

    [GlobalSetup]
    public void Setup()
    {
        _text = Query switch
        {
            "short" => Queries.Short,
            "typical" => Queries.Typical,
            _ => Queries.Large,
        };
        _metricsQL = Dialect == "metricsql";
    }

    [Benchmark]
    public object Parse() => _metricsQL ? MetricsQLParser.Parse(_text).Value! : PromQLParser.Parse(_text).Value!;

    [Benchmark]
    public string ParseAndPrint() => _metricsQL ? MetricsQLParser.Parse(_text).Value!.ToString() : PromQLParser.Parse(_text).Value!.ToString();

    [Benchmark]
    public string ParseEnforceAndPrint() => _metricsQL ? MetricsQLEnforcer.EnforceQuery(_text).Value! : Enforcer.EnforceQuery(_text).Value!;
}
