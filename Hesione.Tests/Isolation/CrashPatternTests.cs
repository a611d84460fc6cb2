using System.Net;
using FluentAssertions;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.MetricsQL;
using Hesione.Server.Configuration;
using Hesione.Server.Enforcement;
using Hesione.Tests.Backends;
using Hesione.Tests.Server;
using Xunit;

namespace Hesione.Tests.Isolation;

/// <summary>
/// A small VictoriaMetrics of its own (never the shared one of the other real-backend tests: a failing test here may
/// crash it) behind a proxy with a scoped and an unrestricted <c>flavor: victoriametrics</c> receiver, and a
/// Prometheus-flavor receiver with the same scope whose <c>format_query</c> never reaches the backend.
/// </summary>
public sealed class CrashPatternFixture : IAsyncLifetime, IStartsRealBackends
{
    private Backend? _victoriaMetrics;
    private TestProxy? _proxy;

    internal Backend VictoriaMetrics => _victoriaMetrics ?? throw new InvalidOperationException("not started");

    internal TestProxy Proxy => _proxy ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        if (BackendBinaries.SkipReason is not null) return;
        _victoriaMetrics = await Servers.StartVictoriaMetricsAsync("crash patterns", CrashPatternTests.FewSeries());
        _proxy = await TestProxy.StartAsync($"""
            receivers:
              - name: vm
                prom: {_victoriaMetrics.BaseAddress}
                flavor: victoriametrics
                label_name: namespace
                label: team-a
              - name: vm-unrestricted
                prom: {_victoriaMetrics.BaseAddress}
                flavor: victoriametrics
                unrestricted: true
              - name: prom
                prom: http://127.0.0.1:1
                label_name: namespace
                label: team-a
            """);
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
        if (_victoriaMetrics is not null) await _victoriaMetrics.DisposeAsync();
    }
}

/// <summary>
/// Each row of <see cref="BackendCrashPatterns"/> is a real crash of its backend, refused by the proxy on the enforced
/// form while the backend stays alive; near misses that do not crash it are still served.
/// </summary>
public sealed class CrashPatternTests(CrashPatternFixture fixture) : IClassFixture<CrashPatternFixture>
{
    private static readonly LabelScope TeamA = LabelScope.Single("namespace", "team-a");
    private static readonly string End = TestData.End.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static List<SyntheticSeries> FewSeries() => [.. TestData.ForTenants(["team-a"]).Take(3)];

    public static TheoryData<string> Rows() => [.. BackendCrashPatterns.All.Select(p => p.Name)];

    /// <summary>
    /// A selector row needs the scope's matchers to crash the backend (its example alone is harmless); a MetricsQL node
    /// row (durations, limit_offset) crashes it on its own, enforced as MetricsQL.
    /// </summary>
    [BackendTheory]
    [MemberData(nameof(Rows))]
    public async Task A_row_crashes_its_backend_when_sent_directly_and_the_proxy_refuses_it(string name)
    {
        var row = BackendCrashPatterns.All.Single(p => p.Name == name);
        row.Flavor.Should().Be(Flavor.VictoriaMetrics, because: "this fixture has a VictoriaMetrics only; a row of another flavor needs its backend here");
        var byNode = row.CrashesOnNode is not null;
        var enforced = byNode ? new MetricsQLEnforcer(TeamA).EnforceQuery(row.Example) : new LabelEnforcer(TeamA).EnforceQuery(row.Example);
        enforced.Success.Should().BeTrue();

        await using (var victim = await Servers.StartVictoriaMetricsAsync("crash victim", FewSeries()))
        {
            if (!byNode)
                (await Query(victim.BaseAddress, "api/v1/query", row.Example)).Status.Should().Be(HttpStatusCode.OK,
                    because: "the example alone is harmless: the scope's own matchers complete the pattern");
            await QueryIgnoringFailure(victim.BaseAddress, enforced.Value!);
            (await Exited(victim.Process)).Should().BeTrue(because: $"the enforced example {enforced.Value} crashes {row.Flavor}");
        }

        var refused = await Query(fixture.Proxy.BaseAddress, "vm/api/v1/query", row.Example);
        refused.ShouldBeApiError(HttpStatusCode.BadRequest, "bad_data");
        refused.Body.Should().Contain(row.Message);
        await ShouldBeAlive();
    }

    /// <summary>Found by the red team: VictoriaMetrics 1.79 panics on any duration past an int64 of milliseconds, and no default guard bounds them.</summary>
    [BackendTheory]
    [InlineData("up[9999999999999d]")]
    [InlineData("rate(up[9999999999999d])")]
    [InlineData("up offset 9999999999999d")]
    [InlineData("up offset -106751991168d")]
    [InlineData("rate(up[5m:9999999999999d])")]
    [InlineData("rate(up[1m] offset 9999999999999d)")]
    [InlineData("rate(up[1e300])")]
    [InlineData("rate(up[106751991168d])")]
    [InlineData("rate(up[9223372036854775807ms])")]
    [InlineData("rate(up[1h-9999999999999d])")]
    [InlineData("rate(up[99999999999999999i])")]
    [InlineData("rate(up[1m:99999999999999999i])")]
    [InlineData("up offset 99999999999999999i")]
    [InlineData("with (w = 9999999999999d) rate(up[w])")]
    [InlineData("sum(rate(up[9999999999999d])) by (job)")]
    public async Task Durations_too_long_for_VictoriaMetrics_are_refused_on_every_query_endpoint_and_the_backend_stays_alive(string query)
    {
        await ShouldBeRefusedOnEveryQueryEndpoint(query, alsoUnrestricted: true);
        await ShouldBeAlive();
    }

    /// <summary>Found by the red team: VictoriaMetrics 1.79 panics on limit_offset with a negative, NaN or huge limit or offset.</summary>
    [BackendTheory]
    [InlineData("limit_offset(1, -1, up)")]
    [InlineData("limit_offset(-1, 0, up)")]
    [InlineData("LIMIT_Offset(1, -1, up)")]
    [InlineData("limit_offset(1e19, 0, up)")]
    [InlineData("limit_offset(1, 1e19, up)")]
    [InlineData("limit_offset(nan, 0, up)")]
    [InlineData("limit_offset(1, 0 - 1, up)")]
    [InlineData("limit_offset(scalar(up), 0, up)")]
    [InlineData("limit_offset(1, time() - time() - 1, nonexistent)")]
    [InlineData("with (f(a, b, c) = limit_offset(a, b, c)) f(1, -1, up)")]
    [InlineData("sum(limit_offset(1, -1, up)) by (job)")]
    public async Task Limit_offset_arguments_that_crash_VictoriaMetrics_are_refused_and_the_backend_stays_alive(string query)
    {
        foreach (var path in new[] { "vm/api/v1/query", "vm-unrestricted/api/v1/query" })
        {
            var refused = await Query(fixture.Proxy.BaseAddress, path, query);
            refused.ShouldBeApiError(HttpStatusCode.BadRequest, "bad_data");
            refused.Body.Should().Contain("crashes VictoriaMetrics");
        }
        await ShouldBeAlive();
    }

    [BackendTheory]
    [InlineData("limit_offset(1, 0, up)")]
    [InlineData("limit_offset(0, 0, up)")]
    [InlineData("limit_offset(2, 5, up)")]
    [InlineData("limit_offset(1.5, 0.5, up)")]
    [InlineData("limit_offset(1e15, 1e15, up)")]
    [InlineData("rate(up[50000000000d])")]
    [InlineData("up offset 200000d")]
    [InlineData("rate(up[100y])")]
    [InlineData("rate(up[1000i])")]
    [InlineData("rate(up[$__interval])")]
    [InlineData("rate(up[300])")]
    public async Task Near_misses_of_the_limit_offset_and_duration_rows_that_VictoriaMetrics_holds_are_served(string query)
    {
        var answer = await Query(fixture.Proxy.BaseAddress, "vm/api/v1/query", query);
        answer.Status.Should().Be(HttpStatusCode.OK, because: answer.ToString());
        await ShouldBeAlive();
    }

    [BackendTheory]
    [InlineData("""{__name__="nan"} + up""")]
    [InlineData("""{__name__="NaN"} * 2""")]
    [InlineData("""-{__name__="Inf"}""")]
    [InlineData("""{__name__="iNF"} > bool 1""")]
    [InlineData("""{__name__="-Inf"} + up""")]
    [InlineData("""{__name__="+nan"} or up""")]
    [InlineData("""up and on(job) {__name__="inf"}""")]
    [InlineData("""sum({__name__="nan"}) + 1""")]
    [InlineData("""rate({__name__="nan"}[5m]) * 2""")]
    [InlineData("""max_over_time({__name__="nan"}[5m:1m]) / 2""")]
    [InlineData("""{__name__="nan"}[5m:1m]""")]
    [InlineData("""{"nan"} + up""")]
    [InlineData("""{"Inf", job="x"} @ 100 + up""")]
    public async Task Variants_with_the_scope_are_refused_on_every_query_endpoint_and_the_backend_stays_alive(string query)
    {
        await ShouldBeRefusedOnEveryQueryEndpoint(query, alsoUnrestricted: false);
        await ShouldBeAlive();
    }

    [BackendFact]
    public async Task An_unrestricted_receiver_refuses_the_pattern_only_with_another_matcher()
    {
        (await Query(fixture.Proxy.BaseAddress, "vm-unrestricted/api/v1/query", """{__name__="nan", job="x"} + up""")).ShouldBeApiError(HttpStatusCode.BadRequest, "bad_data");
        (await Query(fixture.Proxy.BaseAddress, "vm-unrestricted/api/v1/query", """{__name__="nan"} + up""")).Status.Should().Be(HttpStatusCode.OK);
        await ShouldBeAlive();
    }

    [BackendTheory]
    [InlineData("""{__name__=~"nan"} + up""")]
    [InlineData("""{__name__=~"(?i)inf"} * 2""")]
    [InlineData("""{__name__="nan_x"} + up""")]
    [InlineData("""{__name__="infinity"} + up""")]
    [InlineData("""{__name__!="nan", job="x"} * 2""")]
    public async Task Near_misses_that_do_not_crash_it_are_served(string query)
    {
        var answer = await Query(fixture.Proxy.BaseAddress, "vm/api/v1/query", query);
        answer.Status.Should().Be(HttpStatusCode.OK, because: answer.ToString());
        await ShouldBeAlive();
    }

    [BackendFact]
    public async Task Series_selectors_did_not_crash_it_and_are_not_refused()
    {
        foreach (var path in new[] { "vm/api/v1/series", "vm/api/v1/labels", "vm/api/v1/label/job/values" })
        {
            var answer = await Api.GetAsync(fixture.Proxy.BaseAddress, path, Api.P(("match[]", """{__name__="nan"}"""), ("start", "0"), ("end", End)));
            answer.Status.Should().Be(HttpStatusCode.OK, because: $"{path}: {answer}");
        }
        await ShouldBeAlive();
    }

    [BackendFact]
    public async Task Other_flavors_are_not_refused()
    {
        var formatted = await Query(fixture.Proxy.BaseAddress, "prom/api/v1/format_query", """{__name__="nan"} + up""");
        formatted.Status.Should().Be(HttpStatusCode.OK, because: formatted.ToString());
        formatted.Body.Should().Contain("nan");
    }

    /// <summary>
    /// The query is refused as a crash pattern by GET and by POST, as an instant and as a range query on the scoped
    /// receiver, and (<paramref name="alsoUnrestricted"/>) as an instant query on the unrestricted one.
    /// </summary>
    private async Task ShouldBeRefusedOnEveryQueryEndpoint(string query, bool alsoUnrestricted)
    {
        foreach (var post in new[] { false, true })
        {
            var instant = await Api.RequestAsync(post, fixture.Proxy.BaseAddress, "vm/api/v1/query", Api.P(("query", query), ("time", End)));
            instant.ShouldBeApiError(HttpStatusCode.BadRequest, "bad_data");
            instant.Body.Should().Contain("crashes VictoriaMetrics");
            var range = await Api.RequestAsync(post, fixture.Proxy.BaseAddress, "vm/api/v1/query_range",
                Api.P(("query", query), ("start", "0"), ("end", End), ("step", "3600")));
            range.ShouldBeApiError(HttpStatusCode.BadRequest, "bad_data");
            if (!alsoUnrestricted) continue;
            var unrestricted = await Api.RequestAsync(post, fixture.Proxy.BaseAddress, "vm-unrestricted/api/v1/query", Api.P(("query", query), ("time", End)));
            unrestricted.ShouldBeApiError(HttpStatusCode.BadRequest, "bad_data");
        }
    }

    private static Task<Answer> Query(Uri baseAddress, string path, string query) =>
        Api.GetAsync(baseAddress, path, Api.P(("query", query), ("time", End)));

    private static async Task QueryIgnoringFailure(Uri baseAddress, string query)
    {
        try
        {
            await Query(baseAddress, "api/v1/query", query);
        }
        catch (HttpRequestException)
        {
            // The backend died while answering.
        }
    }

    private static async Task<bool> Exited(BackendProcess process)
    {
        for (var i = 0; i < 100 && !process.HasExited; i++) await Task.Delay(50);
        return process.HasExited;
    }

    private async Task ShouldBeAlive()
    {
        fixture.VictoriaMetrics.Process.HasExited.Should().BeFalse();
        var health = await Api.GetAsync(fixture.VictoriaMetrics.BaseAddress, "health");
        health.Status.Should().Be(HttpStatusCode.OK);
        var served = await Query(fixture.Proxy.BaseAddress, "vm/api/v1/query", "count(up)");
        served.Status.Should().Be(HttpStatusCode.OK, because: served.ToString());
    }
}

/// <summary>The crash-pattern table on its own: which selectors of an enforced query each row matches.</summary>
public sealed class CrashPatternTableTests
{
    [Theory]
    [InlineData("""{__name__="nan",namespace="team-a"} + up""", true)]
    [InlineData("""{__name__="-INF",job="x"}""", true)]
    [InlineData("""{__name__="+Nan",__name__!="x"}""", true)]
    [InlineData("""{__name__="nan"} + up""", false)]
    [InlineData("""{__name__=~"nan",job="x"}""", false)]
    [InlineData("""{__name__="nan1",job="x"}""", false)]
    [InlineData("""{__name__="--inf",job="x"}""", false)]
    [InlineData("""foo{job="nan"}""", false)]
    public void The_VictoriaMetrics_row_matches_a_numeric_metric_name_with_another_matcher(string query, bool refused)
    {
        var parsed = Hesione.PromQL.Parsing.PromQLParser.Parse(query);
        parsed.Success.Should().BeTrue();
        (BackendCrashPatterns.Find(BackendCrashPatterns.For(Flavor.VictoriaMetrics), parsed.Value!) is not null).Should().Be(refused);
        BackendCrashPatterns.Find(BackendCrashPatterns.For(Flavor.Prometheus), parsed.Value!).Should().BeNull();
    }

    [Fact]
    public void Every_row_has_a_name_a_message_and_an_example()
    {
        BackendCrashPatterns.All.Should().NotBeEmpty();
        BackendCrashPatterns.All.Select(p => p.Name).Should().OnlyHaveUniqueItems();
        BackendCrashPatterns.All.Should().OnlyContain(p => p.Message.Length > 0 && p.Example.Length > 0);
    }
}
