using System.Globalization;
using FluentAssertions;
using Hesione.Tests.Backends;
using Xunit;

namespace Hesione.Tests.Isolation;

/// <summary>
/// The isolation oracle: through a receiver on the all-tenant backend, every answer must equal the answer of the
/// backend that holds only the receiver's scope. Instant and range queries, GET and POST form, series, labels and
/// label values, on Prometheus and VictoriaMetrics, for a single-value, a multi-value and the <c>dot.ns</c> scope.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class OracleTests(BackendFixture fixture)
{
    private static readonly string End = TestData.End.ToString(CultureInfo.InvariantCulture);
    private static readonly string RangeStart = (TestData.End - 7200).ToString(CultureInfo.InvariantCulture);
    private static readonly string SeriesStart = (TestData.End - 3 * 3600).ToString(CultureInfo.InvariantCulture);

    public static TheoryData<string, string> QueryCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var receiver in IsolationProxy.Receivers)
        {
            foreach (var query in OracleQueries.All)
            {
                data.Add(receiver.Name, query);
            }

            if (receiver.Flavor == BackendFlavor.VictoriaMetrics)
            {
                // Receivers of flavor victoriametrics read queries as MetricsQL by default.
                foreach (var query in MetricsQLOracleQueries.All)
                {
                    data.Add(receiver.Name, query);
                }
            }
        }

        return data;
    }

    /// <summary>Metadata requests: (name, path, parameters, oracle parameters when they differ, whether POST form is tried).</summary>
    private static readonly IReadOnlyList<MetadataRequest> MetadataRequests =
    [
        new("series up", "api/v1/series", [("match[]", "up"), ("start", SeriesStart), ("end", End)]),
        new("series two match[]", "api/v1/series", [("match[]", "{__name__=~\"http_.*\"}"), ("match[]", "kube_pod_info"), ("start", SeriesStart), ("end", End)]),
        new("series widening match[]", "api/v1/series", [("match[]", "{namespace=~\".+\"}"), ("start", SeriesStart), ("end", End)]),
        new("series foreign match[]", "api/v1/series", [("match[]", "{__name__=~\".+\",namespace=\"team-b\"}"), ("start", SeriesStart), ("end", End)]),
        new("series foreign metrics", "api/v1/series", [("match[]", "node_load1"), ("match[]", "machine_cpu_cores"), ("start", SeriesStart), ("end", End)]),
        new("series regex trap", "api/v1/series", [("match[]", "up{namespace=~\"dot.ns|team-a\"}"), ("start", SeriesStart), ("end", End)]),
        // Without match[] the proxy adds the scope: the tenant sees all of its series, as on its own backend.
        new("series without match[]", "api/v1/series", [("start", SeriesStart), ("end", End)], Oracle: [("match[]", "{__name__=~\".+\"}"), ("start", SeriesStart), ("end", End)]),
        new("labels", "api/v1/labels", [("start", SeriesStart), ("end", End)]),
        new("labels match[]", "api/v1/labels", [("match[]", "up"), ("start", SeriesStart), ("end", End)]),
        new("labels foreign match[]", "api/v1/labels", [("match[]", "node_load1"), ("start", SeriesStart), ("end", End)]),
        new("label namespace values", "api/v1/label/namespace/values", [("start", SeriesStart), ("end", End)], Post: false),
        new("label namespace values match[]", "api/v1/label/namespace/values", [("match[]", "kube_pod_info"), ("start", SeriesStart), ("end", End)], Post: false),
        new("label namespace values widening match[]", "api/v1/label/namespace/values", [("match[]", "{namespace=~\".*\",__name__=~\".+\"}"), ("start", SeriesStart), ("end", End)], Post: false),
        new("label __name__ values", "api/v1/label/__name__/values", [("start", SeriesStart), ("end", End)], Post: false),
        new("label pod values", "api/v1/label/pod/values", [("start", SeriesStart), ("end", End)], Post: false),
        new("label instance values", "api/v1/label/instance/values", [("start", SeriesStart), ("end", End)], Post: false),
        new("label node values match[]", "api/v1/label/node/values", [("match[]", "kube_pod_info"), ("start", SeriesStart), ("end", End)], Post: false),
    ];

    /// <summary>Prometheus defaults to all time when start/end are absent; VictoriaMetrics needs them to see old data.</summary>
    private static readonly IReadOnlyList<MetadataRequest> PrometheusOnlyMetadataRequests =
    [
        new("labels all time", "api/v1/labels", []),
        new("label namespace values all time", "api/v1/label/namespace/values", [], Post: false),
        new("series all time", "api/v1/series", [("match[]", "{__name__=~\"up|node_load1\"}")]),
    ];

    public static TheoryData<string, string> MetadataCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var receiver in IsolationProxy.Receivers)
        {
            foreach (var request in MetadataRequests)
            {
                data.Add(receiver.Name, request.Name);
            }

            if (receiver.Flavor == BackendFlavor.Prometheus)
            {
                foreach (var request in PrometheusOnlyMetadataRequests)
                {
                    data.Add(receiver.Name, request.Name);
                }
            }
        }

        return data;
    }

    [BackendTheory]
    [MemberData(nameof(QueryCases))]
    public async Task Query_through_receiver_equals_oracle(string receiver, string query)
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var r = IsolationProxy.Receiver(receiver);
        var oracle = fixture.Oracle(r.Flavor, r.Scope).BaseAddress;
        var through = new Uri(proxy.BaseAddress, receiver + "/");
        var failures = new List<string>();

        var variants = new (string Path, IReadOnlyList<KeyValuePair<string, string>> Parameters)[]
        {
            ("api/v1/query", Api.P(("query", query), ("time", End))),
            ("api/v1/query_range", Api.P(("query", query), ("start", RangeStart), ("end", End), ("step", "60"))),
        };
        foreach (var (path, parameters) in variants)
        {
            foreach (var post in new[] { false, true })
            {
                var what = $"{(post ? "POST" : "GET")} {path}";
                var expected = await Api.RequestAsync(post, oracle, path, parameters);
                if (expected.Status != System.Net.HttpStatusCode.OK)
                {
                    failures.Add($"{what}: the oracle ({r.Flavor}) cannot evaluate this query: {expected}");
                    continue;
                }

                var actual = await Api.RequestAsync(post, through, path, parameters);
                if (actual.Normalised != expected.Normalised)
                {
                    failures.Add($"{what}: through /{receiver} differs from the {r.Scope} oracle.\n--- expected (oracle) ---\n{PromJson.Truncate(expected.Normalised, 2500)}\n--- actual (proxy) ---\n{PromJson.Truncate(actual.Normalised, 2500)}\n--- raw proxy answer ---\n{actual}");
                }
            }
        }

        failures.Should().BeEmpty(because: $"query {query} through receiver {receiver} must answer exactly what the {r.Scope} oracle answers");
    }

    [BackendTheory]
    [MemberData(nameof(MetadataCases))]
    public async Task Metadata_through_receiver_equals_oracle(string receiver, string requestName)
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        var r = IsolationProxy.Receiver(receiver);
        var oracle = fixture.Oracle(r.Flavor, r.Scope).BaseAddress;
        var through = new Uri(proxy.BaseAddress, receiver + "/");
        var request = MetadataRequests.Concat(PrometheusOnlyMetadataRequests).Single(m => m.Name == requestName);
        var failures = new List<string>();

        foreach (var post in request.Post ? new[] { false, true } : [false])
        {
            var what = $"{(post ? "POST" : "GET")} {request.Path}";
            var expected = await Api.RequestAsync(post, oracle, request.Path, Api.P(request.Oracle ?? request.Parameters));
            if (expected.Status != System.Net.HttpStatusCode.OK)
            {
                failures.Add($"{what}: the oracle ({r.Flavor}) refused: {expected}");
                continue;
            }

            var actual = await Api.RequestAsync(post, through, request.Path, Api.P(request.Parameters));
            if (actual.Normalised != expected.Normalised)
            {
                failures.Add($"{what}: through /{receiver} differs from the {r.Scope} oracle.\n--- expected (oracle) ---\n{PromJson.Truncate(expected.Normalised, 2500)}\n--- actual (proxy) ---\n{PromJson.Truncate(actual.Normalised, 2500)}");
            }
        }

        failures.Should().BeEmpty(because: $"{request.Name} through receiver {receiver} must answer exactly what the {r.Scope} oracle answers");
    }

    /// <summary>The oracle comparison is only meaningful if the oracles really answer with data for most queries.</summary>
    [BackendTheory]
    [InlineData(BackendFlavor.Prometheus)]
    [InlineData(BackendFlavor.VictoriaMetrics)]
    public async Task Most_oracle_answers_are_not_empty(BackendFlavor flavor)
    {
        var oracle = fixture.Oracle(flavor, TenantScope.TeamA).BaseAddress;
        var nonEmpty = 0;
        foreach (var query in OracleQueries.All)
        {
            var answer = await Api.GetAsync(oracle, "api/v1/query", Api.P(("query", query), ("time", End)));
            if (answer.Body.Contains("\"metric\"", StringComparison.Ordinal) || answer.Body.Contains("\"scalar\"", StringComparison.Ordinal))
            {
                nonEmpty++;
            }
        }

        OracleQueries.All.Count.Should().BeGreaterThanOrEqualTo(40);
        nonEmpty.Should().BeGreaterThan(OracleQueries.All.Count * 2 / 3);
    }

    [BackendFact]
    public async Task Dot_ns_scope_never_sees_dotXns()
    {
        var proxy = await IsolationProxy.GetAsync(fixture);
        foreach (var receiver in new[] { "dotns", "vm-dotns" })
        {
            var through = new Uri(proxy.BaseAddress, receiver + "/");
            var answer = await Api.GetAsync(through, "api/v1/query", Api.P(("query", "count by (namespace) ({__name__=~\".+\"})"), ("time", End)));
            answer.Status.Should().Be(System.Net.HttpStatusCode.OK, because: answer.ToString());
            PromJson.LabelSets(answer.Body).Select(l => l["namespace"]).Should().Equal(["dot.ns"], because: $"{receiver}: {answer}");

            var values = await Api.GetAsync(through, "api/v1/label/namespace/values", Api.P(("start", SeriesStart), ("end", End)));
            PromJson.Strings(values.Body).Should().Equal(["dot.ns"], because: $"{receiver}: {values}");
        }
    }

    private sealed record MetadataRequest(
        string Name,
        string Path,
        IReadOnlyList<(string Name, string Value)> Parameters,
        IReadOnlyList<(string Name, string Value)>? Oracle = null,
        bool Post = true);
}
