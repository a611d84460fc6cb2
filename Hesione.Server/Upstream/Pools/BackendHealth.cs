namespace Hesione.Server.Upstream.Pools;

/// <summary>
/// The passive health of one backend: a failed attempt marks it down for a <see cref="BackOff"/>; when the back-off
/// ends, one request at a time may try it (a trial, claimed with <see cref="TryClaimTrial"/>); a successful attempt (or
/// a readiness probe that finds it up) brings it back. Timestamps come from the pool's <see cref="TimeProvider"/>.
/// Thread-safe; a success on a healthy backend only reads.
/// </summary>
internal sealed class BackendHealth(TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _failures;
    private long _downUntil;
    private bool _lastFailureSlow;

    /// <summary>Failed attempts in a row.</summary>
    public int Failures => Volatile.Read(ref _failures);

    public bool IsHealthy => Failures == 0;

    /// <summary>When the back-off (or the trial under way) ends, as a <see cref="TimeProvider"/> timestamp; meaningless while healthy.</summary>
    public long DownUntil => Volatile.Read(ref _downUntil);

    /// <summary>Whether trying the backend is known to cost little: its last failure was quick.</summary>
    public bool FailsQuickly => !Volatile.Read(ref _lastFailureSlow);

    /// <summary>Claims the trial of a backend whose back-off has ended: it is held for <paramref name="hold"/> (the attempt's timeout), so that no other request tries it meanwhile.</summary>
    public bool TryClaimTrial(long now, TimeSpan hold)
    {
        var until = DownUntil;
        return Failures != 0 && now >= until
            && Interlocked.CompareExchange(ref _downUntil, now + Ticks(hold), until) == until;
    }

    public void Failed(bool slow)
    {
        lock (_gate)
        {
            var failures = _failures + 1;
            Volatile.Write(ref _lastFailureSlow, slow);
            Volatile.Write(ref _downUntil, time.GetTimestamp() + Ticks(BackOff.After(failures, slow)));
            Volatile.Write(ref _failures, failures);
        }
    }

    public void Succeeded()
    {
        if (Failures == 0) return;
        lock (_gate) Volatile.Write(ref _failures, 0);
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
