using System.Collections.Immutable;

namespace Hesione.Server.Authentication;

/// <summary>One value of a rule's label: a literal, or <c>{claim:NAME}</c> (each value of that claim).</summary>
internal readonly record struct RuleValue(string Text, bool FromClaim);

/// <summary>One label of a scope rule and its values.</summary>
internal sealed class RuleLabel(string name, ImmutableArray<RuleValue> values)
{
    public string Name { get; } = name;

    public ImmutableArray<RuleValue> Values { get; } = values;
}

/// <summary>One entry of a receiver's <c>scopes</c>: when <see cref="When"/> holds (always when null), its labels' values join the scope.</summary>
internal sealed class ScopeRule(ClaimCondition? when, ImmutableArray<RuleLabel> labels)
{
    public ClaimCondition? When { get; } = when;

    public ImmutableArray<RuleLabel> Labels { get; } = labels;
}
