using System.Globalization;
using System.Net;
using System.Text.Json;
using FluentAssertions;
using Hesione.Tests.Backends;
using Hesione.Tests.Server;
using Xunit;

namespace Hesione.Tests.Isolation;

/// <summary>
/// The guards against a real Prometheus (and VictoriaMetrics for its lookback parameters): range-query parameters refused exactly as Prometheus refuses them (status,
/// error type and wording), and a request refused by a guard never reaches the backend (Prometheus's own request
/// counter does not move).
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class GuardFidelityTests(BackendFixture fixture)
{
    private const long End = TestData.End;

    private Task<TestProxy> ProxyAsync() => fixture.GetOrAddAsync("guard-fidelity", () => TestProxy.StartAsync($"""
        receivers:
          - name: team-a
            prom: {fixture.Prometheus.BaseAddress}
            label_name: namespace
            label: team-a
          - name: guarded
            prom: {fixture.Prometheus.BaseAddress}
            label_name: namespace
            label: team-a
            max_range: 1h
          - name: limited
            prom: {fixture.Prometheus.BaseAddress}
            label_name: namespace
            label: team-a
            rate_limit: {"{"}requests_per_second: 0.01, burst: 2{"}"}
          - name: vm-guarded
            prom: {fixture.All(BackendFlavor.VictoriaMetrics).BaseAddress}
            flavor: victoriametrics
            label_name: namespace
            label: team-a
            max_range: 1h
        """));

    public static TheoryData<string> RangeParameters() => new()
    {
        "",
        "start=abc&end=10&step=15",
        $"start={End - 3600}&step=15",
        $"start={End}&end={End - 60}&step=15",
        $"start={End - 3600}&end={End}&step=0",
        $"start={End - 3600}&end={End}&step=-15",
        $"start={End - 3600}&end={End}&step=abc",
        $"start={End - 3600}&end={End}&step=-1m",
        $"start={End - 11_001}&end={End}&step=1",
        $"start={End - 11_000}&end={End}&step=1",
        $"start={End - 110_000}&end={End}&step=10",
        $"start={End - 110_010}&end={End}&step=10",
        $"start={End - 3600}.5&end={End}.25&step=0.5",
        "start=2024-12-31T23:00:00.5Z&end=2025-01-01T00:00:00Z&step=1m",
        "start=2024-12-31T20:00:00-03:00&end=2025-01-01T00:00:00Z&step=1m",
    };

    [BackendTheory]
    [MemberData(nameof(RangeParameters))]
    public async Task Range_query_parameters_are_refused_exactly_as_Prometheus_refuses_them(string parameters)
    {
        var proxy = await ProxyAsync();
        var query = "query=" + Uri.EscapeDataString("sum(up)") + (parameters.Length > 0 ? "&" + parameters : "");

        var direct = await Api.GetAsync(fixture.Prometheus.BaseAddress, "api/v1/query_range?" + query);
        var through = await Api.GetAsync(proxy.BaseAddress, "team-a/api/v1/query_range?" + query);

        through.Status.Should().Be(direct.Status, $"Prometheus answered {direct}, Hesione {through}");
        if (direct.Status != HttpStatusCode.OK)
            Error(through).Should().Be(Error(direct));
    }

    [BackendFact]
    public async Task A_request_refused_by_a_guard_never_reaches_Prometheus()
    {
        var proxy = await ProxyAsync();
        var refused = new[]
        {
            $"guarded/api/v1/query_range?query=up&start={End - 7200}&end={End}&step=60",
            $"team-a/api/v1/query_range?query=up&start={End - 11_001}&end={End}&step=1",
            $"guarded/api/v1/query_range?query={Uri.EscapeDataString("rate(up[2h])")}&start={End - 600}&end={End}&step=60",
            $"guarded/api/v1/query?query={Uri.EscapeDataString("max_over_time(up[30m:1m] offset 31m)")}&time={End}",
        };
        var before = await PrometheusQueryRequestsAsync();
        foreach (var path in refused)
            (await Api.GetAsync(proxy.BaseAddress, path)).Status.Should().Be(HttpStatusCode.BadRequest, path);
        (await PrometheusQueryRequestsAsync()).Should().Be(before, "nothing refused by a guard reaches the backend");

        var allowed = await Api.GetAsync(proxy.BaseAddress, $"guarded/api/v1/query_range?query=up&start={End - 3600}&end={End}&step=60");
        allowed.Status.Should().Be(HttpStatusCode.OK, allowed.ToString());
        (await PrometheusQueryRequestsAsync()).Should().Be(before + 1, "the counter does count requests that pass");

        var burst = new List<Answer>();
        for (var i = 0; i < 3; i++) burst.Add(await Api.GetAsync(proxy.BaseAddress, $"limited/api/v1/query?query=up&time={End}"));
        burst.Select(a => a.Status).Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests);
        (await PrometheusQueryRequestsAsync()).Should().Be(before + 3, "the request over the burst did not reach Prometheus");
    }

    private Task<double> PrometheusQueryRequestsAsync() =>
        PrometheusRequestCounter.CountAsync(fixture.Prometheus.BaseAddress, "/api/v1/query", "/api/v1/query_range");

    private static (string? Type, string? Message) Error(Answer answer)
    {
        using var json = JsonDocument.Parse(answer.Body);
        return (json.RootElement.GetProperty("errorType").GetString(), json.RootElement.GetProperty("error").GetString());
    }

    /// <summary>
    /// Found by the red team: VictoriaMetrics reads an instant query's raw samples, and the window of a rollup written
    /// without one, as far back as the <c>step</c> parameter (or <c>max_lookback</c>), so <c>step=30d</c> on an instant
    /// query read a month back through a receiver with <c>max_range: 1h</c>. Such parameters are now held to max_range.
    /// Two hours after the last sample: nothing is within an ordinary lookback, all of it within three hours.
    /// </summary>
    private static readonly string Late = (TestData.End + 7200).ToString(CultureInfo.InvariantCulture);

    [BackendTheory]
    [InlineData("count(up)", "step", "3h")]
    [InlineData("count(up)", "step", "10800")]
    [InlineData("count(count_over_time(up))", "step", "3h")]
    [InlineData("count(up)", "max_lookback", "3h")]
    public async Task A_lookback_parameter_past_max_range_is_refused_where_VictoriaMetrics_would_read_that_far(string query, string name, string value)
    {
        var direct = await Api.GetAsync(fixture.All(BackendFlavor.VictoriaMetrics).BaseAddress, "api/v1/query",
            Api.P(("query", query.Replace("up", "up{namespace=\"team-a\"}", StringComparison.Ordinal)), ("time", Late), (name, value)));
        direct.Body.Should().Contain("\"value\"", because: $"VictoriaMetrics reads {value} back with {name}: {direct}");

        var proxy = await ProxyAsync();
        var refused = await Api.GetAsync(proxy.BaseAddress, "vm-guarded/api/v1/query", Api.P(("query", query), ("time", Late), (name, value)));
        refused.ShouldBeApiError(HttpStatusCode.BadRequest, "bad_data");
        refused.Body.Should().Contain("max_range");
        var range = await Api.GetAsync(proxy.BaseAddress, "vm-guarded/api/v1/query_range",
            Api.P(("query", query), ("start", Late), ("end", Late), ("step", "3h"), (name, value)));
        range.ShouldBeApiError(HttpStatusCode.BadRequest, "bad_data");
    }

    [BackendTheory]
    [InlineData("step", "1m")]
    [InlineData("step", "3600")]
    [InlineData("max_lookback", "1h")]
    public async Task A_lookback_parameter_within_max_range_is_served(string name, string value)
    {
        var proxy = await ProxyAsync();
        var answer = await Api.GetAsync(proxy.BaseAddress, "vm-guarded/api/v1/query", Api.P(("query", "count(up)"), ("time", Late), (name, value)));
        answer.Status.Should().Be(HttpStatusCode.OK, because: answer.ToString());
    }

    [BackendFact]
    public async Task An_unreadable_lookback_parameter_is_refused()
    {
        var proxy = await ProxyAsync();
        var answer = await Api.GetAsync(proxy.BaseAddress, "vm-guarded/api/v1/query", Api.P(("query", "count(up)"), ("time", Late), ("max_lookback", "1.5h")));
        answer.ShouldBeApiError(HttpStatusCode.BadRequest, "bad_data");
    }
}
