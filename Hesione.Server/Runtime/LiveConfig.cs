namespace Hesione.Server.Runtime;

/// <summary>
/// The current <see cref="ProxySnapshot"/>, swapped atomically on reload. A request acquires the snapshot once
/// at its start and keeps it to its end, whatever reloads happen meanwhile.
/// </summary>
internal sealed class LiveConfig(ProxySnapshot initial) : IDisposable
{
    private ProxySnapshot _current = initial;

    /// <summary>The current snapshot, for reading only (no lease).</summary>
    public ProxySnapshot Current => Volatile.Read(ref _current);

    /// <summary>A lease on the current snapshot; give it back with <see cref="ProxySnapshot.Release"/>.</summary>
    public ProxySnapshot Acquire()
    {
        while (true)
        {
            var snapshot = Volatile.Read(ref _current);
            if (snapshot.TryAcquire()) return snapshot;
        }
    }

    /// <summary>Makes <paramref name="next"/> current and drops the holder's lease on the previous one.</summary>
    public void Swap(ProxySnapshot next) => Interlocked.Exchange(ref _current, next).Release();

    public void Dispose() => Volatile.Read(ref _current).Release();
}
