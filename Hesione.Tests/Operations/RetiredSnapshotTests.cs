using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using FluentAssertions;
using Hesione.Server.Runtime;
using Hesione.Tests.Server;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary>
/// Nothing of a retired config stays reachable: after 500 reloads of a 50-receiver config under load, the first
/// snapshot (its receivers, their enforcement cache and their upstream handlers) is collected, and so is the one
/// after the first reload.
/// </summary>
public sealed class RetiredSnapshotTests : IAsyncLifetime
{
    private const int Receivers = 50;
    private const int Reloads = 500;

    private KestrelFakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await KestrelFakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private string Config(int generation) => $"# generation {generation}\nreceivers:\n" + string.Concat(Enumerable.Range(0, Receivers).Select(i => $"""
          - name: team-{i}
            prom: {_upstream.BaseAddress}
            label_name: namespace
            label: team-{i}

        """));

    [Fact]
    public async Task The_first_snapshot_is_collected_after_500_reloads_under_load()
    {
        await using var proxy = await TestProxy.StartAsync(Config(0));
        var live = proxy.Host.Services.GetRequiredService<LiveConfig>();
        var (snapshot, receiver) = WeaklyHeld(live);
        (await proxy.Client.GetAsync("team-0/api/v1/query?query=up")).StatusCode.Should().Be(HttpStatusCode.OK);

        using var stop = new CancellationTokenSource();
        var served = 0;
        var load = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                using var response = await proxy.Client.GetAsync($"team-{(worker + i) % Receivers}/api/v1/query?query=up{{job=\"{i % 100}\"}}");
                response.StatusCode.Should().Be(HttpStatusCode.OK);
                Interlocked.Increment(ref served);
            }
        })).ToArray();
        WeakReference reloaded = null!;
        var paced = Stopwatch.StartNew();
        for (var generation = 1; generation <= Reloads; generation++)
        {
            // Each reload waits for a request served since the one before: reloads under load however busy the machine.
            while (Volatile.Read(ref served) < generation && paced.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(1);
            await File.WriteAllTextAsync(proxy.ConfigPath, Config(generation));
            (await proxy.Host.ReloadAsync()).Should().BeTrue();
            if (generation == 1) reloaded = WeaklyHeld(live).Receiver;
        }
        await stop.CancelAsync();
        await Task.WhenAll(load);
        served.Should().BeGreaterThanOrEqualTo(Reloads, "the reloads happened under load");

        for (var attempt = 0; attempt < 10 && (snapshot.IsAlive || receiver.IsAlive || reloaded.IsAlive); attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            await Task.Delay(100);
        }
        snapshot.IsAlive.Should().BeFalse("a retired snapshot is not kept by anything once its requests ended");
        receiver.IsAlive.Should().BeFalse("nor are its receivers (and their enforcement cache)");
        reloaded.IsAlive.Should().BeFalse("nor those of any config since retired");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Snapshot, WeakReference Receiver) WeaklyHeld(LiveConfig live)
    {
        var snapshot = live.Current;
        return (new WeakReference(snapshot), new WeakReference(snapshot.Config.Receivers[0]));
    }
}
