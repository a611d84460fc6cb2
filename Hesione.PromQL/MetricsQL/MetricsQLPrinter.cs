using System.Globalization;
using System.Text;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Printing;

namespace Hesione.PromQL.MetricsQL;

/// <summary>
/// Prints a <see cref="MetricsQLExpr"/> in exactly the canonical form MetricsQL prints: numbers and durations
/// as written (computed numbers in Go's shortest <c>%g</c> form), aggregates as <c>sum(x) by(a)</c>, operands
/// in parentheses where MetricsQL puts them, identifiers with backslash escapes, strings with Go quoting.
/// </summary>
public static class MetricsQLPrinter
{
    /// <summary>The canonical text of <paramref name="expr"/>.</summary>
    public static string Print(MetricsQLExpr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var sb = new StringBuilder(64);
        Append(sb, expr);
        return sb.ToString();
    }

    /// <summary>The canonical text, or null when the tree is too deep to print on the current thread's stack.</summary>
    public static string? TryPrint(MetricsQLExpr expr)
    {
        try
        {
            return Print(expr);
        }
        catch (InsufficientExecutionStackException)
        {
            return null;
        }
    }

    private static void Append(StringBuilder sb, MetricsQLExpr expr)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (expr)
        {
            case MqlNumber n:
                sb.Append(n.Text ?? FormatG(n.Value));
                break;
            case MqlString s:
                GoQuoting.AppendQuoted(sb, s.Value);
                break;
            case MqlDuration d:
                sb.Append(d.Text);
                break;
            case MqlVariable v:
                sb.Append(v.Text);
                break;
            case MqlSelector me:
                AppendSelector(sb, me);
                break;
            case MqlRollup re:
                AppendRollup(sb, re);
                break;
            case MqlBinary be:
                AppendBinary(sb, be);
                break;
            case MqlCall fe:
                MetricsQLIdent.AppendEscaped(sb, fe.Name);
                AppendArgs(sb, fe.Args);
                if (fe.KeepMetricNames) sb.Append(" keep_metric_names");
                break;
            case MqlAggregate ae:
                MetricsQLIdent.AppendEscaped(sb, ae.Name);
                AppendArgs(sb, ae.Args);
                if (ae.Modifier is not null) AppendModifier(sb.Append(' '), ae.Modifier);
                if (ae.Limit > 0) sb.Append(" limit ").Append(ae.Limit.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                throw new ArgumentException($"unknown MetricsQL node {expr.GetType().Name}", nameof(expr));
        }
    }

    private static void AppendArgs(StringBuilder sb, IReadOnlyList<MetricsQLExpr> args)
    {
        sb.Append('(');
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            Append(sb, args[i]);
        }
        sb.Append(')');
    }

    private static void AppendModifier(StringBuilder sb, MqlModifier m)
    {
        sb.Append(m.Op).Append('(');
        for (var i = 0; i < m.Args.Length; i++)
        {
            if (i > 0) sb.Append(',');
            if (m.Args[i] == "*") sb.Append('*');
            else MetricsQLIdent.AppendEscaped(sb, m.Args[i]);
        }
        sb.Append(')');
    }

    private static void AppendSelector(StringBuilder sb, MqlSelector me)
    {
        if (me.Groups.IsEmpty)
        {
            sb.Append("{}");
            return;
        }
        var name = me.MetricName;
        var offset = 0;
        if (name.Length > 0)
        {
            offset = 1;
            MetricsQLIdent.AppendEscaped(sb, name);
            if (me.Groups.All(g => g.Length <= 1)) return;
        }
        sb.Append('{');
        for (var i = 0; i < me.Groups.Length; i++)
        {
            var group = me.Groups[i];
            if (group.Length <= offset) continue;
            for (var k = offset; k < group.Length; k++)
            {
                if (k > offset) sb.Append(',');
                AppendFilter(sb, group[k]);
            }
            if (i + 1 < me.Groups.Length && me.Groups[i + 1].Length > offset) sb.Append(" or ");
        }
        sb.Append('}');
    }

    private static void AppendFilter(StringBuilder sb, LabelMatcher m)
    {
        MetricsQLIdent.AppendEscaped(sb, m.Name);
        sb.Append(m.OperatorText);
        GoQuoting.AppendQuoted(sb, m.Value);
    }

    private static void AppendRollup(StringBuilder sb, MqlRollup re)
    {
        var parens = re.Expr is MqlRollup or MqlBinary || re.Expr is MqlAggregate { Modifier: not null };
        if (parens) sb.Append('(');
        Append(sb, re.Expr);
        if (parens) sb.Append(')');
        if (re.Window is not null || re.InheritStep || re.Step is not null)
        {
            sb.Append('[');
            if (re.Window is not null) sb.Append(re.Window.Text);
            if (re.Step is not null) sb.Append(':').Append(re.Step.Text);
            else if (re.InheritStep) sb.Append(':');
            sb.Append(']');
        }
        if (re.Offset is not null) sb.Append(" offset ").Append(re.Offset.Text);
        if (re.At is not null)
        {
            sb.Append(" @ ");
            var atParens = re.At is MqlBinary;
            if (atParens) sb.Append('(');
            Append(sb, re.At);
            if (atParens) sb.Append(')');
        }
    }

    private static void AppendBinary(StringBuilder sb, MqlBinary be)
    {
        if (be.KeepMetricNames) sb.Append('(');
        AppendOperand(sb, be.Left, NeedsParens(be.Left));
        sb.Append(' ').Append(be.Op);
        if (be.Bool) sb.Append("bool");
        if (be.Group is not null) AppendModifier(sb.Append(' '), be.Group);
        if (be.Join is not null)
        {
            AppendModifier(sb.Append(' '), be.Join);
            if (be.JoinPrefix is not null) GoQuoting.AppendQuoted(sb.Append(" prefix "), be.JoinPrefix);
        }
        sb.Append(' ');
        AppendOperand(sb, be.Right, NeedsRightParens(be));
        if (be.KeepMetricNames) sb.Append(") keep_metric_names");
    }

    private static void AppendOperand(StringBuilder sb, MetricsQLExpr operand, bool parens)
    {
        if (parens) sb.Append('(');
        Append(sb, operand);
        if (parens) sb.Append(')');
    }

    private static bool NeedsParens(MetricsQLExpr operand) => operand switch
    {
        MqlBinary => true,
        MqlRollup re => re.Expr is MqlBinary { KeepMetricNames: true } || re.Offset is not null || re.At is not null,
        _ => false,
    };

    private static bool NeedsRightParens(MqlBinary be) => NeedsParens(be.Right) || be.Right switch
    {
        MqlSelector me => MetricsQLOperators.IsReservedBinaryOpIdent(me.MetricName),
        MqlCall fe => MetricsQLOperators.IsReservedBinaryOpIdent(fe.Name) || fe.KeepMetricNames || be.KeepMetricNames,
        _ => false,
    };

    /// <summary>Go's <c>strconv.FormatFloat(v, 'g', -1, 64)</c>: <c>8</c>, <c>256.5</c>, <c>-1.23e+09</c>, <c>1e-05</c>, <c>NaN</c>, <c>+Inf</c>.</summary>
    public static string FormatG(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "+Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        if (value == 0) return BitConverter.DoubleToInt64Bits(value) < 0 ? "-0" : "0";
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        // Digits and decimal exponent of the shortest round-trip form.
        var negative = shortest[0] == '-';
        var body = negative ? shortest[1..] : shortest;
        var e = body.IndexOfAny(['E', 'e']);
        var mantissa = e < 0 ? body : body[..e];
        var exp10 = e < 0 ? 0 : int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        var digits = (dot < 0 ? mantissa : mantissa.Remove(dot, 1));
        var pointPos = (dot < 0 ? mantissa.Length : dot) + exp10;
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
            pointPos--;
        }
        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        var exp = pointPos - 1;
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (exp < -4 || exp >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(exp < 0 ? '-' : '+');
            var abs = Math.Abs(exp);
            if (abs < 10) sb.Append('0');
            sb.Append(abs.ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }
        if (pointPos <= 0) sb.Append("0.").Append('0', -pointPos).Append(digits);
        else if (pointPos >= digits.Length) sb.Append(digits).Append('0', pointPos - digits.Length);
        else sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
        return sb.ToString();
    }
}
