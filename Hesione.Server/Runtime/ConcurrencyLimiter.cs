using System.Collections.Concurrent;

namespace Hesione.Server.Runtime;

/// <summary>
/// Counts the requests in flight per receiver name (across config reloads, so a reload does not reset them) and
/// admits one more only below the receiver's <c>max_concurrent</c>.
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

    private sealed class Counter : IDisposable
    {
        public int Value;

        public void Dispose() => Interlocked.Decrement(ref Value);
    }
}
