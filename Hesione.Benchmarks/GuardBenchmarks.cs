using BenchmarkDotNet.Attributes;
using Hesione.Server.Enforcement;
using Hesione.Server.Plan;
using Hesione.Server.PrometheusApi;
using Hesione.Server.Upstream;

namespace Hesione.Benchmarks;

/// <summary>
/// What the guards add to a proxied <c>/api/v1/query_range</c> seen before (a dashboard refresh), without I/O:
/// <see cref="Canonicalize"/> alone is the reference; <see cref="DefaultGuards"/> adds the default checks
/// (<c>start</c>/<c>end</c>/<c>step</c> read, <c>max_points</c>); <see cref="WithMaxRange"/> adds <c>max_range</c>
/// (the window, and how far back the query reads: bounded from the text); <see cref="WithMaxRangeParsed"/> is a query
/// whose text bound exceeds <c>max_range</c> (two 20d windows against 31d), so it is parsed again for the exact lookback.
/// </summary>
[MemoryDiagnoser]
public class GuardBenchmarks
{
    private static readonly ProxyConfig Config = ConfigLoader.Parse("""
        receivers:
          - {name: plain, prom: 'http://127.0.0.1:9090', label_name: namespace, label: team-a}
          - {name: ranged, prom: 'http://127.0.0.1:9090', label_name: namespace, label: team-a, max_range: 31d}
        """, Path.GetTempPath());

    private static readonly string RawQuery = Encoded(Queries.Typical);

    private static readonly string RawLongQuery = Encoded(Queries.Typical.Replace("[5m]", "[20d]", StringComparison.Ordinal));

    private readonly ApiEndpoint _endpoint = EndpointTable.Match("api/v1/query_range")!;
    private readonly Receiver _plain = Config.ReceiversByName["plain"];
    private readonly Receiver _ranged = Config.ReceiversByName["ranged"];

    [Benchmark(Baseline = true)]
    public int Canonicalize() => Prepare(_plain).Count;

    [Benchmark]
    public bool DefaultGuards() => QueryGuards.Check(_endpoint, Prepare(_plain), _plain.Guards, Config.ParserOptions, _plain.Scope.Dialect, DateTimeOffset.UnixEpoch) is null;

    [Benchmark]
    public bool WithMaxRange() => QueryGuards.Check(_endpoint, Prepare(_ranged), _ranged.Guards, Config.ParserOptions, _ranged.Scope.Dialect, DateTimeOffset.UnixEpoch) is null;

    [Benchmark]
    public bool WithMaxRangeParsed() => QueryGuards.Check(_endpoint, Prepare(_ranged, RawLongQuery), _ranged.Guards, Config.ParserOptions, _ranged.Scope.Dialect, DateTimeOffset.UnixEpoch) is null;

    private static string Encoded(string query) => "query=" + Uri.EscapeDataString(query) + "&start=1700000000&end=1700003600&step=15";

    private List<KeyValuePair<string, string>> Prepare(Receiver receiver, string? rawQuery = null)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        FormEncoding.Decode(rawQuery ?? RawQuery, parameters);
        if (ParameterRules.Canonicalize(parameters, _endpoint, receiver.Scope, receiver.Flavor) is { } error) throw new InvalidOperationException(error.ToString());
        return parameters;
    }
}
