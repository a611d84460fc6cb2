using BenchmarkDotNet.Attributes;
using Hesione.Server.Enforcement;
using Hesione.Server.Plan;
using Hesione.Server.PrometheusApi;
using Hesione.Server.Upstream;

namespace Hesione.Benchmarks;

/// <summary>
/// Hesione's own work on a proxied <c>/api/v1/query</c>, without I/O: decode the query string, canonicalise and
/// enforce the parameters, encode the upstream URL. <see cref="SeenQuery"/> is a dashboard refresh (the enforced
/// form comes from the cache); <see cref="NewQuery"/> is a query not seen before (parsed, checked, enforced, printed).
/// </summary>
[MemoryDiagnoser]
public class RequestPathBenchmarks
{
    private const int DistinctQueries = 50_000;

    private static readonly ProxyConfig Config = ConfigLoader.Parse(
        "receivers:\n  - {name: prom, prom: 'http://127.0.0.1:9090', label_name: namespace, label: team-a}\n", Path.GetTempPath());

    private readonly Receiver _receiver = Config.ReceiversByName["prom"];
    private readonly ApiEndpoint _endpoint = EndpointTable.Match("api/v1/query")!;
    private readonly string _seen = Encoded(Queries.Typical);
    private readonly string[] _new = Enumerable.Range(0, DistinctQueries).Select(i => Encoded(Queries.Typical.Replace("OPTIONS", $"OPTIONS-{i}"))).ToArray();
    private int _next;

    private static string Encoded(string query) => "query=" + Uri.EscapeDataString(query) + "&time=1700000000";

    [Benchmark]
    public string SeenQuery() => Forward(_seen);

    [Benchmark]
    public string NewQuery() => Forward(_new[_next++ % DistinctQueries]);

    private string Forward(string rawQuery)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        FormEncoding.Decode(rawQuery, parameters);
        if (ParameterRules.Canonicalize(parameters, _endpoint, _receiver.Scope, _receiver.Flavor) is { } error) throw new InvalidOperationException(error.ToString());
        return FormEncoding.Url(_receiver.Upstream.Base, _endpoint.UpstreamPath, parameters);
    }
}
