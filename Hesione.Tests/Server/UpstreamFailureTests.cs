using System.Net;
using FluentAssertions;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Hesione.Tests.Server;

public sealed class UpstreamFailureTests
{
    [Fact]
    public async Task A_503_is_retried_and_the_later_200_returned()
    {
        await using var upstream = await KestrelFakeUpstream.StartAsync();
        var calls = 0;
        upstream.Respond = async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("busy");
                return;
            }
            await context.Response.WriteAsync("""{"status":"success"}""");
        };
        await using var proxy = await TestProxy.StartAsync(TestProxy.Config(upstream.BaseAddress));

        using var response = await proxy.Client.PostAsync("team-a/api/v1/query", new FormUrlEncodedContent([new("query", "up")]));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"status":"success"}""");
        upstream.Requests.Should().HaveCount(2).And.OnlyContain(r => r.Body == "query=up%7Bnamespace%3D%22team-a%22%7D");
    }

    [Fact]
    public async Task A_persistent_503_is_passed_through_after_the_retries()
    {
        await using var upstream = await KestrelFakeUpstream.StartAsync();
        upstream.Respond = async context =>
        {
            context.Response.StatusCode = 503;
            await context.Response.WriteAsync("still busy");
        };
        await using var proxy = await TestProxy.StartAsync(TestProxy.Config(upstream.BaseAddress, top: "retries: 1"));

        using var response = await proxy.Client.GetAsync("team-a/api/v1/query?query=up");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).Should().Be("still busy");
        upstream.Requests.Should().HaveCount(2);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(400)]
    [InlineData(422)]
    public async Task Other_statuses_are_not_retried(int status)
    {
        await using var upstream = await KestrelFakeUpstream.StartAsync();
        upstream.Respond = context =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        };
        await using var proxy = await TestProxy.StartAsync(TestProxy.Config(upstream.BaseAddress));

        using var response = await proxy.Client.GetAsync("team-a/api/v1/query?query=up");

        ((int)response.StatusCode).Should().Be(status);
        upstream.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task An_unreachable_upstream_is_a_502()
    {
        var upstream = await KestrelFakeUpstream.StartAsync();
        var address = upstream.BaseAddress;
        await upstream.DisposeAsync();
        await using var proxy = await TestProxy.StartAsync(TestProxy.Config(address, top: "retries: 1"));

        using var response = await proxy.Client.GetAsync("team-a/api/v1/query?query=up");

        await ForwardingTests.ExpectError(response, HttpStatusCode.BadGateway, "unavailable", "upstream unreachable");
        using var health = await proxy.Client.GetAsync("health");
        health.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await health.Content.ReadAsStringAsync()).Should().Be("""{"status":"down","receivers":[{"name":"team-a","backend":"down","status":null}]}""");
    }

    [Fact]
    public async Task A_slow_upstream_is_a_504_at_the_receiver_timeout()
    {
        await using var upstream = await KestrelFakeUpstream.StartAsync();
        upstream.Respond = async context => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        await using var proxy = await TestProxy.StartAsync(TestProxy.Config(upstream.BaseAddress, "timeout: 1s"));

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await proxy.Client.GetAsync("team-a/api/v1/query?query=up");

        await ForwardingTests.ExpectError(response, HttpStatusCode.GatewayTimeout, "timeout", "upstream timed out");
        started.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(0.9)).And.BeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_global_request_timeout_applies_when_the_receiver_has_none()
    {
        await using var upstream = await KestrelFakeUpstream.StartAsync();
        upstream.Respond = async context => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        await using var proxy = await TestProxy.StartAsync(TestProxy.Config(upstream.BaseAddress, top: "request_timeout: 500ms"));

        using var response = await proxy.Client.GetAsync("team-a/api/v1/query?query=up");

        response.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
    }
}
