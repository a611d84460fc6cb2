using Hesione.Server.Configuration;

namespace Hesione.Server.Upstream.Pools;

/// <summary>
/// The backends of one pool (a receiver with several URLs) in one config snapshot: their passive health, their
/// requests in flight and their request counters, and the choice of the backend for each attempt
/// (<see cref="Configuration.Balance"/>). Each backend is tried at most once per request: an attempt goes to a
/// healthy backend, or to one whose back-off has ended (one request at a time tries it; <c>first_available</c> in list
/// order, <c>least_loaded</c> before the least loaded healthy one, so that it can rejoin). When none is, a request's
/// first attempt goes to the backend whose back-off ends soonest (so that a pool recovers without a readiness probe), a
/// retry to the one whose back-off ends soonest among those that fail quickly (a replica restarted during its back-off
/// answers at once; a refused connection costs milliseconds), and otherwise nowhere (-1: the request fails at once,
/// never waiting on a backend known to be slow).
/// </summary>
internal sealed class UpstreamPool
{
    /// <summary>The most backends one receiver may list (a request's tried backends are bits of a 64-bit mask).</summary>
    public const int MaxBackends = ReceiverSettings.MaxBackends;

    private sealed class Slot(UpstreamBackend backend, TimeProvider time)
    {
        public readonly UpstreamBackend Backend = backend;
        public readonly BackendHealth Health = new(time);
        public int InFlight;
        public Action<AttemptOutcome>? Count;
    }

    private readonly Slot[] _slots;
    private readonly Balance _balance;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private int _turn = -1;

    public UpstreamPool(UpstreamRoute route, TimeProvider time, IUpstreamMetrics? metrics)
    {
        Route = route;
        _balance = route.Balance;
        _timeout = route.Timeout;
        _time = time;
        _slots = route.Backends.Select(b => new Slot(b, time) { Count = metrics?.UpstreamAttempts(route.Receiver, b.Label) }).ToArray();
    }

    public UpstreamRoute Route { get; }

    public int Count => _slots.Length;

    public UpstreamBackend Backend(int index) => _slots[index].Backend;

    /// <summary>Whether backend <paramref name="index"/> takes traffic: its last attempt did not fail.</summary>
    public bool IsUp(int index) => _slots[index].Health.IsHealthy;

    public int InFlight(int index) => Volatile.Read(ref _slots[index].InFlight);

    /// <summary>The backend for the next attempt of a request, or -1 when no backend is left to try.</summary>
    public int Choose(PoolAttempt attempt)
    {
        var now = _time.GetTimestamp();
        var chosen = _balance == Balance.LeastLoaded ? LeastLoaded(attempt, now) : FirstAvailable(attempt, now);
        return chosen >= 0 ? chosen : SoonestBack(attempt, quickOnly: attempt.Count > 0);
    }

    private int FirstAvailable(PoolAttempt attempt, long now)
    {
        for (var i = 0; i < _slots.Length; i++)
            if (!attempt.HasTried(i) && (_slots[i].Health.IsHealthy || _slots[i].Health.TryClaimTrial(now, _timeout))) return i;
        return -1;
    }

    /// <summary>A backend due for a trial first; then fewest in flight, the scan starting one further at each choice so that ties go round robin.</summary>
    private int LeastLoaded(PoolAttempt attempt, long now)
    {
        for (var i = 0; i < _slots.Length; i++)
            if (!attempt.HasTried(i) && _slots[i].Health.TryClaimTrial(now, _timeout)) return i;
        var start = (int)((uint)Interlocked.Increment(ref _turn) % (uint)_slots.Length);
        var best = -1;
        for (var k = 0; k < _slots.Length; k++)
        {
            var i = (start + k) % _slots.Length;
            if (attempt.HasTried(i) || !_slots[i].Health.IsHealthy) continue;
            if (best < 0 || Volatile.Read(ref _slots[i].InFlight) < Volatile.Read(ref _slots[best].InFlight)) best = i;
        }
        return best;
    }

    /// <summary>The untried backend whose back-off ends soonest (with <paramref name="quickOnly"/>, among those whose last failure was quick), or -1.</summary>
    private int SoonestBack(PoolAttempt attempt, bool quickOnly)
    {
        var soonest = -1;
        for (var i = 0; i < _slots.Length; i++)
        {
            var health = _slots[i].Health;
            if (attempt.HasTried(i) || (quickOnly && !health.FailsQuickly)) continue;
            if (soonest < 0 || health.DownUntil < _slots[soonest].Health.DownUntil) soonest = i;
        }
        return soonest;
    }

    /// <summary>An attempt on <paramref name="index"/> starts.</summary>
    public void Enter(int index) => Interlocked.Increment(ref _slots[index].InFlight);

    /// <summary>An attempt on <paramref name="index"/> ended with <paramref name="outcome"/> (null: the client went away, which says nothing of the backend) after <paramref name="took"/>.</summary>
    public void Exit(int index, AttemptOutcome? outcome, TimeSpan took)
    {
        var slot = _slots[index];
        Interlocked.Decrement(ref slot.InFlight);
        if (outcome is not { } ended) return;
        slot.Count?.Invoke(ended);
        if (ended.IsFailure()) slot.Health.Failed(slow: ended == AttemptOutcome.Timeout || took >= BackOff.Slow);
        else slot.Health.Succeeded();
    }

    /// <summary>The readiness probe found <paramref name="index"/> up: it takes traffic again at once.</summary>
    public void Recovered(int index) => _slots[index].Health.Succeeded();
}
