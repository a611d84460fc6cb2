using System.Collections.Concurrent;
using Hesione.PromQL.Enforcement;

namespace Hesione.Server.Proxy;

/// <summary>
/// The enforced form of recently seen queries and series selectors, shared by the receivers of one config: a
/// dashboard sends the same query text on every refresh, and parsing, checking, enforcing and printing it again
/// would give the same answer (refusals included). Entries are keyed by the receiver's scope, so a receiver never
/// sees another's result, and a reload starts afresh with the new config's cache.
/// Two generations bound the memory: new entries go to the current one; when it holds
/// <see cref="CharactersPerGeneration"/> characters it becomes the previous one, whose entries move back to the
/// current one when asked for again, and the older one is dropped. Texts longer than
/// <see cref="LongestCachedText"/> are enforced every time.
/// </summary>
internal sealed class EnforcementCache
{
    /// <summary>Characters (texts, results and a fixed overhead per entry) one generation holds: at most about 4 MB for both.</summary>
    public const int CharactersPerGeneration = 1_000_000;

    /// <summary>The longest query or selector kept.</summary>
    public const int LongestCachedText = 16 * 1024;

    private const int EntryOverhead = 64;

    private readonly record struct Key(ReceiverScope Scope, bool Selector, string Text);

    private sealed class Generation
    {
        public readonly ConcurrentDictionary<Key, EnforcementResult<string>> Entries = new();
        public long Characters;
    }

    private readonly Lock _rotation = new();
    private volatile Generation _current = new();
    private volatile Generation _previous = new();

    /// <summary>The cached result for <paramref name="text"/> under <paramref name="scope"/>, or <paramref name="enforce"/>'s, which is then kept.</summary>
    public EnforcementResult<string> GetOrEnforce(ReceiverScope scope, bool selector, string text, Func<string, EnforcementResult<string>> enforce)
    {
        if (text.Length > LongestCachedText) return enforce(text);
        var key = new Key(scope, selector, text);
        var current = _current;
        if (current.Entries.TryGetValue(key, out var result)) return result;
        if (!_previous.Entries.TryGetValue(key, out result)) result = enforce(text);
        Keep(current, key, result);
        return result;
    }

    private void Keep(Generation current, Key key, EnforcementResult<string> result)
    {
        if (!current.Entries.TryAdd(key, result)) return;
        var size = key.Text.Length + (result.Value?.Length ?? result.Error?.Length ?? 0) + EntryOverhead;
        if (Interlocked.Add(ref current.Characters, size) <= CharactersPerGeneration) return;
        lock (_rotation)
        {
            if (_current != current) return;
            _previous = current;
            _current = new Generation();
        }
    }
}
