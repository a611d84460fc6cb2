using System.Net;
using FluentAssertions;
using Hesione.Tests.Server;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary>An answer the proxy must filter but cannot is a 502, never passed on; upstream errors are passed on unchanged.</summary>
public sealed class UnfilterableAnswerTests : IAsyncLifetime
{
    private KestrelFakeUpstream _upstream = null!;
    private TestProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _upstream = await KestrelFakeUpstream.StartAsync();
        _proxy = await TestProxy.StartAsync($"""
            max_response_bytes: 2048
            receivers:
              - name: team-a
                prom: {new Uri(_upstream.BaseAddress, "prefix/")}
                label_name: namespace
                label: team-a
            """);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"status":"success","data":{"groups":[{"name":"g","rules":[{"type":"alerting","labels":{"namespace":["x"]}}]}]}}""")]
    public async Task A_malformed_answer_is_a_502(string body)
    {
        _upstream.Respond = context => context.Response.WriteAsync(body);

        var (status, json) = await _proxy.GetJsonAsync("team-a/api/v1/rules");

        status.Should().Be(HttpStatusCode.BadGateway);
        json.GetProperty("status").GetString().Should().Be("error");
        json.ToString().Should().NotContain("namespace");
    }

    [Fact]
    public async Task An_answer_over_the_size_limit_is_a_502()
    {
        var alert = """{"labels":{"namespace":"team-a"}},""";
        _upstream.Respond = context => context.Response.WriteAsync("""{"status":"success","data":{"alerts":[""" + string.Concat(Enumerable.Repeat(alert, 100)) + """{"labels":{}}]}}""");

        (await _proxy.GetJsonAsync("team-a/api/v1/alerts")).Status.Should().Be(HttpStatusCode.BadGateway);
    }

    [Fact]
    public async Task An_upstream_error_is_passed_on_and_the_path_prefix_is_kept()
    {
        _upstream.Respond = context =>
        {
            context.Response.StatusCode = 503;
            return context.Response.WriteAsync("""{"status":"error","errorType":"unavailable","error":"rule manager not ready"}""");
        };

        var (status, json) = await _proxy.GetJsonAsync("team-a/api/v1/rules?type=alert&match[]=x&group_limit=1");

        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        json.GetProperty("error").GetString().Should().Be("rule manager not ready");
        _upstream.Requests.Last().Path.Should().Be("/prefix/api/v1/rules");
        _upstream.Requests.Last().Query.Should().Be("type=alert");
    }

    [Fact]
    public async Task Metadata_asks_for_the_tenants_metric_names_with_the_scope()
    {
        _upstream.Respond = context => context.Response.WriteAsync(context.Request.Path.Value!.Contains("__name__")
            ? """{"status":"success","data":["mine"]}"""
            : """{"status":"success","data":{"mine":[{"type":"gauge","help":"h","unit":""}],"theirs":[{"type":"gauge","help":"h","unit":""}]}}""");

        var (status, json) = await _proxy.GetJsonAsync("team-a/api/v1/metadata?metric=x&limit=5");

        status.Should().Be(HttpStatusCode.OK);
        json.GetProperty("data").EnumerateObject().Select(p => p.Name).Should().Equal("mine");
        var requests = _upstream.Requests.ToList();
        requests[^2].Path.Should().Be("/prefix/api/v1/label/__name__/values");
        requests[^2].Query.Should().Be("match%5B%5D=" + Uri.EscapeDataString("{namespace=\"team-a\"}"));
        requests[^1].Query.Should().Be("metric=x");
    }
}
