using System.Collections.Immutable;
using Hesione.PromQL.Ast;

namespace Hesione.PromQL.MetricsQL;

/// <summary>
/// The base of every MetricsQL node, as MetricsQL holds a query once its WITH templates are expanded and
/// its constants folded. Nodes are immutable records with structural equality (lists compared element by
/// element; a number's spelling is not part of its identity).
/// </summary>
public abstract record MetricsQLExpr
{
    /// <summary>
    /// Only this library defines node kinds: visitors, printers and enforcement know every kind, so a node defined
    /// elsewhere could not be printed or enforced.
    /// </summary>
    private protected MetricsQLExpr()
    {
    }

    /// <summary>The direct child expressions, in source order.</summary>
    public abstract IEnumerable<MetricsQLExpr> Children { get; }

    /// <summary>The canonical text MetricsQL prints for this expression.</summary>
    public sealed override string ToString() => MetricsQLPrinter.Print(this);

    /// <summary>Nodes of the same kind may be equal; each kind compares its own members.</summary>
    public virtual bool Equals(MetricsQLExpr? other) =>
        ReferenceEquals(this, other) || (other is not null && EqualityContract == other.EqualityContract);

    /// <inheritdoc/>
    public override int GetHashCode() => EqualityContract.GetHashCode();
}

/// <summary>A number; <see cref="Text"/> is its spelling as written (<c>0x3b</c>, <c>12Ki</c>), null for a folded constant.</summary>
/// <param name="Value">The value.</param>
public sealed record MqlNumber(double Value) : MetricsQLExpr
{
    /// <summary>The spelling as written, printed back unchanged; null when computed.</summary>
    public string? Text { get; init; }

    /// <inheritdoc/>
    public override IEnumerable<MetricsQLExpr> Children => [];

    /// <inheritdoc/>
    public bool Equals(MqlNumber? other) =>
        other is not null && (NodeEquality.NumberEqual(Value, other.Value) || (double.IsNaN(Value) && double.IsNaN(other.Value)));

    /// <inheritdoc/>
    public override int GetHashCode() => double.IsNaN(Value) ? 0 : Value.GetHashCode();
}

/// <summary>A string literal (its unquoted value).</summary>
/// <param name="Value">The value.</param>
public sealed record MqlString(string Value) : MetricsQLExpr
{
    /// <inheritdoc/>
    public override IEnumerable<MetricsQLExpr> Children => [];
}

/// <summary>
/// A dashboard variable left unresolved in the query (<c>$topk</c>, <c>${step}</c>), printed as written. MetricsQL
/// reads it, but no backend can evaluate it: <see cref="MetricsQLEnforcer"/> refuses queries that hold one.
/// </summary>
/// <param name="Text">The variable as written, with its <c>$</c>.</param>
public sealed record MqlVariable(string Text) : MetricsQLExpr
{
    /// <inheritdoc/>
    public override IEnumerable<MetricsQLExpr> Children => [];
}

/// <summary>A duration as written (<c>5m</c>, <c>1h30m</c>, <c>-10y</c>, <c>5i</c>, a number of seconds), as a value, window, step or offset.</summary>
/// <param name="Text">The spelling, printed back unchanged.</param>
public sealed record MqlDuration(string Text) : MetricsQLExpr
{
    /// <inheritdoc/>
    public override IEnumerable<MetricsQLExpr> Children => [];

    /// <summary>
    /// An upper bound of this duration's magnitude in milliseconds: the sum of the absolute values of its parts, a step
    /// part (<c>5i</c>) or a Grafana interval counted as <paramref name="stepMilliseconds"/> per step;
    /// <see cref="double.PositiveInfinity"/> when it cannot be read.
    /// </summary>
    /// <param name="stepMilliseconds">The length of one step, in milliseconds.</param>
    public double MagnitudeMilliseconds(double stepMilliseconds) => MetricsQLNumbers.MagnitudeMilliseconds(Text, stepMilliseconds);
}

/// <summary>
/// A series selector: or-groups of ANDed label filters (<c>m{a="1",b="2" or c="3"}</c>). A group's metric
/// name, when it has one, is its first filter <c>__name__="..."</c>. No group means <c>{}</c>.
/// </summary>
/// <param name="Groups">The or-groups.</param>
public sealed record MqlSelector(ImmutableArray<ImmutableArray<LabelMatcher>> Groups) : MetricsQLExpr
{
    /// <summary>The metric name every group starts with, or the empty string.</summary>
    public string MetricName => SelectorGroups.MetricName(Groups);

    /// <inheritdoc/>
    public override IEnumerable<MetricsQLExpr> Children => [];

    /// <inheritdoc/>
    public bool Equals(MqlSelector? other)
    {
        if (other is null || Groups.Length != other.Groups.Length) return false;
        for (var i = 0; i < Groups.Length; i++)
            if (!NodeEquality.ListEqual(Groups[i], other.Groups[i])) return false;
        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var g in Groups) hash.Add(NodeEquality.ListHash(g));
        return hash.ToHashCode();
    }
}

/// <summary>
/// An expression with a rollup suffix: a window and/or subquery step (<c>[5m]</c>, <c>[5m:1m]</c>, <c>[:]</c>),
/// <c>offset</c> and <c>@</c>. Any expression may carry one.
/// </summary>
/// <param name="Expr">The expression the suffix applies to.</param>
public sealed record MqlRollup(MetricsQLExpr Expr) : MetricsQLExpr
{
    /// <summary>The window, or null.</summary>
    public MqlDuration? Window { get; init; }

    /// <summary>The subquery step, or null.</summary>
    public MqlDuration? Step { get; init; }

    /// <summary>Whether the step is written empty (<c>[5m:]</c>).</summary>
    public bool InheritStep { get; init; }

    /// <summary>The offset, or null.</summary>
    public MqlDuration? Offset { get; init; }

    /// <summary>The <c>@</c> expression, or null.</summary>
    public MetricsQLExpr? At { get; init; }

    /// <inheritdoc/>
    public override IEnumerable<MetricsQLExpr> Children => At is null ? [Expr] : [Expr, At];
}

/// <summary>A modifier with its label list: <c>by(a,b)</c>, <c>without()</c>, <c>on(x)</c>, <c>group_left(*)</c>.</summary>
/// <param name="Op">The keyword, lower case.</param>
/// <param name="Args">The labels (<c>*</c> for all, with <c>group_left</c>/<c>group_right</c>).</param>
public sealed record MqlModifier(string Op, ImmutableArray<string> Args)
{
    /// <inheritdoc/>
    public bool Equals(MqlModifier? other) => other is not null && Op == other.Op && NodeEquality.ListEqual(Args, other.Args);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Op, NodeEquality.ListHash(Args));
}

/// <summary>A binary operation, with MetricsQL's operators (<c>if</c>, <c>ifnot</c>, <c>default</c>, <c>atan2</c>) and modifiers.</summary>
/// <param name="Op">The operator, lower case.</param>
/// <param name="Left">The left operand.</param>
/// <param name="Right">The right operand.</param>
public sealed record MqlBinary(string Op, MetricsQLExpr Left, MetricsQLExpr Right) : MetricsQLExpr
{
    /// <summary>The <c>bool</c> modifier.</summary>
    public bool Bool { get; init; }

    /// <summary><c>on(...)</c> or <c>ignoring(...)</c>, or null.</summary>
    public MqlModifier? Group { get; init; }

    /// <summary><c>group_left(...)</c> or <c>group_right(...)</c>, or null.</summary>
    public MqlModifier? Join { get; init; }

    /// <summary>The <c>prefix "..."</c> after the join modifier, or null.</summary>
    public string? JoinPrefix { get; init; }

    /// <summary>The <c>keep_metric_names</c> modifier.</summary>
    public bool KeepMetricNames { get; init; }

    /// <inheritdoc/>
    public override IEnumerable<MetricsQLExpr> Children => [Left, Right];
}

/// <summary>A rollup or transform function call; the name <c>""</c> is <c>(a, b)</c>, a synonym of <c>union</c>.</summary>
/// <param name="Name">The name as written (escapes decoded).</param>
/// <param name="Args">The arguments.</param>
public sealed record MqlCall(string Name, ImmutableArray<MetricsQLExpr> Args) : MetricsQLExpr
{
    /// <summary>The <c>keep_metric_names</c> modifier.</summary>
    public bool KeepMetricNames { get; init; }

    /// <inheritdoc/>
    public override IEnumerable<MetricsQLExpr> Children => Args;

    /// <inheritdoc/>
    public bool Equals(MqlCall? other) =>
        other is not null && Name == other.Name && KeepMetricNames == other.KeepMetricNames && NodeEquality.ListEqual(Args, other.Args);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, KeepMetricNames, NodeEquality.ListHash(Args));
}

/// <summary>An aggregate function call (<c>sum(x) by(a) limit 10</c>).</summary>
/// <param name="Name">The name, lower case.</param>
/// <param name="Args">The arguments.</param>
public sealed record MqlAggregate(string Name, ImmutableArray<MetricsQLExpr> Args) : MetricsQLExpr
{
    /// <summary><c>by(...)</c> or <c>without(...)</c>, or null.</summary>
    public MqlModifier? Modifier { get; init; }

    /// <summary>The <c>limit N</c> on output series; 0 for none.</summary>
    public int Limit { get; init; }

    /// <inheritdoc/>
    public override IEnumerable<MetricsQLExpr> Children => Args;

    /// <inheritdoc/>
    public bool Equals(MqlAggregate? other) =>
        other is not null && Name == other.Name && Equals(Modifier, other.Modifier) && Limit == other.Limit && NodeEquality.ListEqual(Args, other.Args);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Modifier, Limit, NodeEquality.ListHash(Args));
}
