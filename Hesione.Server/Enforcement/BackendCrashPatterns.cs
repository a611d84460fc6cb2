using System.Collections.Immutable;
using Hesione.PromQL.Ast;
using Hesione.PromQL.MetricsQL;
using Hesione.Server.Configuration;

namespace Hesione.Server.Enforcement;

/// <summary>
/// A valid query shape known to crash a backend of one flavor, so that one tenant could take the shared backend away
/// from all: refused with a 400 before it is forwarded.
/// </summary>
/// <param name="Flavor">The backend flavor it crashes.</param>
/// <param name="Name">A short name for the pattern.</param>
/// <param name="Crashes">Whether the matchers of one selector of the enforced query (the scope's matchers included; for a
/// MetricsQL selector, one or-group) have the pattern.</param>
/// <param name="Message">What the client is told.</param>
/// <param name="Example">A query that, once enforced, crashed the backend when sent to it directly.</param>
internal sealed record CrashPattern(Flavor Flavor, string Name, Func<IReadOnlyList<LabelMatcher>, bool> Crashes, string Message, string Example)
{
    /// <summary>
    /// Whether a node of an enforced MetricsQL query (a duration, a rollup, a call...) has the pattern; null for a
    /// pattern of selectors alone. Such a pattern crashes the backend without the scope's help.
    /// </summary>
    public Func<MetricsQLExpr, bool>? CrashesOnNode { get; init; }
}

/// <summary>
/// The table of known backend crash patterns, one row per pattern. The check runs on the enforced query, because the
/// scope's own matchers can be what completes a pattern: VictoriaMetrics 1.79 survives <c>{__name__="nan"} + up</c>
/// but panics on <c>{__name__="nan",namespace="team-a"} + up{namespace="team-a"}</c>. Only queries are checked: the
/// same selectors as <c>match[]</c> of series, labels, label values, export or federate did not crash it.
/// </summary>
internal static class BackendCrashPatterns
{
    /// <summary>Every known pattern.</summary>
    public static ImmutableArray<CrashPattern> All { get; } =
    [
        // VictoriaMetrics 1.79 prints such a selector as `nan{namespace="team-a"}` while optimising a binary operation,
        // parses its own output again, reads `nan` (or `inf`, any case) as a number, and panics ("BUG: cannot parse the
        // expression"). Tried by hand against the victoria-metrics binary: any binary operation around the selector
        // crashes it; a __name__ regex (`=~"nan"`), a name with other characters (`nan_x`, `infinity`) or a selector
        // without other matchers does not. Signed spellings (`-Inf`, `+nan`) did not crash 1.79, which escapes the sign
        // when it prints; they read as numbers too, so they are refused as well rather than left to that detail.
        new(Flavor.VictoriaMetrics, "numeric_metric_name",
            static matchers => HasNumericMetricName(matchers) && matchers.Count > 1,
            "a metric name that reads as a number (inf, nan) together with other label matchers crashes VictoriaMetrics",
            """{__name__="nan"} + up"""),
        // VictoriaMetrics 1.79 parses any duration, then panics ("BUG: cannot parse duration ...: too big duration") when
        // it evaluates one whose milliseconds exceed an int64: `up[9999999999999d]`, `up offset 106751991168d`,
        // `rate(up[1e300])`, `rate(up[99999999999999999i])`, also `[9223372036854775807ms]` (float rounding). Tried by
        // hand against the victoria-metrics binary: the process exits, for every tenant. MetricsQL only: the PromQL
        // parser already refuses a duration past Go's (292 years). A step part (`5i`) counts at VictoriaMetrics' largest
        // step, 100 years, and the bound keeps a margin of half the int64 range.
        new(Flavor.VictoriaMetrics, "duration_overflow", static _ => false,
            "a duration too long for VictoriaMetrics to hold in milliseconds crashes VictoriaMetrics",
            "rate(up[9999999999999d])")
        {
            CrashesOnNode = static node => node switch
            {
                MqlDuration duration => TooLong(duration),
                MqlRollup rollup => TooLong(rollup.Window) || TooLong(rollup.Step) || TooLong(rollup.Offset),
                _ => false,
            },
        },
        // VictoriaMetrics 1.79 slices its series by limit_offset's limit and offset converted to integers, without a
        // check: a negative one, NaN (`scalar(x)` of nothing) or one past an int64 (`1e19`) panics ("slice bounds out
        // of range"), even on a selector that matches nothing. Tried by hand against the victoria-metrics binary. Only
        // number literals from 0 to 2^53 are let through: an expression could turn out negative or NaN at run time.
        new(Flavor.VictoriaMetrics, "limit_offset_bounds", static _ => false,
            "limit_offset with a limit or offset that is not a number from 0 to 2^53 crashes VictoriaMetrics",
            "limit_offset(1, -1, up)")
        {
            CrashesOnNode = static node => node is MqlCall call && call.Name.Equals("limit_offset", StringComparison.OrdinalIgnoreCase)
                && call.Args.Take(2).Any(static arg => arg is not MqlNumber { Value: >= 0 and <= 9_007_199_254_740_992 }),
        },
    ];

    private static bool TooLong(MqlDuration? duration) =>
        duration is not null && !(duration.MagnitudeMilliseconds(LargestStepMilliseconds) <= LargestDurationMilliseconds);

    /// <summary>VictoriaMetrics refuses a <c>step</c> longer than 100 years (of 365 days).</summary>
    private const double LargestStepMilliseconds = 100 * 365 * 86_400_000.0;

    /// <summary>Half the int64 range: durations summed by the backend (window plus offset) stay representable.</summary>
    private const double LargestDurationMilliseconds = 1L << 62;

    /// <summary>The patterns of <paramref name="flavor"/>.</summary>
    public static ImmutableArray<CrashPattern> For(Flavor flavor) => [.. All.Where(p => p.Flavor == flavor)];

    /// <summary>The first of <paramref name="patterns"/> that a selector of <paramref name="enforced"/> has, or null.</summary>
    public static CrashPattern? Find(ImmutableArray<CrashPattern> patterns, Expr enforced) =>
        patterns.IsEmpty ? null : FirstIn(enforced, static node => node.Children,
            node => node is VectorSelector selector ? Matching(patterns, [.. selector.EffectiveMatchers]) : null);

    /// <summary>
    /// The first of <paramref name="patterns"/> that an or-group of a selector of <paramref name="enforced"/> (MetricsQL),
    /// or one of its nodes, has, or null.
    /// </summary>
    public static CrashPattern? Find(ImmutableArray<CrashPattern> patterns, MetricsQLExpr enforced) =>
        patterns.IsEmpty ? null : FirstIn(enforced, static node => node.Children, node =>
            (node is MqlSelector selector ? selector.Groups.Select(group => Matching(patterns, group)).FirstOrDefault(p => p is not null) : null)
            ?? patterns.FirstOrDefault(p => p.CrashesOnNode?.Invoke(node) == true));

    private static CrashPattern? Matching(ImmutableArray<CrashPattern> patterns, IReadOnlyList<LabelMatcher> matchers) =>
        patterns.FirstOrDefault(p => p.Crashes(matchers));

    private static CrashPattern? FirstIn<TNode>(TNode root, Func<TNode, IEnumerable<TNode>> children, Func<TNode, CrashPattern?> check)
    {
        var pending = new Stack<TNode>();
        pending.Push(root);
        while (pending.TryPop(out var node))
        {
            if (check(node) is { } pattern) return pattern;
            foreach (var child in children(node)) pending.Push(child);
        }
        return null;
    }

    /// <summary>Whether a <c>__name__="..."</c> matcher (or the name before the braces) reads as a number: <c>inf</c> or <c>nan</c>, any case, optionally signed.</summary>
    private static bool HasNumericMetricName(IReadOnlyList<LabelMatcher> matchers)
    {
        foreach (var matcher in matchers)
        {
            if (matcher.Name != LabelMatcher.MetricNameLabel || matcher.Type != MatcherType.Equal) continue;
            var name = matcher.Value.AsSpan();
            if (name.Length > 0 && name[0] is '+' or '-') name = name[1..];
            if (name.Equals("inf", StringComparison.OrdinalIgnoreCase) || name.Equals("nan", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
