using FluentAssertions;
using Hesione.Tests.Server;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary>
/// A config that cannot be read is retried with a backoff, not on every change in its directory: a log written next to
/// the config used to trigger a failed reload every 400 ms, each failure logging a line that triggered the next.
/// </summary>
public sealed class ReloadBackoffTests : IAsyncLifetime
{
    private KestrelFakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await KestrelFakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task An_unreadable_config_is_retried_with_backoff_and_other_files_trigger_nothing()
    {
        var logs = new CapturedLogs();
        await using var proxy = await TestProxy.StartAsync(TestProxy.Config(_upstream.BaseAddress), logs);
        int Failures() => logs.Lines.Count(line => line.Contains("cannot read the config"));

        File.Delete(proxy.ConfigPath);
        Directory.CreateDirectory(proxy.ConfigPath); // reading it now fails
        var neighbour = Path.Combine(proxy.Directory, "hesione.log");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(4))
        {
            await File.AppendAllTextAsync(neighbour, "a log line\n");
            await Task.Delay(50);
        }

        // One failure on the change (after 0.3 s), retries 1 s and 2 s after it: 3 by 4 s; not one per 400 ms.
        Failures().Should().BeInRange(1, 3);
        (await proxy.Client.GetAsync("team-a/api/v1/query?query=up")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK, "the last good config stays");

        Directory.Delete(proxy.ConfigPath);
        await File.WriteAllTextAsync(proxy.ConfigPath, TestProxy.Config(_upstream.BaseAddress));
    }
}
