using Hesione.Server.Config;
using Hesione.Server.Observability;

namespace Hesione.Server.Pools;

/// <summary>
/// The backends of one receiver in one config snapshot: their passive health, their requests in flight and their
/// request counters, and the choice of the backend for each attempt (<see cref="Config.Balance"/>). A single backend
/// is always chosen, as before pools. In a pool, an attempt goes to an untried backend that is up; when none is up
/// on a request's first attempt, to the one whose back-off ends soonest (so that a pool recovers without a readiness
/// probe); after that, nowhere (-1: the request fails fast, never waiting on backends known to be down).
/// </summary>
internal sealed class UpstreamPool
{
    /// <summary>The most backends one receiver may list (a request's tried backends are bits of a 64-bit mask).</summary>
    public const int MaxBackends = 64;

    private sealed class Slot(UpstreamBackend backend, TimeProvider time)
    {
        public readonly UpstreamBackend Backend = backend;
        public readonly BackendHealth Health = new(time);
        public int InFlight;
        public Action<AttemptOutcome>? Count;
    }

    private readonly Slot[] _slots;
    private readonly Balance _balance;
    private readonly TimeProvider _time;
    private int _turn = -1;

    public UpstreamPool(Receiver receiver, TimeProvider time, ProxyMetrics? metrics)
    {
        Receiver = receiver;
        _balance = receiver.Balance;
        _time = time;
        _slots = receiver.Backends.Select(b => new Slot(b, time) { Count = metrics?.UpstreamAttempts(receiver.Name, b.Label) }).ToArray();
    }

    public Receiver Receiver { get; }

    public int Count => _slots.Length;

    public UpstreamBackend Backend(int index) => _slots[index].Backend;

    public bool IsUp(int index) => _slots[index].Health.IsUp(_time.GetTimestamp());

    public int InFlight(int index) => Volatile.Read(ref _slots[index].InFlight);

    /// <summary>The backend for the next attempt of a request, or -1 when no backend is left to try.</summary>
    public int Choose(PoolAttempt attempt)
    {
        if (_slots.Length == 1) return 0;
        var now = _time.GetTimestamp();
        var chosen = _balance == Balance.LeastLoaded ? LeastLoaded(attempt, now) : FirstAvailable(attempt, now);
        return chosen >= 0 || attempt.Count > 0 ? chosen : SoonestBack();
    }

    private int FirstAvailable(PoolAttempt attempt, long now)
    {
        for (var i = 0; i < _slots.Length; i++)
            if (!attempt.HasTried(i) && _slots[i].Health.IsUp(now)) return i;
        return -1;
    }

    /// <summary>Fewest in flight; the scan starts one further at each choice, so that ties go round robin.</summary>
    private int LeastLoaded(PoolAttempt attempt, long now)
    {
        var start = (int)((uint)Interlocked.Increment(ref _turn) % (uint)_slots.Length);
        var best = -1;
        for (var k = 0; k < _slots.Length; k++)
        {
            var i = (start + k) % _slots.Length;
            if (attempt.HasTried(i) || !_slots[i].Health.IsUp(now)) continue;
            if (best < 0 || Volatile.Read(ref _slots[i].InFlight) < Volatile.Read(ref _slots[best].InFlight)) best = i;
        }
        return best;
    }

    private int SoonestBack()
    {
        var soonest = 0;
        for (var i = 1; i < _slots.Length; i++)
            if (_slots[i].Health.DownUntil < _slots[soonest].Health.DownUntil) soonest = i;
        return soonest;
    }

    /// <summary>An attempt on <paramref name="index"/> starts.</summary>
    public void Enter(int index) => Interlocked.Increment(ref _slots[index].InFlight);

    /// <summary>An attempt on <paramref name="index"/> ended with <paramref name="outcome"/> (null: the client went away, which says nothing of the backend).</summary>
    public void Exit(int index, AttemptOutcome? outcome)
    {
        var slot = _slots[index];
        Interlocked.Decrement(ref slot.InFlight);
        if (outcome is not { } ended) return;
        slot.Count?.Invoke(ended);
        if (ended.IsFailure()) slot.Health.Failed();
        else slot.Health.Succeeded();
    }

    /// <summary>The readiness probe found <paramref name="index"/> up: it takes traffic again at once.</summary>
    public void Recovered(int index) => _slots[index].Health.Succeeded();
}
