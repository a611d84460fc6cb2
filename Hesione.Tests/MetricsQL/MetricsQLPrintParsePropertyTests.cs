using System.Text;
using CsCheck;
using FluentAssertions;
using Hesione.PromQL.MetricsQL;
using Xunit;

namespace Hesione.Tests.MetricsQL;

/// <summary>
/// Property: a query built at random from MetricsQL's constructs either is refused, or parses to a tree whose
/// printed form parses back to an equal tree.
/// </summary>
public class MetricsQLPrintParsePropertyTests
{
    [Fact]
    public void Random_queries_survive_print_then_parse()
    {
        var accepted = 0;
        Gen.Int.Select(seed => new QueryBuilder(new Random(seed)).Expr(3)).Sample(query =>
        {
            var parsed = MetricsQLParser.Parse(query);
            if (!parsed.Success) return;
            accepted++;
            if (PrintsUnreadably(parsed.Value!)) return;
            var printed = parsed.Value!.ToString();
            var again = MetricsQLParser.Parse(printed);
            again.Success.Should().BeTrue($"{query} printed as {printed}: {again.ErrorMessage}");
            again.Value!.Should().Be(parsed.Value, $"{query} printed as {printed} read back as {again.Value}");
            again.Value!.GetHashCode().Should().Be(parsed.Value!.GetHashCode(), printed);
            MetricsQLParser.Parse(again.Value!.ToString()).Value!.ToString().Should().Be(again.Value!.ToString(), "printing is stable once read back (a computed +Inf reads back as Inf)");
        }, iter: 3000, print: q => q);
        accepted.Should().BeGreaterThan(1500, "most generated queries are valid MetricsQL");
    }

    /// <summary>Whether the tree holds one of the forms MetricsQL's printer writes in a way its parser reads differently.</summary>
    internal static bool PrintsUnreadably(MetricsQLExpr e) =>
        HasNameOnlyOrGroup(e) || HasInfinityAfterPrefix(e) || HasStringPlusBareName(e) || HasBoundNegative(e);

    /// <summary>
    /// MetricsQL prints <c>{__name__="a",b="1" or __name__="a"}</c> as <c>a{b="1"}</c> (a group of the name alone
    /// is not written): such trees do not read back equal, in MetricsQL either.
    /// </summary>
    private static bool HasNameOnlyOrGroup(MetricsQLExpr e) =>
        (e is MqlSelector s && s.MetricName.Length > 0 && s.Groups.Length > 1 && s.Groups.Any(g => g.Length == 1))
        || e.Children.Any(HasNameOnlyOrGroup);

    /// <summary>
    /// A computed +Inf prints as <c>+Inf</c>; right after <c>prefix "p"</c> that reads as the string <c>"p" + Inf</c>
    /// (in MetricsQL too), so such trees do not read back.
    /// </summary>
    private static bool HasInfinityAfterPrefix(MetricsQLExpr e) =>
        (e is MqlBinary { JoinPrefix: not null, Right: MqlNumber { Text: null } n } && double.IsPositiveInfinity(n.Value))
        || e.Children.Any(HasInfinityAfterPrefix);

    /// <summary>
    /// <c>"s" + name</c> with a bare metric name on the right (no braces, no call), or a NaN or infinity (printed as the
    /// bare word <c>NaN</c>/<c>Inf</c>), reads as a string concatenation with a template name (in MetricsQL too), so
    /// such trees do not read back.
    /// </summary>
    private static bool HasStringPlusBareName(MetricsQLExpr e) =>
        (e is MqlBinary { Op: "+", Left: MqlString, Right: var right } && StartsWithBareName(right))
        || e.Children.Any(HasStringPlusBareName);

    private static bool StartsWithBareName(MetricsQLExpr e) => e switch
    {
        MqlSelector s => s.MetricName.Length > 0 && s.Groups.All(g => g.Length <= 1),
        MqlRollup { Offset: null, At: null } r => StartsWithBareName(r.Expr),
        MqlNumber n => double.IsNaN(n.Value) || double.IsInfinity(n.Value),
        _ => false,
    };

    /// <summary>
    /// A computed negative number prints as <c>-635</c>, which reads back as <c>0 - 635</c>: before <c>*</c>,
    /// <c>^</c>... or a rollup suffix it binds differently (in MetricsQL too), so such trees do not read back.
    /// </summary>
    private static bool HasBoundNegative(MetricsQLExpr e) =>
        e switch
        {
            MqlBinary b when IsComputedNegative(b.Left) && MetricsQLOperators.Priorities[b.Op] > 4 => true,
            MqlRollup r when IsComputedNegative(r.Expr) => true,
            _ => e.Children.Any(HasBoundNegative),
        };

    private static bool IsComputedNegative(MetricsQLExpr e) => e is MqlNumber { Text: null } n && double.IsNegative(n.Value);

    /// <summary>Builds random MetricsQL text (valid by construction for the most part; non-negative constants only).</summary>
    internal sealed class QueryBuilder(Random random)
    {
        private static readonly string[] Metrics = ["up", "http_requests_total", "node:cpu:rate5m", "m", "with", "offset", "温度"];
        private static readonly string[] Labels = ["job", "instance", "le", "namespace", "a.b", "__name__"];
        private static readonly string[] Values = ["api", "", "x\"y", "a|b", "é", "line\nbreak"];
        private static readonly string[] Rollups = ["rate", "increase", "avg_over_time", "rollup_rate", "lag", "timestamp", "changes"];
        private static readonly string[] Transforms = ["abs", "label_set", "range_median", "running_sum", "union", "clamp_min", "keep_last_value"];
        private static readonly string[] Aggregates = ["sum", "topk_max", "quantiles", "count", "outliersk", "any"];
        private static readonly string[] Operators = ["+", "-", "*", "/", "%", "^", "==", "!=", ">", "<=", "and", "or", "unless", "if", "ifnot", "default", "atan2"];
        private static readonly string[] Durations = ["5m", "1h30m", "10s", "2i", "1d-1h", "90", "1.5h"];

        private T Pick<T>(T[] items) => items[random.Next(items.Length)];

        private bool Chance(int percent) => random.Next(100) < percent;

        public string Expr(int depth)
        {
            if (depth <= 0) return Leaf();
            return random.Next(9) switch
            {
                0 => Leaf(),
                1 => $"{Pick(Rollups)}({Selector()}{(Chance(60) ? $"[{Pick(Durations)}]" : "")})",
                2 => $"{Pick(Transforms)}({Expr(depth - 1)}){(Chance(20) ? " keep_metric_names" : "")}",
                3 => Aggregate(depth),
                4 => Binary(depth),
                5 => $"({Expr(depth - 1)}){Suffix()}",
                6 => $"({Expr(depth - 1)}, {Expr(depth - 1)})",
                7 => $"with (t{depth} = {Selector()}, f{depth}(x) = x * 2) f{depth}(t{depth}) + {Expr(depth - 1)}",
                _ => $"{Selector()}{Suffix()}",
            };
        }

        private string Leaf() => random.Next(5) switch
        {
            0 => random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            1 => Pick(["1Ki", "2.5e3", "0x1f", "NaN", "Inf", "1_000"]),
            2 => Printing(Pick(Values)),
            _ => Selector(),
        };

        private static string Printing(string value) => Hesione.PromQL.Printing.GoQuoting.Quote(value);

        private string Selector()
        {
            var sb = new StringBuilder();
            if (Chance(70)) sb.Append(MetricsQLIdent.Escape(Pick(Metrics)));
            if (Chance(60) || sb.Length == 0)
            {
                sb.Append('{');
                var groups = random.Next(1, 3);
                for (var g = 0; g < groups; g++)
                {
                    if (g > 0) sb.Append(" or ");
                    var filters = random.Next(1, 3);
                    for (var f = 0; f < filters; f++)
                    {
                        if (f > 0) sb.Append(',');
                        sb.Append(Chance(80) ? MetricsQLIdent.Escape(Pick(Labels)) : Printing(Pick(Labels)));
                        sb.Append(Pick(["=", "!=", "=~", "!~"])).Append(Printing(Pick(Values)));
                    }
                }
                sb.Append('}');
            }
            return sb.ToString();
        }

        private string Suffix() => random.Next(5) switch
        {
            0 => $"[{Pick(Durations)}:{Pick(Durations)}]",
            1 => $"[{Pick(Durations)}:]",
            2 => $" offset {(Chance(30) ? "-" : "")}{Pick(Durations)}",
            3 => " @ end()",
            _ => "",
        };

        private string Aggregate(int depth)
        {
            var name = Pick(Aggregates);
            var args = name is "topk_max" or "quantiles" or "outliersk" ? $"3, {Expr(depth - 1)}" : Expr(depth - 1);
            var modifier = random.Next(3) switch
            {
                0 => " by (job, instance)",
                1 => " without (le)",
                _ => "",
            };
            var limit = Chance(30) ? $" limit {random.Next(1, 20)}" : "";
            return Chance(50) ? $"{name}{modifier} ({args}){limit}" : $"{name}({args}){modifier}{limit}";
        }

        private string Binary(int depth)
        {
            var op = Pick(Operators);
            var modifiers = "";
            if (Chance(20) && op is "==" or "!=" or ">" or "<=") modifiers += " bool";
            if (Chance(30))
            {
                modifiers += Chance(50) ? " on (job)" : " ignoring (le)";
                if (Chance(50) && op is not ("and" or "or" or "unless"))
                    modifiers += Chance(50) ? " group_left (x)" : " group_right (*) prefix \"p_\"";
            }
            var keep = Chance(10) ? " keep_metric_names" : "";
            return $"{Expr(depth - 1)} {op}{modifiers} {Expr(depth - 1)}{keep}";
        }
    }
}
