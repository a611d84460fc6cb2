using System.Runtime.CompilerServices;
using Hesione.PromQL.MetricsQL;

namespace Hesione.Server.Enforcement;

/// <summary>
/// How far back before its evaluation time a MetricsQL query reads, in seconds, as <see cref="QueryLookback"/> counts
/// it for PromQL: along each path from the root to a selector, the windows and offsets of the rollups on the way; the
/// longest path counts. A window in steps (<c>[5i]</c>) counts that many steps; a selector read without a window reads
/// back one step, as VictoriaMetrics does (the request's step, or a subquery's own step below it), or the request's
/// <c>max_lookback</c>/<c>lookback_delta</c> when longer (VictoriaMetrics reads that far back then). A negative offset
/// counts as 0; <c>@</c> moves the window without widening it. A duration that cannot be read counts as infinite.
/// </summary>
internal static class MetricsQLLookback
{
    /// <summary>VictoriaMetrics' step of an instant query that gives none.</summary>
    public const double DefaultInstantStepSeconds = 300;

    /// <summary>
    /// The lookback of <paramref name="query"/> evaluated with this step, a selector without a window reading back at
    /// least <paramref name="implicitWindowSeconds"/> (the request's <c>max_lookback</c> or <c>lookback_delta</c>).
    /// </summary>
    public static double Seconds(MetricsQLExpr query, double stepSeconds, double implicitWindowSeconds = 0) =>
        new Walk(implicitWindowSeconds).Visit(query, stepSeconds);

    private readonly record struct Walk(double ImplicitWindowSeconds)
    {
        public double Visit(MetricsQLExpr node, double stepSeconds)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            return node switch
            {
                MqlSelector => Math.Max(stepSeconds, ImplicitWindowSeconds),
                MqlRollup rollup => Rollup(rollup, stepSeconds),
                _ => Longest(node.Children, stepSeconds),
            };
        }

        private double Rollup(MqlRollup rollup, double stepSeconds)
        {
            var offset = Offset(rollup.Offset, stepSeconds);
            var at = rollup.At is null ? 0 : Visit(rollup.At, stepSeconds);
            double reach;
            var subquery = rollup.Step is not null || rollup.InheritStep;
            if (rollup.Window is null && !subquery)
                reach = offset + Visit(rollup.Expr, stepSeconds);
            else if (rollup.Expr is MqlSelector && !subquery)
                reach = offset + Magnitude(rollup.Window!, stepSeconds);
            else
            {
                // A subquery (a step written, or a window on anything but a selector): its inner expression is evaluated
                // at its own step (the outer one when not written).
                var innerStep = rollup.Step is null ? stepSeconds : Magnitude(rollup.Step, stepSeconds);
                var window = rollup.Window is null ? stepSeconds : Magnitude(rollup.Window, stepSeconds);
                reach = offset + window + Visit(rollup.Expr, innerStep);
            }
            return Math.Max(reach, at);
        }

        private double Longest(IEnumerable<MetricsQLExpr> children, double stepSeconds)
        {
            var longest = 0.0;
            foreach (var child in children) longest = Math.Max(longest, Visit(child, stepSeconds));
            return longest;
        }
    }

    /// <summary>An offset whose every part is negative (<c>-1h</c>, <c>-1h-30m</c>) looks later and counts as 0; any other counts its magnitude.</summary>
    private static double Offset(MqlDuration? offset, double stepSeconds)
    {
        if (offset is null) return 0;
        return IsNegative(offset.Text) ? 0 : Magnitude(offset, stepSeconds);
    }

    private static bool IsNegative(string text)
    {
        if (!text.StartsWith('-')) return false;
        for (var i = 1; i < text.Length; i++)
            if (char.IsAsciiDigit(text[i]) && char.IsAsciiLetter(text[i - 1])) return false;
        return true;
    }

    private static double Magnitude(MqlDuration duration, double stepSeconds)
    {
        var milliseconds = duration.MagnitudeMilliseconds(stepSeconds * 1000);
        return double.IsNaN(milliseconds) ? double.PositiveInfinity : milliseconds / 1000;
    }
}
