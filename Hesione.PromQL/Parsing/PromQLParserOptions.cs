namespace Hesione.PromQL.Parsing;

/// <summary>
/// Switches and limits for <see cref="PromQLParser"/>. Prometheus keeps some language features behind
/// flags; here they are all on by default, as the newest Prometheus with its experimental flags on.
/// </summary>
public sealed record PromQLParserOptions
{
    /// <summary>The defaults: every feature on, 64 KiB queries, nesting depth 256, tree depth 4096.</summary>
    public static PromQLParserOptions Default { get; } = new();

    /// <summary>Experimental functions and aggregations (<c>info</c>, <c>limitk</c>, <c>limit_ratio</c>, <c>mad_over_time</c>, <c>sort_by_label</c>...).</summary>
    public bool EnableExperimentalFunctions { get; init; } = true;

    /// <summary>Duration expressions in ranges, steps and offsets (<c>[5m + step()]</c>, <c>offset min_of(range(), 1h)</c>).</summary>
    public bool ExperimentalDurationExpr { get; init; } = true;

    /// <summary>The <c>anchored</c> and <c>smoothed</c> selector modifiers.</summary>
    public bool EnableExtendedRangeSelectors { get; init; } = true;

    /// <summary>The <c>fill</c>, <c>fill_left</c> and <c>fill_right</c> binary operator modifiers.</summary>
    public bool EnableBinopFillModifiers { get; init; } = true;

    /// <summary>Longest accepted query, in characters.</summary>
    public int MaxQueryLength { get; init; } = 64 * 1024;

    /// <summary>Deepest accepted nesting of parentheses, brackets and braces.</summary>
    public int MaxNestingDepth { get; init; } = 256;

    /// <summary>Deepest accepted expression tree (a chain of N binary operators is N+1 deep).</summary>
    public int MaxTreeDepth { get; init; } = 4096;
}
