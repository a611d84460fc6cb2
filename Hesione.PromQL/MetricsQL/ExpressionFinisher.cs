using System.Collections.Immutable;

namespace Hesione.PromQL.MetricsQL;

/// <summary>
/// Turns an expanded written tree into the final <see cref="MetricsQLExpr"/> as MetricsQL does: parentheses
/// dropped (a list of several becomes the union call <c>(a, b)</c>), constant operations folded (numbers,
/// string concatenation and comparison), Grafana's <c>$__interval</c> read as one step (<c>1i</c>), and every
/// function name checked against the function tables.
/// </summary>
internal static class ExpressionFinisher
{
    public static MetricsQLExpr Finish(Syn e)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (e)
        {
            case SynParens { Items.Length: 1 } single:
                return Finish(single.Items[0]);
            case SynParens list:
                return new MqlCall("", FinishAll(list.Items));
            case SynBinary be:
                return Fold(be, Finish(be.Left), Finish(be.Right));
            case SynCall call:
                if (!MetricsQLFunctions.IsCallable(call.Name))
                    throw new MetricsQLSyntaxException($"unsupported function {Printing.GoQuoting.Quote(call.Name)}");
                return new MqlCall(call.Name, FinishAll(call.Args)) { KeepMetricNames = call.KeepMetricNames };
            case SynAggregate ae:
                if (!MetricsQLFunctions.IsAggregate(ae.Name))
                    throw new MetricsQLSyntaxException($"unsupported aggregate function {Printing.GoQuoting.Quote(ae.Name)}");
                return new MqlAggregate(ae.Name, FinishAll(ae.Args)) { Modifier = Modifier(ae.Modifier), Limit = ae.Limit };
            case SynRollup re:
                return new MqlRollup(Finish(re.Expr))
                {
                    Window = Duration(re.Window),
                    Step = Duration(re.Step),
                    InheritStep = re.InheritStep,
                    Offset = Duration(re.Offset),
                    At = re.At is null ? null : Finish(re.At),
                };
            case SynSelector { IsExpanded: true } me:
                return new MqlSelector(me.Groups);
            case SynString { Value: { } value }:
                return new MqlString(value);
            case SynNumber n:
                return new MqlNumber(n.Value) { Text = n.Text.Length == 0 ? null : n.Text };
            case SynVariable v:
                return new MqlVariable(v.Text);
            case SynDuration { IsReference: false } d:
                return Duration(d)!;
            default:
                throw new MetricsQLSyntaxException($"cannot finish a {e.GetType().Name} node");
        }
    }

    private static ImmutableArray<MetricsQLExpr> FinishAll(ImmutableArray<Syn> items)
    {
        var b = ImmutableArray.CreateBuilder<MetricsQLExpr>(items.Length);
        foreach (var item in items) b.Add(Finish(item));
        return b.MoveToImmutable();
    }

    private static MqlModifier? Modifier(SynModifier? m) => m is null ? null : new MqlModifier(m.Op, m.Args);

    private static MqlDuration? Duration(SynDuration? d)
    {
        if (d is null) return null;
        if (d.IsReference) throw new MetricsQLSyntaxException($"cannot find WITH template for {Printing.GoQuoting.Quote(d.Text)}");
        var text = d.Text.Replace("$__rate_interval", "1i", StringComparison.Ordinal).Replace("$__interval", "1i", StringComparison.Ordinal);
        return new MqlDuration(text);
    }

    private static MetricsQLExpr Fold(SynBinary be, MetricsQLExpr left, MetricsQLExpr right)
    {
        if (left is MqlNumber ln && right is MqlNumber rn)
            return new MqlNumber(MetricsQLOperators.Evaluate(be.Op, ln.Value, rn.Value, be.Bool));
        if (left is MqlString ls && right is MqlString rs)
        {
            if (be.Op == "+") return new MqlString(ls.Value + rs.Value);
            if (MetricsQLOperators.IsComparison(be.Op))
            {
                var c = string.CompareOrdinal(ls.Value, rs.Value);
                var holds = be.Op switch
                {
                    "==" => c == 0,
                    "!=" => c != 0,
                    ">" => c > 0,
                    "<" => c < 0,
                    ">=" => c >= 0,
                    _ => c <= 0,
                };
                return new MqlNumber(holds ? 1 : be.Bool ? 0 : double.NaN);
            }
        }
        return new MqlBinary(be.Op, left, right)
        {
            Bool = be.Bool,
            Group = Modifier(be.Group),
            Join = Modifier(be.Join),
            JoinPrefix = be.Prefix?.Value,
            KeepMetricNames = be.KeepMetricNames,
        };
    }
}
