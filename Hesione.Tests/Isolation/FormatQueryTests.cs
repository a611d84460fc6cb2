using System.Text.Json;
using FluentAssertions;
using Hesione.PromQL.Parsing;
using Hesione.PromQL.Printing;
using Hesione.Tests.Backends;
using Xunit;

namespace Hesione.Tests.Isolation;

/// <summary>
/// <c>/api/v1/format_query</c> through an unrestricted receiver answers what the real Prometheus answers, line breaks
/// and indentation included, and so does <see cref="PromQLPrinter.Pretty"/>. The queries are long (split over lines)
/// and use only syntax on which Prometheus 2.42 (installed here) and 3.x print alike: no UTF-8 names, no duration
/// expressions, no experimental functions.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class FormatQueryTests(BackendFixture fixture)
{
    public static TheoryData<string> LongQueries =>
    [
        "sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{namespace=\"team-a\",container!=\"\"}[5m])) / on (namespace, pod) group_left () sum by (namespace, pod) (kube_pod_container_resource_requests{resource=\"cpu\"}) > 0.9",
        "histogram_quantile(0.99, sum by (le, handler) (rate(prometheus_http_request_duration_seconds_bucket{job=\"prometheus\",handler=~\"/api/v1/query.*\"}[5m])))",
        "max_over_time(rate(some_metric_with_a_rather_long_name{a=\"b\"}[1m])[5m:]) + max_over_time(rate(another_metric_with_a_long_name[1m])[5m:])",
        "-(some_metric_with_a_very_long_name_aaaaaaaaaaaaaaaaaaa + another_metric_with_a_long_name_bbbbbbbbbbbbbbbbbbb)",
        "topk(5, count_values(\"version\", build_info_of_some_component_with_a_long_name{job=~\"api|web|worker|scheduler|cron\"})) or vector(0)",
        "label_replace(label_replace(up{job=\"api-server\",service=\"a:c\"}, \"foo\", \"$1\", \"service\", \"(.*):.*\"), \"bar\", \"$1\", \"job\", \"(.*)-server\")",
        "(node_filesystem_avail_bytes{fstype!=\"\",job=\"node\"} / node_filesystem_size_bytes{fstype!=\"\",job=\"node\"} * 100 < 40 and predict_linear(node_filesystem_avail_bytes{fstype!=\"\",job=\"node\"}[6h], 24 * 60 * 60) < 0)",
        "sum without (instance) (rate(http_requests_total{code=~\"5..\"}[5m] offset 1h)) / ignoring (code) group_left sum without (instance, code) (rate(http_requests_total[5m] offset 1h)) >= bool 0.25",
        "avg_over_time((sum by (job) (rate(process_cpu_seconds_total{job=~\"prometheus|alertmanager|node\"}[1m])) > 0.5)[30m:1m] @ end())",
    ];

    [BackendTheory]
    [MemberData(nameof(LongQueries))]
    public async Task Format_query_answers_as_the_real_Prometheus_does(string query)
    {
        var expected = await FormatAsync(fixture.Prometheus.BaseAddress, "api/v1/format_query", query);
        expected.Should().Contain("\n", "the query is long enough to be split");

        var proxy = await fixture.GetOrAddAsync("format-query-proxy", async () =>
        {
            var directory = BackendProcess.CreateTempDirectory("format-query");
            var yaml = $"receivers:\n  - name: open\n    prom: {IsolationProxy.Q(fixture.Prometheus.BaseAddress.ToString().TrimEnd('/'))}\n    unrestricted: true\n";
            return await IsolationProxy.StartProxyAsync(yaml, directory);
        });

        (await FormatAsync(proxy.BaseAddress, "open/api/v1/format_query", query)).Should().Be(expected);
        PromQLPrinter.Pretty(PromQLParser.Parse(query).Value!).Should().Be(expected);
    }

    private static async Task<string> FormatAsync(Uri baseAddress, string path, string query)
    {
        using var content = new FormUrlEncodedContent([new("query", query)]);
        using var response = await Api.Http.PostAsync(new Uri(baseAddress, path), content);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(body);
        return JsonDocument.Parse(body).RootElement.GetProperty("data").GetString()!;
    }
}
