using System.Collections.Concurrent;

namespace Hesione.PromQL.Caching;

/// <summary>
/// A thread-safe cache bounded both by its number of entries and by an estimate of the bytes they hold, for results
/// keyed by client input (regexes, queries), where every distinct input would otherwise stay forever. An entry of more
/// than a sixteenth of the bytes allowed is not kept (one would evict half the cache). Two generations:
/// new entries go to the current one; when it holds half the entries or half the bytes allowed, it becomes the
/// previous one and the older one is dropped whole. An entry found in the previous generation moves back to the
/// current one, so what is asked for again and again stays. A hit in the current generation is one lock-free lookup;
/// adding takes the dictionary's own striped lock; only the rotation (once per half-full generation) takes a lock,
/// and nobody waits on it for a lookup.
/// </summary>
/// <remarks>
/// Concurrent adds may overshoot a generation by the entries of the threads adding at the moment it fills: the bounds
/// hold to within that many entries of at most <see cref="LargestEntry"/> bytes.
/// Public so that a host caches its own results of client input (the proxy's enforcement results) with the same
/// bounds as the library's regex work, rather than with a second cache of its own.
/// </remarks>
/// <typeparam name="TKey">The key: the client input, or what identifies it.</typeparam>
/// <typeparam name="TValue">The result kept for the key.</typeparam>
public sealed class BoundedCache<TKey, TValue>
    where TKey : notnull
{
    private sealed class Generation(IEqualityComparer<TKey>? comparer)
    {
        public readonly ConcurrentDictionary<TKey, TValue> Entries = new(comparer);
        public long Bytes;
        public int Count;
    }

    private readonly int _entriesPerGeneration;
    private readonly long _bytesPerGeneration;
    private readonly Func<TKey, TValue, long> _sizeOf;
    private readonly IEqualityComparer<TKey>? _comparer;
    private readonly Lock _rotation = new();
    private volatile Generation _current;
    private volatile Generation _previous;

    /// <summary>An empty cache with the given bounds.</summary>
    /// <param name="maxEntries">Entries held at most (both generations together).</param>
    /// <param name="maxBytes">Bytes held at most by the entries, as <paramref name="sizeOf"/> estimates them (both generations together).</param>
    /// <param name="sizeOf">An estimate of the bytes an entry holds: its key, its value and the dictionary's node.</param>
    /// <param name="comparer">The key comparer, or null for the default one.</param>
    public BoundedCache(int maxEntries, long maxBytes, Func<TKey, TValue, long> sizeOf, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 2);
        _entriesPerGeneration = maxEntries / 2;
        _bytesPerGeneration = maxBytes / 2;
        _sizeOf = sizeOf;
        _comparer = comparer;
        _current = new Generation(comparer);
        _previous = new Generation(comparer);
    }

    /// <summary>The most bytes an entry kept may hold.</summary>
    public long LargestEntry => _bytesPerGeneration / 8;

    /// <summary>The entries held now, in both generations (an entry moved back may be counted in both until the older one goes).</summary>
    public int Count => _current.Count + _previous.Count;

    /// <summary>The bytes held now, as estimated, in both generations.</summary>
    public long Bytes => Interlocked.Read(ref _current.Bytes) + Interlocked.Read(ref _previous.Bytes);

    /// <summary>The cached value of <paramref name="key"/>, if any; a value found in the previous generation moves to the current one.</summary>
    public bool TryGet(TKey key, out TValue value)
    {
        var current = _current;
        if (current.Entries.TryGetValue(key, out value!)) return true;
        if (!_previous.Entries.TryGetValue(key, out value!)) return false;
        Keep(current, key, value);
        return true;
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="key"/> (an entry already there stays).</summary>
    public void Add(TKey key, TValue value) => Keep(_current, key, value);

    /// <summary>The cached value of <paramref name="key"/>, or <paramref name="create"/>'s, which is then kept.</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        if (TryGet(key, out var value)) return value;
        value = create(key);
        Add(key, value);
        return value;
    }

    private void Keep(Generation current, TKey key, TValue value)
    {
        var size = _sizeOf(key, value);
        if (size > LargestEntry || !current.Entries.TryAdd(key, value)) return;
        var bytes = Interlocked.Add(ref current.Bytes, size);
        var count = Interlocked.Increment(ref current.Count);
        if (count < _entriesPerGeneration && bytes < _bytesPerGeneration) return;
        lock (_rotation)
        {
            if (_current != current) return;
            _previous = current;
            _current = new Generation(_comparer);
        }
    }
}
