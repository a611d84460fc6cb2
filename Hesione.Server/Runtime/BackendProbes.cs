using System.Collections.Frozen;
using System.Collections.Immutable;
using Hesione.Server.Configuration;
using Hesione.Server.Plan;

namespace Hesione.Server.Runtime;

/// <summary>
/// The health of the backends of one config snapshot, probed at most once per backend per <see cref="Freshness"/>,
/// whatever the rate of <c>/health</c> and <c>/-/ready</c> requests: requests that arrive while a probe is in flight
/// share it, and later ones get its result until it is <see cref="Freshness"/> old (counted from the probe's start).
/// Each backend of a pool is probed on its own; backends whose probe would be the same request (same URL, headers,
/// credentials and TLS settings), of one receiver or several, share one probe.
/// A probe belongs to no request: a client that goes away does not cancel it.
/// </summary>
internal sealed class BackendProbes
{
    /// <summary>How long a probe's result is used, from the probe's start.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    private sealed record Entry(Task<int?> Status, long StartedAt);

    private readonly Func<Receiver, int, Task<int?>> _probe;
    private readonly TimeProvider _time;
    private readonly FrozenDictionary<string, ProbeKey[]> _keys;
    private readonly Dictionary<ProbeKey, Entry> _entries = [];
    private readonly Lock _gate = new();

    /// <param name="receivers">The receivers of the snapshot.</param>
    /// <param name="probe">Probes a receiver's backend (by its index in <see cref="Upstream.UpstreamRoute.Backends"/>): its HTTP status, or null when it did not answer.</param>
    /// <param name="time">The clock.</param>
    public BackendProbes(ImmutableArray<Receiver> receivers, Func<Receiver, int, Task<int?>> probe, TimeProvider time)
    {
        _probe = probe;
        _time = time;
        _keys = receivers.ToFrozenDictionary(r => r.Name, r => r.Upstream.Backends.Select(b => ProbeKey.Of(r.Upstream, b)).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The status of backend <paramref name="backend"/> of <paramref name="receiver"/>: a fresh cached result, the probe in flight, or a new probe.</summary>
    public Task<int?> StatusAsync(Receiver receiver, int backend = 0)
    {
        var key = _keys[receiver.Name][backend];
        TaskCompletionSource<int?> result;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_entries.TryGetValue(key, out var entry) && (!entry.Status.IsCompleted || _time.GetElapsedTime(entry.StartedAt, now) < Freshness))
                return entry.Status;
            result = new TaskCompletionSource<int?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _entries[key] = new Entry(result.Task, now);
        }
        _ = ProbeAsync(receiver, backend, result);
        return result.Task;
    }

    private async Task ProbeAsync(Receiver receiver, int backend, TaskCompletionSource<int?> result)
    {
        try
        {
            result.SetResult(await _probe(receiver, backend));
        }
        catch (Exception)
        {
            // A probe that fails in any way (its clients disposed with a retired config, say) is a backend that did not answer.
            result.SetResult(null);
        }
    }

    /// <summary>Everything that makes two receivers' probes the same request.</summary>
    private readonly record struct ProbeKey(string Target, string? Authorization, string Headers, bool Verify, string? Certificate)
    {
        public static ProbeKey Of(Upstream.UpstreamRoute route, UpstreamBackend backend) => new(
            Upstream.ReadinessProbe.TargetOf(route, backend),
            route.Authorization,
            string.Join('\n', route.Headers.Select(h => $"{h.Key}: {h.Value}")),
            route.Verify,
            route.ClientCertificate?.Thumbprint);
    }
}
