using System.Collections.Frozen;

namespace Hesione.Server.Configuration;

/// <summary>A receiver's name is its path prefix: URL-safe characters, not a name the proxy serves itself, given once.</summary>
internal static class ReceiverNameRule
{
    private static readonly FrozenSet<string> ReservedNames = FrozenSet.Create(StringComparer.Ordinal, "health", "metrics", "-", ".", "..");

    public static void Check(ReceiverSettings receiver, ScopeOutcome scope, Validation validation)
    {
        if (receiver.Name is not { } name) return;
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            validation.Add(receiver.PathOf("name"), $"{name}: a receiver name may only hold A-Z a-z 0-9 _ . -");
        else if (ReservedNames.Contains(name))
            validation.Add(receiver.PathOf("name"), $"{name} is reserved");
    }

    public static void CheckDuplicates(ProxySettings settings, Validation validation)
    {
        var firstByName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var receiver in settings.Receivers ?? [])
        {
            if (receiver.Name is not { } name) continue;
            if (!firstByName.TryAdd(name, receiver.Path))
                validation.Add(receiver.PathOf("name"), $"duplicate receiver name {name} (also {firstByName[name]})");
        }
    }
}
