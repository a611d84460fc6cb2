using FluentAssertions;
using Hesione.Tests.Backends;
using Xunit;

namespace Hesione.Tests.Isolation;

/// <summary>The MetricsQL oracle queries are meaningful: VictoriaMetrics evaluates each, and most answer with data.</summary>
[Collection(BackendCollection.Name)]
public sealed class MetricsQLOracleDataTests(BackendFixture fixture)
{
    [BackendFact]
    public async Task Every_MetricsQL_oracle_query_is_evaluated_and_most_have_data()
    {
        var oracle = fixture.Oracle(BackendFlavor.VictoriaMetrics, TenantScope.TeamA).BaseAddress;
        var end = TestData.End.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var refused = new List<string>();
        var nonEmpty = 0;
        foreach (var query in MetricsQLOracleQueries.All)
        {
            var answer = await Api.GetAsync(oracle, "api/v1/query", Api.P(("query", query), ("time", end)));
            if (answer.Status != System.Net.HttpStatusCode.OK) refused.Add($"{query}: {answer}");
            else if (answer.Body.Contains("\"metric\"", StringComparison.Ordinal)) nonEmpty++;
        }
        refused.Should().BeEmpty();
        nonEmpty.Should().BeGreaterThan(MetricsQLOracleQueries.All.Count * 3 / 4);
    }

    /// <summary>A metric-name scope on MetricsQL puts <c>__name__=~</c> beside the name (<c>up{__name__=~"..."}</c>); VictoriaMetrics reads it as both.</summary>
    [BackendFact]
    public async Task Metric_name_scope_is_read_by_VictoriaMetrics_as_the_oracle_answers()
    {
        var dir = BackendProcess.CreateTempDirectory("metricsql-metrics");
        try
        {
            var receiver = IsolationProxy.ReceiverYaml("vm-metrics", fixture.All(BackendFlavor.VictoriaMetrics).BaseAddress, TenantScope.TeamA,
                BackendFlavor.VictoriaMetrics, "    metrics: ['up|container_.*']\n");
            await using var host = await IsolationProxy.StartProxyAsync("receivers:\n" + receiver, dir);
            var through = new Uri(host.BaseAddress, "vm-metrics/");
            var oracle = fixture.Oracle(BackendFlavor.VictoriaMetrics, TenantScope.TeamA).BaseAddress;
            var end = TestData.End.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (query, equivalent) in new[]
            {
                ("up", "up"),
                ("rate(up)", "rate(up)"),
                ("{__name__=~\".+\"}", "{__name__=~\"up|container_.*\"}"),
                ("node_load1 or up", "up"),
                ("with (f = {pod=\"api-0\"}) count(up{f}) + count(container_memory_bytes{f})", "count(up{pod=\"api-0\"}) + count(container_memory_bytes{pod=\"api-0\"})"),
            })
            {
                var actual = await Api.GetAsync(through, "api/v1/query", Api.P(("query", query), ("time", end)));
                var expected = await Api.GetAsync(oracle, "api/v1/query", Api.P(("query", equivalent), ("time", end)));
                expected.Status.Should().Be(System.Net.HttpStatusCode.OK, expected.ToString());
                actual.Normalised.Should().Be(expected.Normalised, query);
            }
        }
        finally
        {
            BackendProcess.TryDeleteDirectory(dir);
        }
    }
}
