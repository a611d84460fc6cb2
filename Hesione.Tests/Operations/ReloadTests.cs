using System.Diagnostics;
using System.Net;
using FluentAssertions;
using Hesione.Tests.Server;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary>Live configuration: the watched file is reloaded; a broken file changes nothing; requests in flight finish.</summary>
public sealed class ReloadTests : IAsyncLifetime
{
    private KestrelFakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await KestrelFakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private string Config(params string[] receivers) => "receivers:\n" + string.Concat(receivers.Select(name => $"""
          - name: {name}
            prom: {_upstream.BaseAddress}
            label_name: namespace
            label: {name}

        """));

    private static async Task<HttpStatusCode> PollAsync(TestProxy proxy, string path, HttpStatusCode wanted)
    {
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var response = await proxy.Client.GetAsync(path);
            status = response.StatusCode;
            if (status == wanted) break;
            await Task.Delay(100);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(15));
        return status;
    }

    [Fact]
    public async Task A_rewritten_file_adds_a_receiver_without_restart()
    {
        await using var proxy = await TestProxy.StartAsync(Config("team-a"));
        (await proxy.Client.GetAsync("team-b/api/v1/query?query=up")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "an unknown receiver");

        await File.WriteAllTextAsync(proxy.ConfigPath, Config("team-a", "team-b"));

        (await PollAsync(proxy, "team-b/api/v1/query?query=up", HttpStatusCode.OK)).Should().Be(HttpStatusCode.OK);
        _upstream.Requests.Last().Query.Should().Contain(Uri.EscapeDataString("namespace=\"team-b\""));
    }

    [Fact]
    public async Task A_broken_file_is_logged_and_the_last_good_config_stays()
    {
        var logs = new CapturedLogs();
        await using var proxy = await TestProxy.StartAsync(Config("team-a"), logs);

        await File.WriteAllTextAsync(proxy.ConfigPath, "receivers:\n  - name: team-b\n    prom: not a url\n");
        (await proxy.Host.ReloadAsync()).Should().BeFalse();

        logs.Lines.Should().Contain(line => line.Contains("receivers[0].prom") && line.Contains("last good config stays"));
        (await proxy.Client.GetAsync("team-a/api/v1/query?query=up")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await proxy.Client.GetAsync("team-b/api/v1/query?query=up")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "an unknown receiver");
        (await proxy.Client.GetStringAsync("metrics")).Should().Contain("hesione_config_last_reload_successful 0");

        await File.WriteAllTextAsync(proxy.ConfigPath, Config("team-b"));
        (await proxy.Host.ReloadAsync()).Should().BeTrue();
        (await proxy.Client.GetAsync("team-a/api/v1/query?query=up")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "an unknown receiver");
        (await proxy.Client.GetAsync("team-b/api/v1/query?query=up")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_request_in_flight_finishes_on_the_config_it_started_with()
    {
        var release = new TaskCompletionSource();
        var arrived = new TaskCompletionSource();
        _upstream.Respond = async context =>
        {
            arrived.TrySetResult();
            await release.Task;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"status":"success","data":{"resultType":"vector","result":[]}}""");
        };
        await using var proxy = await TestProxy.StartAsync(Config("team-a"));
        var slow = proxy.Client.GetAsync("team-a/api/v1/query?query=up");
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await File.WriteAllTextAsync(proxy.ConfigPath, Config("team-b"));
        (await proxy.Host.ReloadAsync()).Should().BeTrue();
        release.SetResult();

        using var response = await slow;
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("success");
        (await proxy.Client.GetAsync("team-a/api/v1/query?query=up")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "an unknown receiver");
    }
}
