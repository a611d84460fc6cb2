namespace Hesione.Server.Pools;

/// <summary>
/// The passive health of one backend: a failed attempt marks it down for <see cref="BackOff"/>, a successful one (or a
/// readiness probe that finds it up) brings it back. Timestamps come from the pool's <see cref="TimeProvider"/>.
/// Thread-safe; a success on a healthy backend only reads.
/// </summary>
internal sealed class BackendHealth(TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _failures;
    private long _downUntil;

    /// <summary>Failed attempts in a row.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>When the back-off ends (a <see cref="TimeProvider"/> timestamp); meaningless while <see cref="Failures"/> is 0.</summary>
    public long DownUntil => Volatile.Read(ref _downUntil);

    public bool IsUp(long now) => Failures == 0 || now >= DownUntil;

    public void Failed()
    {
        lock (_gate)
        {
            var failures = _failures + 1;
            Volatile.Write(ref _downUntil, time.GetTimestamp() + (long)(BackOff.After(failures).TotalSeconds * time.TimestampFrequency));
            Volatile.Write(ref _failures, failures);
        }
    }

    public void Succeeded()
    {
        if (Failures == 0) return;
        lock (_gate) Volatile.Write(ref _failures, 0);
    }
}
