using System.Net;
using FluentAssertions;
using Hesione.Tests.Server;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary>
/// <c>max_points</c>, <c>max_range</c> and <c>rate_limit</c>: refusals in the Prometheus error shape, counted in
/// <c>hesione_refusals_total</c>, and nothing of a refused request reaches the upstream.
/// </summary>
public sealed class GuardsTests : IAsyncLifetime
{
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private KestrelFakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await KestrelFakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private string Config(string top = "", string a = "", string b = "") => $"""
        {top}
        receivers:
          - name: a
            prom: {_upstream.BaseAddress}
            label_name: namespace
            label: a
        {Indent(a)}
          - name: b
            prom: {_upstream.BaseAddress}
            label_name: namespace
            label: b
            auth: {"{"}user: grafana-b, password: b-password{"}"}
        {Indent(b)}
        """;

    private static string Indent(string keys) => string.Join('\n', keys.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(k => "    " + k));

    private static string RangeQuery(string query, long start, long end, long step) =>
        $"api/v1/query_range?query={Uri.EscapeDataString(query)}&start={start}&end={end}&step={step}";

    private static async Task<(HttpStatusCode Status, string ErrorType, string Error)> Refusal(TestProxy proxy, string path, string receiver = "a")
    {
        var (status, json) = await proxy.GetJsonAsync($"{receiver}/{path}", receiver == "b" ? TestProxy.Basic("grafana-b", "b-password") : null);
        if (status == HttpStatusCode.OK) return (status, "", "");
        json.GetProperty("status").GetString().Should().Be("error");
        return (status, json.GetProperty("errorType").GetString()!, json.GetProperty("error").GetString()!);
    }

    private int Forwarded(string endpoint) => _upstream.Requests.Count(r => r.Path == "/api/v1/" + endpoint);

    [Fact]
    public async Task A_range_query_over_11000_points_is_refused_as_Prometheus_refuses_it_and_never_forwarded()
    {
        await using var proxy = await TestProxy.StartAsync(Config(b: "max_points: 20000"));

        (await Refusal(proxy, RangeQuery("up", 0, 11_001, 1))).Should().Be((HttpStatusCode.BadRequest, "bad_data",
            "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"));
        (await Refusal(proxy, RangeQuery("up", 1_000, 1_000 + 22 * 11_001, 22))).Status.Should().Be(HttpStatusCode.BadRequest);
        using (var post = await proxy.Client.PostAsync("a/api/v1/query_range", new FormUrlEncodedContent([new("query", "up"), new("start", "0"), new("end", "110010"), new("step", "10")])))
            post.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Forwarded("query_range").Should().Be(0);

        (await Refusal(proxy, RangeQuery("up", 0, 11_000, 1))).Status.Should().Be(HttpStatusCode.OK, "11,000 steps are allowed, as in Prometheus");
        (await Refusal(proxy, RangeQuery("up", 0, 11_001, 1), "b")).Status.Should().Be(HttpStatusCode.OK, "receiver b allows 20,000");
        (await Refusal(proxy, RangeQuery("up", 0, 20_001, 1), "b")).Error.Should().StartWith("exceeded maximum resolution of 20,000 points per timeseries.");
        Forwarded("query_range").Should().Be(2);

        var metrics = await proxy.Client.GetStringAsync("metrics");
        metrics.Should().Contain("hesione_refusals_total{receiver=\"a\",reason=\"max_points\"} 3")
            .And.Contain("hesione_refusals_total{receiver=\"b\",reason=\"max_points\"} 1");
    }

    [Theory]
    [InlineData("start=abc&end=10&step=1", "invalid parameter \"start\": cannot parse \"abc\" to a valid timestamp")]
    [InlineData("end=10&step=1", "invalid parameter \"start\": cannot parse \"\" to a valid timestamp")]
    [InlineData("start=0&step=1", "invalid parameter \"end\": cannot parse \"\" to a valid timestamp")]
    [InlineData("start=20&end=10&step=1", "invalid parameter \"end\": end timestamp must not be before start time")]
    [InlineData("start=0&end=10&step=1x", "invalid parameter \"step\": cannot parse \"1x\" to a valid duration")]
    [InlineData("start=0&end=10&step=0", "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer")]
    [InlineData("start=0&end=10&step=-1m", "invalid parameter \"step\": cannot parse \"-1m\" to a valid duration")]
    [InlineData("start=0x10&end=20&step=1", "invalid parameter \"start\": cannot parse \"0x10\" to a valid timestamp")]
    public async Task Range_query_times_that_cannot_be_bounded_are_refused(string parameters, string error)
    {
        await using var proxy = await TestProxy.StartAsync(Config());
        (await Refusal(proxy, "api/v1/query_range?query=up&" + parameters)).Should().Be((HttpStatusCode.BadRequest, "bad_data", error));
        Forwarded("query_range").Should().Be(0);
    }

    [Fact]
    public async Task The_window_of_a_range_query_over_max_range_is_refused_and_a_receiver_overrides_the_global_limit()
    {
        await using var proxy = await TestProxy.StartAsync(Config(top: "max_range: 1d", b: "max_range: 0"));

        (await Refusal(proxy, RangeQuery("up", 0, 86_401, 60))).Should().Be((HttpStatusCode.BadRequest, "bad_data",
            "the time range of the request (1d1s) is longer than this receiver's max_range 1d"));
        (await Refusal(proxy, "api/v1/query_range?query=up&start=2025-01-01T00:00:00Z&end=2025-01-02T00:00:00.001Z&step=60")).Error
            .Should().Be("the time range of the request (1d1ms) is longer than this receiver's max_range 1d");
        Forwarded("query_range").Should().Be(0);

        (await Refusal(proxy, RangeQuery("up", 0, 86_400, 60))).Status.Should().Be(HttpStatusCode.OK);
        (await Refusal(proxy, RangeQuery("up", 0, 10 * 86_400, 3600), "b")).Status.Should().Be(HttpStatusCode.OK, "max_range: 0 lifts the global limit");
        Forwarded("query_range").Should().Be(2);
        (await proxy.Client.GetStringAsync("metrics")).Should().Contain("hesione_refusals_total{receiver=\"a\",reason=\"max_range\"} 2");
    }

    [Theory]
    [InlineData("rate(http_requests_total[2d])", "2d")]
    [InlineData("rate(http_requests_total[1d] offset 1s)", "1d1s")]
    [InlineData("http_requests_total offset 25h", "1d1h")]
    [InlineData("max_over_time(rate(http_requests_total[5m])[23h:1m] offset 1h)", "1d5m")]
    [InlineData("sum(up) + max_over_time(max_over_time(up[12h])[12h:5m] offset 1m)", "1d1m")]
    [InlineData("absent_over_time(up[1y])", "1y")]
    public async Task A_range_selector_or_subquery_reaching_back_over_max_range_is_refused(string query, string reach)
    {
        await using var proxy = await TestProxy.StartAsync(Config(top: "max_range: 1d", b: "max_range: 400d"));

        var expected = (HttpStatusCode.BadRequest, "bad_data",
            $"the query reads {reach} back (its longest range selector or subquery window, offsets included), more than this receiver's max_range 1d");
        (await Refusal(proxy, $"api/v1/query?query={Uri.EscapeDataString(query)}&time={Now}")).Should().Be(expected);
        (await Refusal(proxy, RangeQuery(query, Now - 3600, Now, 60))).Should().Be(expected);
        Forwarded("query").Should().Be(0);
        Forwarded("query_range").Should().Be(0);

        (await Refusal(proxy, $"api/v1/query?query={Uri.EscapeDataString(query)}&time={Now}", "b")).Status.Should().Be(HttpStatusCode.OK);
        Forwarded("query").Should().Be(1);
    }

    [Theory]
    [InlineData("rate(x[290000y])")]
    [InlineData("rate(x[29227y])")]
    [InlineData("rate(x[2000y]) + rate(x[2000y] offset 2000y) + rate(x[2000y] offset 90000000000000000000)")]
    [InlineData("max_over_time(x[1d:1m] offset 1e300)")]
    public async Task Extreme_ranges_and_offsets_are_refused_or_rejected_without_an_error(string query)
    {
        await using var proxy = await TestProxy.StartAsync(Config(top: "max_range: 1d"));
        var (status, type, _) = await Refusal(proxy, $"api/v1/query?query={Uri.EscapeDataString(query)}&time={Now}");
        (status, type).Should().Be((HttpStatusCode.BadRequest, "bad_data"));
        (await Refusal(proxy, "api/v1/series?match[]=up&start=-292273086-05-16T16:47:06Z&end=292277026596-12-04T15:30:07.999999999Z")).Error
            .Should().Be("the time range of the request (without bound) is longer than this receiver's max_range 1d");
        (await Refusal(proxy, "api/v1/series?match[]=up&start=-9e18&end=9e18")).Status.Should().Be(HttpStatusCode.BadRequest);
        _upstream.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("rate(http_requests_total[1d])")]
    [InlineData("http_requests_total offset -30d")]
    [InlineData("max_over_time(rate(http_requests_total[5m])[23h:1m] offset 55m)")]
    [InlineData("up{job=\"offset[99d]\"}")]
    [InlineData("sum(rate(http_requests_total[5m])) / sum(rate(http_requests_total[1h]))")]
    public async Task Queries_within_max_range_are_forwarded(string query)
    {
        await using var proxy = await TestProxy.StartAsync(Config(top: "max_range: 1d"));
        (await Refusal(proxy, $"api/v1/query?query={Uri.EscapeDataString(query)}&time={Now}")).Status.Should().Be(HttpStatusCode.OK);
        (await Refusal(proxy, RangeQuery(query, Now - 86_400, Now, 60))).Status.Should().Be(HttpStatusCode.OK);
        Forwarded("query").Should().Be(1);
        Forwarded("query_range").Should().Be(1);
    }

    [Theory]
    [InlineData("rate(up[5i])")]
    [InlineData("up offset 1i")]
    [InlineData("rate(up[1.5h])")]
    [InlineData("sum(up) offset 1h")]
    [InlineData("max_over_time(rate(up[5m])[23h:10i] offset 30m)")]
    [InlineData("up offset -30d")]
    public async Task MetricsQL_queries_within_max_range_are_forwarded_on_a_metricsql_receiver(string query)
    {
        await using var proxy = await TestProxy.StartAsync(Config(top: "max_range: 1d", a: "flavor: victoriametrics"));

        (await Refusal(proxy, $"api/v1/query?query={Uri.EscapeDataString(query)}&time={Now}")).Status.Should().Be(HttpStatusCode.OK);
        (await Refusal(proxy, RangeQuery(query, Now - 3600, Now, 60))).Status.Should().Be(HttpStatusCode.OK);
        Forwarded("query").Should().Be(1);
        Forwarded("query_range").Should().Be(1);
    }

    [Theory]
    [InlineData("rate(up[2d])", 60, "2d")]
    [InlineData("up offset 2d", 60, "2d1m")]
    [InlineData("sum(up) offset 2d", 60, "2d1m")]
    [InlineData("rate(up[100i])", 3600, "4d4h")]
    [InlineData("up offset 23h30m", 3600, "1d30m")]
    [InlineData("max_over_time(up[23h:2h] offset 30m)", 60, "1d1h30m")]
    public async Task MetricsQL_queries_reaching_back_over_max_range_are_refused_on_a_metricsql_receiver(string query, long step, string reach)
    {
        await using var proxy = await TestProxy.StartAsync(Config(top: "max_range: 1d", a: "flavor: victoriametrics"));

        (await Refusal(proxy, RangeQuery(query, Now - 3600, Now, step))).Should().Be((HttpStatusCode.BadRequest, "bad_data",
            $"the query reads {reach} back (its longest range selector or subquery window, offsets included), more than this receiver's max_range 1d"));
        Forwarded("query_range").Should().Be(0);
    }

    [Theory]
    [InlineData("max_lookback")]
    [InlineData("lookback_delta")]
    public async Task A_MetricsQL_selector_without_a_window_reads_back_max_lookback_under_max_range(string parameter)
    {
        await using var proxy = await TestProxy.StartAsync(Config(top: "max_range: 1d", a: "flavor: victoriametrics"));

        (await Refusal(proxy, $"api/v1/query?query={Uri.EscapeDataString("up offset 23h")}&time={Now}&step=60&{parameter}=2h")).Should().Be((HttpStatusCode.BadRequest, "bad_data",
            "the query reads 1d1h back (its longest range selector or subquery window, offsets included), more than this receiver's max_range 1d"));
        (await Refusal(proxy, $"api/v1/query?query={Uri.EscapeDataString("up offset 20h")}&time={Now}&step=60&{parameter}=2h")).Status.Should().Be(HttpStatusCode.OK);
        Forwarded("query").Should().Be(1);
    }

    [Theory]
    [InlineData("series?match[]=up", "invalid parameter \"start\": needed, as this receiver's requests may span at most 1d (max_range)")]
    [InlineData("labels?start=0&end=86401", "the time range of the request (1d1s) is longer than this receiver's max_range 1d")]
    [InlineData("label/job/values?end=86400", "invalid parameter \"start\": needed, as this receiver's requests may span at most 1d (max_range)")]
    [InlineData("query_exemplars?query=up&start=0&end=90000", "the time range of the request (1d1h) is longer than this receiver's max_range 1d")]
    [InlineData("series?match[]=up&start=nope", "invalid parameter \"start\": cannot parse \"nope\" to a valid timestamp")]
    public async Task Series_labels_label_values_and_exemplars_over_max_range_are_refused(string path, string error)
    {
        await using var proxy = await TestProxy.StartAsync(Config(top: "max_range: 1d"));
        (await Refusal(proxy, "api/v1/" + path)).Should().Be((HttpStatusCode.BadRequest, "bad_data", error));
        _upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Series_labels_and_label_values_within_max_range_are_forwarded_and_a_missing_end_counts_as_now()
    {
        await using var proxy = await TestProxy.StartAsync(Config(top: "max_range: 1d"));
        (await Refusal(proxy, "api/v1/series?match[]=up&start=0&end=86400")).Status.Should().Be(HttpStatusCode.OK);
        (await Refusal(proxy, $"api/v1/labels?start={Now - 3600}")).Status.Should().Be(HttpStatusCode.OK);
        (await Refusal(proxy, $"api/v1/label/job/values?start={Now - 86_000}")).Status.Should().Be(HttpStatusCode.OK);
        (await Refusal(proxy, $"api/v1/label/job/values?start={Now - 2 * 86_400}")).Status.Should().Be(HttpStatusCode.BadRequest);
        using (var post = await proxy.Client.PostAsync("a/api/v1/series", new FormUrlEncodedContent([new("match[]", "up"), new("start", "0"), new("end", "86401")])))
            post.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        _upstream.Requests.Should().HaveCount(3);

        await using var unlimited = await TestProxy.StartAsync(Config());
        (await Refusal(unlimited, "api/v1/series?match[]=up")).Status.Should().Be(HttpStatusCode.OK, "without max_range, all time stays allowed");
    }

    [Fact]
    public async Task A_burst_over_rate_limit_gets_429_with_Retry_After_and_never_reaches_the_backend()
    {
        await using var proxy = await TestProxy.StartAsync(Config(a: "rate_limit: {requests_per_second: 0.2, burst: 3}", b: "rate_limit: {requests_per_second: 1000, burst: 1000}"));

        for (var i = 0; i < 3; i++) (await proxy.Client.GetAsync("a/api/v1/query?query=up")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var refused = await proxy.Client.GetAsync("a/api/v1/query?query=up");
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5), "one token every 5 s, in whole seconds rounded up");
        (await refused.Content.ReadAsStringAsync()).Should().Be(
            """{"status":"error","errorType":"unavailable","error":"too many requests for this receiver (rate_limit: 0.2 per second, burst 3)"}""");
        (await proxy.Client.GetAsync("a/api/v1/labels")).StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "every endpoint of the receiver shares its bucket");
        Forwarded("query").Should().Be(3);
        Forwarded("labels").Should().Be(0);

        for (var i = 0; i < 20; i++)
            (await proxy.GetJsonAsync("b/api/v1/query?query=up", TestProxy.Basic("grafana-b", "b-password"))).Status.Should().Be(HttpStatusCode.OK, "b has a bucket of its own");
        (await proxy.Client.GetStringAsync("metrics")).Should().Contain("hesione_refusals_total{receiver=\"a\",reason=\"rate_limit\"} 2");
    }

    [Fact]
    public async Task Requests_that_fail_authentication_take_no_token_and_the_global_rate_limit_gives_each_receiver_a_bucket()
    {
        await using var proxy = await TestProxy.StartAsync(Config(top: "rate_limit: {requests_per_second: 0.1, burst: 2}"));
        for (var i = 0; i < 10; i++)
            (await proxy.GetJsonAsync("b/api/v1/query?query=up", TestProxy.Basic("grafana-b", "wrong"))).Status.Should().Be(HttpStatusCode.Unauthorized);
        for (var i = 0; i < 2; i++)
        {
            (await proxy.GetJsonAsync("b/api/v1/query?query=up", TestProxy.Basic("grafana-b", "b-password"))).Status.Should().Be(HttpStatusCode.OK);
            (await proxy.GetJsonAsync("a/api/v1/query?query=up")).Status.Should().Be(HttpStatusCode.OK);
        }
        (await proxy.GetJsonAsync("b/api/v1/query?query=up", TestProxy.Basic("grafana-b", "b-password"))).Status.Should().Be(HttpStatusCode.TooManyRequests);
        (await proxy.GetJsonAsync("a/api/v1/query?query=up")).Status.Should().Be(HttpStatusCode.TooManyRequests);
        Forwarded("query").Should().Be(4);
    }
}
