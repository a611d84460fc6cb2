using System.Collections.Concurrent;
using Hesione.PromQL.Enforcement;
using Hesione.Server.Enforcement;

namespace Hesione.Server.Authentication;

/// <summary>
/// The <see cref="ReceiverScope"/> of each label scope a receiver's users and tokens were given, so that requests with
/// the same scope share one enforcer and hit the same <see cref="EnforcementCache"/> entries (which are keyed by
/// scope). Bounded: at <see cref="MaxScopes"/> distinct scopes it starts afresh, so tokens with ever new claim values
/// cannot grow memory. One per receiver and config load.
/// </summary>
internal sealed class ScopeCache
{
    public const int MaxScopes = 4096;

    private readonly ConcurrentDictionary<LabelScope, ReceiverScope> _scopes = new();

    /// <summary>The scope <paramref name="receiverScope"/> enforces with <paramref name="labels"/> instead of its own labels.</summary>
    public ReceiverScope For(LabelScope labels, ReceiverScope receiverScope)
    {
        if (_scopes.TryGetValue(labels, out var scope)) return scope;
        if (_scopes.Count >= MaxScopes) _scopes.Clear();
        return _scopes.GetOrAdd(labels, receiverScope.WithLabels(labels));
    }
}
