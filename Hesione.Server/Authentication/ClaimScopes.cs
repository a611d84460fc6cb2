using System.Collections.Immutable;
using System.Text.Json;
using Hesione.PromQL.Enforcement;

namespace Hesione.Server.Authentication;

/// <summary>
/// A receiver's <c>scopes</c>: the label scope of a verified token is the union, label by label, of the values of
/// every rule whose <c>when</c> holds. Null (refused) when no rule holds, when a holding rule takes a value from a
/// claim that is missing or unusable, or when such a value is not a valid label value. Every rule names the same
/// labels (checked at config load). The receiver's metric patterns and <c>on_conflict</c> apply too.
/// </summary>
internal sealed class ClaimScopes(ImmutableArray<ScopeRule> rules)
{
    public ImmutableArray<ScopeRule> Rules { get; } = rules;

    /// <summary>The label names every rule sets.</summary>
    public IEnumerable<string> LabelNames => Rules[0].Labels.Select(l => l.Name);

    public LabelScope? ScopeOf(JsonElement claims, LabelScope receiverScope)
    {
        var values = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var held = false;
        foreach (var rule in Rules)
        {
            if (rule.When is { } when && !when.Holds(claims)) continue;
            held = true;
            foreach (var label in rule.Labels)
            {
                if (!values.TryGetValue(label.Name, out var set)) values[label.Name] = set = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var value in label.Values)
                {
                    if (!value.FromClaim)
                    {
                        set.Add(value.Text);
                        continue;
                    }
                    if (ClaimValues.Of(claims, value.Text) is not { Length: > 0 } fromClaim) return null;
                    foreach (var text in fromClaim)
                    {
                        if (!ClaimValues.IsLabelValue(text)) return null;
                        set.Add(text);
                    }
                    if (set.Count > ClaimValues.MaxValues) return null;
                }
            }
        }
        if (!held) return null;
        try
        {
            return new LabelScope(values.Select(v => LabelConstraint.Literal(v.Key, v.Value)), receiverScope.MetricPatterns, receiverScope.OnConflict);
        }
        catch (ScopeException)
        {
            return null;
        }
    }
}
