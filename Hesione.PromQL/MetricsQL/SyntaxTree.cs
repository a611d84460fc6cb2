using System.Collections.Immutable;
using Hesione.PromQL.Ast;

namespace Hesione.PromQL.MetricsQL;

// The tree as written, before WITH templates are expanded: it still holds templates, parentheses,
// string concatenations of template names, and label filters that name a template.

internal abstract record Syn;

internal sealed record SynNumber(double Value, string Text) : Syn;

/// <summary>A string: <see cref="Value"/> once expanded, otherwise the literal and template-name tokens joined by <c>+</c>.</summary>
internal sealed record SynString(ImmutableArray<string> Tokens, string? Value) : Syn
{
    public static SynString Of(string value) => new([], value);
}

/// <summary>A duration as written; <see cref="IsReference"/> when it names a WITH template.</summary>
internal sealed record SynDuration(string Text, bool IsReference) : Syn;

/// <summary>A dashboard variable left in the query (<c>$topk</c>), kept as written.</summary>
internal sealed record SynVariable(string Text) : Syn;

internal sealed record SynParens(ImmutableArray<Syn> Items) : Syn;

internal sealed record SynModifier(string Op, ImmutableArray<string> Args);

internal sealed record SynBinary(string Op, Syn Left, Syn Right) : Syn
{
    public bool Bool { get; init; }
    public SynModifier? Group { get; init; }
    public SynModifier? Join { get; init; }
    public SynString? Prefix { get; init; }
    public bool KeepMetricNames { get; init; }
}

internal sealed record SynCall(string Name, ImmutableArray<Syn> Args, bool KeepMetricNames) : Syn;

internal sealed record SynAggregate(string Name, ImmutableArray<Syn> Args, SynModifier? Modifier, int Limit) : Syn;

internal sealed record SynRollup(Syn Expr) : Syn
{
    public SynDuration? Window { get; init; }
    public SynDuration? Step { get; init; }
    public bool InheritStep { get; init; }
    public SynDuration? Offset { get; init; }
    public Syn? At { get; init; }
}

/// <summary>A label filter as written; <see cref="Value"/> is null when the label names a template (<c>{commonFilters}</c>).</summary>
internal sealed record SynFilter(string Label, SynString? Value, bool Negative, bool Regex);

/// <summary>A selector: <see cref="Written"/> before expansion, <see cref="Groups"/> after (or-groups of ANDed matchers).</summary>
internal sealed record SynSelector(ImmutableArray<ImmutableArray<SynFilter>> Written, ImmutableArray<ImmutableArray<LabelMatcher>> Groups) : Syn
{
    public bool IsExpanded => Written.IsDefault;

    public static SynSelector Expanded(ImmutableArray<ImmutableArray<LabelMatcher>> groups) => new(default, groups);

    public static SynSelector OfName(string name) =>
        Expanded([[new LabelMatcher(LabelMatcher.MetricNameLabel, MatcherType.Equal, name)]]);

    /// <summary>The metric name when every group starts with the same <c>__name__="..."</c>; otherwise empty.</summary>
    public string MetricName => SelectorGroups.MetricName(Groups);

    /// <summary>Whether the selector is nothing but a metric name.</summary>
    public bool IsOnlyMetricName => MetricName.Length > 0 && Groups.All(g => g.Length <= 1);
}

/// <summary>One <c>name(params) = body</c> of a WITH list; compared by reference (scopes are cut at a template).</summary>
internal sealed class Template(string name, ImmutableArray<string> parameters, Syn body)
{
    public string Name { get; } = name;
    public ImmutableArray<string> Parameters { get; } = parameters;
    public Syn Body { get; } = body;
}

internal sealed record SynWith(ImmutableArray<Template> Templates, Syn Body) : Syn;
