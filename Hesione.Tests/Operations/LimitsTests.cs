using System.Net;
using FluentAssertions;
using Hesione.Server.Configuration;
using Hesione.Server.Plan;
using Hesione.Tests.Server;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary>Per-receiver concurrency limit (429 beyond it) and the validation of the limits in the config.</summary>
public sealed class LimitsTests
{
    [Fact]
    public async Task Requests_beyond_max_concurrent_get_429_in_the_Prometheus_error_shape()
    {
        await using var upstream = await KestrelFakeUpstream.StartAsync();
        var release = new TaskCompletionSource();
        var arrived = new TaskCompletionSource();
        upstream.Respond = async context =>
        {
            arrived.TrySetResult();
            await release.Task;
            await context.Response.WriteAsync("""{"status":"success","data":[]}""");
        };
        await using var proxy = await TestProxy.StartAsync($"""
            receivers:
              - name: team-a
                prom: {upstream.BaseAddress}
                label_name: namespace
                label: team-a
                max_concurrent: 1
              - name: team-b
                prom: {upstream.BaseAddress}
                label_name: namespace
                label: team-b
            """);
        var first = proxy.Client.GetAsync("team-a/api/v1/query?query=up");
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var (status, error) = await proxy.GetJsonAsync("team-a/api/v1/query?query=up");
        status.Should().Be(HttpStatusCode.TooManyRequests);
        error.GetProperty("status").GetString().Should().Be("error");
        error.GetProperty("error").GetString().Should().Contain("at most 1");

        release.SetResult();
        (await first).StatusCode.Should().Be(HttpStatusCode.OK);
        (await proxy.Client.GetAsync("team-a/api/v1/query?query=up")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("max_concurrent: 0\n", "max_concurrent")]
    [InlineData("max_response_bytes: 10\n", "max_response_bytes")]
    [InlineData("receivers_placeholder", "receivers[0].max_concurrent")]
    public void Limits_are_validated(string top, string path)
    {
        var receiverLimit = top == "receivers_placeholder" ? "    max_concurrent: -3\n" : "";
        var yaml = (top == "receivers_placeholder" ? "" : top) + "receivers:\n  - name: a\n    prom: http://127.0.0.1:9090\n    label_name: namespace\n    label: a\n" + receiverLimit;

        var act = () => ConfigLoader.Parse(yaml, Path.GetTempPath());

        act.Should().Throw<ConfigException>().Which.Problems.Should().Contain(p => p.StartsWith(path + ":"));
    }

    [Fact]
    public void Limits_have_defaults_and_a_receiver_may_override_the_global_one()
    {
        var config = ConfigLoader.Parse("""
            max_concurrent: 10
            receivers:
              - {name: a, prom: "http://127.0.0.1:9090", label_name: namespace, label: a}
              - {name: b, prom: "http://127.0.0.1:9090", label_name: namespace, label: b, max_concurrent: 3}
            """, Path.GetTempPath());

        config.ReceiversByName["a"].MaxConcurrent.Should().Be(10);
        config.ReceiversByName["b"].MaxConcurrent.Should().Be(3);
        config.MaxResponseBytes.Should().Be(ProxyConfig.DefaultMaxResponseBytes);
        ConfigLoader.Parse("receivers: [{name: a, prom: \"http://x:1\", label_name: n, label: a}]", Path.GetTempPath())
            .Receivers[0].MaxConcurrent.Should().Be(ProxyConfig.DefaultMaxConcurrent);
    }
}
