using Hesione.PromQL.Caching;
using Hesione.PromQL.Enforcement;

namespace Hesione.Server.Enforcement;

/// <summary>
/// The enforced form of recently seen queries and series selectors, shared by the receivers of one config: a
/// dashboard sends the same query text on every refresh, and parsing, checking, enforcing and printing it again
/// would give the same answer (refusals included). Entries are keyed by the receiver's scope, so a receiver never
/// sees another's result, and a reload starts afresh with the new config's cache. At most <see cref="MaxEntries"/>
/// entries and <see cref="MaxBytes"/> bytes (texts, results and a fixed overhead per entry), kept in two generations
/// (<see cref="BoundedCache{TKey, TValue}"/>): what is asked for again stays, the rest goes. Texts longer than
/// <see cref="LongestCachedText"/> are enforced every time.
/// </summary>
internal sealed class EnforcementCache
{
    /// <summary>Entries held at most.</summary>
    public const int MaxEntries = 16_384;

    /// <summary>Bytes held at most (as estimated: two bytes per character, plus <see cref="EntryOverhead"/> per entry).</summary>
    public const long MaxBytes = 4 << 20;

    /// <summary>The longest query or selector kept.</summary>
    public const int LongestCachedText = 16 * 1024;

    /// <summary>The estimated bytes of an entry besides its characters: the dictionary node, the result and the string headers.</summary>
    public const int EntryOverhead = 160;

    private readonly record struct Key(ReceiverScope Scope, bool Selector, string Text);

    private readonly BoundedCache<Key, EnforcementResult<string>> _entries = new(MaxEntries, MaxBytes, static (key, result) => SizeOf(key.Text, result));

    /// <summary>The entries held now.</summary>
    public int Count => _entries.Count;

    /// <summary>The bytes held now, as estimated.</summary>
    public long Bytes => _entries.Bytes;

    /// <summary>The estimated bytes of the entry for <paramref name="text"/> and its <paramref name="result"/>.</summary>
    public static long SizeOf(string text, EnforcementResult<string> result) =>
        EntryOverhead + 2L * (text.Length + (result.Value?.Length ?? result.Error?.Length ?? 0));

    /// <summary>The cached result for <paramref name="text"/> under <paramref name="scope"/>, or <paramref name="enforce"/>'s, which is then kept.</summary>
    public EnforcementResult<string> GetOrEnforce(ReceiverScope scope, bool selector, string text, Func<string, EnforcementResult<string>> enforce)
    {
        if (text.Length > LongestCachedText) return enforce(text);
        var key = new Key(scope, selector, text);
        if (_entries.TryGet(key, out var result)) return result;
        result = enforce(text);
        _entries.Add(key, result);
        return result;
    }
}
