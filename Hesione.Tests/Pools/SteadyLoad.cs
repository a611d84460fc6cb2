using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Hesione.Tests.Pools;

/// <summary>
/// Steady client load on loopback: <c>workers</c> concurrent loops of one GET each, until stopped, a time limit or a
/// request limit. Records every request that did not get a 200 (status or exception) and the slowest answer.
/// </summary>
internal sealed class SteadyLoad : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop;
    private readonly Task[] _workers;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int _maxRequests;
    private long _requests;
    private long _slowestTicks;

    private SteadyLoad(Uri proxy, string path, int workers, TimeSpan limit, int maxRequests)
    {
        _client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers, UseCookies = false }) { BaseAddress = proxy, Timeout = TimeSpan.FromSeconds(30) };
        _stop = new CancellationTokenSource(limit);
        _maxRequests = maxRequests;
        _workers = Enumerable.Range(0, workers).Select(_ => Task.Run(() => RunAsync(path))).ToArray();
    }

    /// <summary>The requests that failed: when (since the start), and how.</summary>
    public ConcurrentQueue<(TimeSpan At, string Failure)> Failures { get; } = new();

    public long Requests => Math.Min(Interlocked.Read(ref _requests), _maxRequests);

    public TimeSpan Elapsed => _clock.Elapsed;

    public TimeSpan Slowest => TimeSpan.FromTicks(Interlocked.Read(ref _slowestTicks));

    public static SteadyLoad Start(Uri proxy, string path, int workers = 16, int maxRequests = 200_000, TimeSpan? limit = null) =>
        new(proxy, path, workers, limit ?? TimeSpan.FromSeconds(90), maxRequests);

    private async Task RunAsync(string path)
    {
        while (!_stop.IsCancellationRequested && Interlocked.Increment(ref _requests) <= _maxRequests)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await _client.GetAsync(path, _stop.Token);
                var body = await response.Content.ReadAsStringAsync(_stop.Token);
                if (response.StatusCode != HttpStatusCode.OK) Failures.Enqueue((_clock.Elapsed, $"{(int)response.StatusCode} {body}"));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                Interlocked.Decrement(ref _requests); // cut short by the end of the run, not an answer
                return;
            }
            catch (Exception e)
            {
                Failures.Enqueue((_clock.Elapsed, $"{e.GetType().Name}: {e.Message}"));
            }
            var ticks = Stopwatch.GetElapsedTime(started).Ticks;
            long slowest;
            while (ticks > (slowest = Interlocked.Read(ref _slowestTicks)) && Interlocked.CompareExchange(ref _slowestTicks, ticks, slowest) != slowest)
            {
            }
        }
    }

    /// <summary>Stops the loops and waits for the requests in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _clock.Stop();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _client.Dispose();
        _stop.Dispose();
    }
}
