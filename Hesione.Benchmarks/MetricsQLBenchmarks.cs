using BenchmarkDotNet.Attributes;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.MetricsQL;

namespace Hesione.Benchmarks;

/// <summary>A MetricsQL dashboard query written with WITH templates: parse (with expansion), print, enforce.</summary>
[MemoryDiagnoser]
public class MetricsQLBenchmarks
{
    /// <summary>About 300 characters: WITH variables and functions, rollups without a window, default, limit.</summary>
    public const string WithTemplates =
        "with (cf = {job=\"api-server\", method!=\"OPTIONS\"}, errors(m) = sum(rate(m{cf, code=~\"5..\"})) by (pod), " +
        "total(m) = sum(rate(m{cf})) by (pod)) errors(http_requests_total) / total(http_requests_total) default 0 " +
        "+ topk_max(5, histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{cf})) by (le, pod))) limit 10";

    private static readonly MetricsQLEnforcer Enforcer = new(LabelScope.Single("namespace", "team-a"));

    [Benchmark]
    public object ParseWithTemplates() => MetricsQLParser.Parse(WithTemplates).Value!;

    [Benchmark]
    public string ParseAndPrintWithTemplates() => MetricsQLParser.Parse(WithTemplates).Value!.ToString();

    [Benchmark]
    public string ParseEnforceAndPrintWithTemplates() => Enforcer.EnforceQuery(WithTemplates).Value!;
}

/// <summary>
/// WITH templates chained one on the next (<c>t1 = t0 + 1, t2 = t1 + 1, ...</c>), the last one used: expansion should
/// grow linearly with the chain, so 2,000 templates cost about 4 times what 500 do.
/// </summary>
[MemoryDiagnoser]
public class MetricsQLTemplateChainBenchmarks
{
    private string _query = "";

    [Params(500, 2_000)]
    public int Templates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var definitions = Enumerable.Range(1, Templates - 1).Select(static i => $"t{i} = t{i - 1}");
        _query = $"with (t0 = up, {string.Join(", ", definitions)}) t{Templates - 1}";
        if (!MetricsQLParser.Parse(_query).Success) throw new InvalidOperationException(MetricsQLParser.Parse(_query).ErrorMessage);
    }

    [Benchmark]
    public object ParseChain() => MetricsQLParser.Parse(_query).Value!;
}
