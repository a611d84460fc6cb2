using System.Collections.Concurrent;

namespace Hesione.Server.Runtime;

/// <summary>
/// Counts the requests in flight per receiver name (across config reloads, so a reload does not reset them) and
/// admits one more only below the receiver's <c>max_concurrent</c>. A reload forgets the receivers it removed.
/// </summary>
internal sealed class ConcurrencyLimiter
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>A slot to dispose at the end of the request, or null when <paramref name="limit"/> requests are already in flight.</summary>
    public IDisposable? TryEnter(string receiver, int limit)
    {
        var counter = _counters.GetOrAdd(receiver, static _ => new Counter());
        if (Interlocked.Increment(ref counter.Value) <= limit) return counter;
        Interlocked.Decrement(ref counter.Value);
        return null;
    }

    /// <summary>Drops the idle counters of receivers <paramref name="current"/> no longer has (after a reload).</summary>
    public void Forget(IReadOnlySet<string> current)
    {
        foreach (var entry in _counters)
            if (!current.Contains(entry.Key) && Volatile.Read(ref entry.Value.Value) == 0) _counters.TryRemove(entry);
    }

    private sealed class Counter : IDisposable
    {
        public int Value;

        public void Dispose() => Interlocked.Decrement(ref Value);
    }
}
