using System.Collections.Frozen;

namespace Hesione.Server.GoJson;

/// <summary>
/// The JSON field names of one Go struct (its <c>json:"..."</c> tags), and which of them a client's key names under
/// Go's folding (<see cref="GoKeyFold"/>): <c>"Name"</c>, <c>"NAME"</c> and <c>"name"</c> all name <c>name</c>.
/// </summary>
internal sealed class GoJsonFields
{
    private readonly FrozenDictionary<string, string> _byFold;

    /// <param name="names">The fields, spelled as the upstream writes them; ASCII letters, digits and <c>_</c> only.</param>
    public GoJsonFields(params string[] names)
    {
        foreach (var name in names)
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw new ArgumentException($"field name {name} is not ASCII: Go's fold of it is not implemented", nameof(names));
        _byFold = names.ToFrozenDictionary(GoKeyFold.Fold, name => name, StringComparer.Ordinal);
        if (_byFold.Count != names.Length) throw new ArgumentException("two field names fold to the same key", nameof(names));
    }

    /// <summary>The field <paramref name="key"/> names as Go reads it, or null when it names none (Go ignores such a key).</summary>
    public string? Find(string key) => _byFold.GetValueOrDefault(GoKeyFold.Fold(key));
}
