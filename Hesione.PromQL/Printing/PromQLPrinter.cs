using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Hesione.PromQL.Ast;

namespace Hesione.PromQL.Printing;

/// <summary>
/// The one place where trees become text. Prints the canonical form that Prometheus's
/// <c>format_query</c> gives: <c>sum by (job) (rate(x{a="b"}[5m]))</c>, matchers sorted, single spaces
/// around binary operators. Parsing the output gives a tree equal to the input (for trees the parser
/// can produce). Deep trees may throw <see cref="InsufficientExecutionStackException"/>; trees from
/// <see cref="Parsing.PromQLParser"/> are bounded by its depth limit and never do.
/// </summary>
public static partial class PromQLPrinter
{
    [ThreadStatic] private static StringBuilder? t_builder;

    /// <summary>Where each node's text went, while <see cref="Pretty"/> prints the whole tree once; null otherwise.</summary>
    [ThreadStatic] private static Dictionary<Expr, TextSpan>? t_spans;

    /// <summary>The canonical text of an expression.</summary>
    public static string Print(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var sb = Rent();
        Write(sb, expr);
        return Return(sb);
    }

    /// <summary>The canonical text of a matcher, e.g. <c>job=~"a|b"</c> or <c>"my.label"="x"</c>.</summary>
    public static string Print(LabelMatcher matcher)
    {
        var sb = new StringBuilder();
        WriteMatcher(sb, matcher);
        return sb.ToString();
    }

    /// <summary>The canonical text of a duration.</summary>
    public static string Print(DurationExpr duration)
    {
        var sb = new StringBuilder();
        WriteTopDuration(sb, duration);
        return sb.ToString();
    }

    private static StringBuilder Rent()
    {
        var sb = t_builder ?? new StringBuilder(256);
        t_builder = null;
        sb.Clear();
        return sb;
    }

    private static string Return(StringBuilder sb)
    {
        var text = sb.ToString();
        if (sb.Capacity <= 16 * 1024) t_builder = sb;
        return text;
    }

    private static void Write(StringBuilder sb, Expr expr)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var start = sb.Length;
        WriteNode(sb, expr);
        t_spans?.TryAdd(expr, new TextSpan(start, sb.Length));
    }

    private static void WriteNode(StringBuilder sb, Expr expr)
    {
        switch (expr)
        {
            case NumberLiteral n:
                sb.Append(n.IsDuration ? NumberFormatting.Duration(n.Value) : NumberFormatting.Number(n.Value));
                break;
            case StringLiteral s:
                GoQuoting.AppendQuoted(sb, s.Value);
                break;
            case VectorSelector vs:
                WriteSelectorCore(sb, vs);
                WriteAt(sb, vs.At);
                WriteBehaviour(sb, vs);
                WriteOffset(sb, vs.Offset);
                break;
            case MatrixSelector ms:
                WriteSelectorCore(sb, ms.Selector);
                sb.Append('[');
                WriteTopDuration(sb, ms.Range);
                sb.Append(']');
                WriteBehaviour(sb, ms.Selector);
                WriteAt(sb, ms.Selector.At);
                WriteOffset(sb, ms.Selector.Offset);
                break;
            case SubqueryExpr sq:
                Write(sb, sq.Expr);
                WriteSubquerySuffix(sb, sq);
                break;
            case ParenExpr p:
                WriteParenthesised(sb, p.Expr, Write);
                break;
            case UnaryExpr u:
                WriteSigned(sb, u.Negate, u.Expr, Write);
                break;
            case BinaryExpr b:
                if (IsSignedPowerBase(b)) sb.Append("Inf");
                else Write(sb, b.Left);
                sb.Append(' ');
                WriteBinaryOperator(sb, b);
                sb.Append(' ');
                Write(sb, b.Right);
                break;
            case AggregateExpr a:
                WriteAggregatePrefix(sb, a);
                sb.Append('(');
                if (a.Param is not null)
                {
                    Write(sb, a.Param);
                    sb.Append(", ");
                }
                Write(sb, a.Expr);
                sb.Append(')');
                break;
            case Call c:
                WriteCall(sb, c.Function.Name, c.Args, Write);
                break;
            default:
                throw new ArgumentException($"unknown node type {expr.GetType().Name}", nameof(expr));
        }
    }

    /// <summary>"+Inf ^ 2" would read back as +(Inf ^ 2): the base of ^ is written without its sign.</summary>
    private static bool IsSignedPowerBase(BinaryExpr b) =>
        b.Op == BinaryOp.Pow && b.Left is NumberLiteral { IsDuration: false } powerBase && double.IsPositiveInfinity(powerBase.Value);

    /// <summary>The operator with its modifiers: <c>+</c>, <c>== bool</c>, <c>* on (a) group_left (b)</c>.</summary>
    private static void WriteBinaryOperator(StringBuilder sb, BinaryExpr b)
    {
        sb.Append(b.Op.Text());
        if (b.ReturnBool) sb.Append(" bool");
        WriteMatching(sb, b.Matching);
    }

    /// <summary>The aggregation before its opening parenthesis: <c>sum</c> or <c>sum by (a) </c> (with its space).</summary>
    private static void WriteAggregatePrefix(StringBuilder sb, AggregateExpr a)
    {
        sb.Append(a.Op.Text());
        if (a.Without || !a.Grouping.IsDefaultOrEmpty)
        {
            sb.Append(a.Without ? " without " : " by ");
            WriteLabelList(sb, a.Grouping);
            sb.Append(' ');
        }
    }

    /// <summary>What follows a subquery's expression: <c>[5m:1m] @ start() offset 1m</c>.</summary>
    private static void WriteSubquerySuffix(StringBuilder sb, SubqueryExpr sq)
    {
        sb.Append('[');
        WriteTopDuration(sb, sq.Range);
        sb.Append(':');
        if (sq.Step is not null) WriteTopDuration(sb, sq.Step);
        sb.Append(']');
        WriteAt(sb, sq.At);
        WriteOffset(sb, sq.Offset);
    }

    private static void WriteSelectorCore(StringBuilder sb, VectorSelector vs)
    {
        var nameAsIdentifier = vs.Name is not null && Names.IsPrintableMetricName(vs.Name);
        if (nameAsIdentifier) sb.Append(vs.Name);
        var count = vs.Matchers.IsDefault ? 0 : vs.Matchers.Length;
        if (count == 0 && nameAsIdentifier) return;

        sb.Append('{');
        var first = true;
        if (vs.Name is not null && !nameAsIdentifier)
        {
            GoQuoting.AppendQuoted(sb, vs.Name);
            first = false;
        }
        if (count == 1)
        {
            if (!first) sb.Append(',');
            WriteMatcher(sb, vs.Matchers[0]);
        }
        else if (count > 1)
        {
            // Matchers print in the order of their printed text, as Prometheus sorts them.
            var start = sb.Length;
            var texts = new string[count];
            for (var i = 0; i < count; i++)
            {
                WriteMatcher(sb, vs.Matchers[i]);
                texts[i] = sb.ToString(start, sb.Length - start);
                sb.Length = start;
            }
            Array.Sort(texts, StringComparer.Ordinal);
            foreach (var text in texts)
            {
                if (!first) sb.Append(',');
                sb.Append(text);
                first = false;
            }
        }
        sb.Append('}');
    }

    private static void WriteMatcher(StringBuilder sb, LabelMatcher m)
    {
        WriteLabelName(sb, m.Name);
        sb.Append(m.OperatorText);
        GoQuoting.AppendQuoted(sb, m.Value);
    }

    private static void WriteLabelName(StringBuilder sb, string name)
    {
        if (Names.IsLegacyLabelName(name)) sb.Append(name);
        else GoQuoting.AppendQuoted(sb, name);
    }

    private static void WriteLabelList(StringBuilder sb, ImmutableArray<string> labels)
    {
        sb.Append('(');
        if (!labels.IsDefault)
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0) sb.Append(", ");
                if (labels[i].Equals("inf", StringComparison.OrdinalIgnoreCase) || labels[i].Equals("nan", StringComparison.OrdinalIgnoreCase))
                    GoQuoting.AppendQuoted(sb, labels[i]);
                else
                    WriteLabelName(sb, labels[i]);
            }
        sb.Append(')');
    }

    private static void WriteMatching(StringBuilder sb, VectorMatching? m)
    {
        if (m is null) return;
        var grouping = m.Card is Cardinality.ManyToOne or Cardinality.OneToMany;
        if (m.On || !m.MatchingLabels.IsDefaultOrEmpty || grouping)
        {
            sb.Append(m.On ? " on " : " ignoring ");
            WriteLabelList(sb, m.MatchingLabels);
            if (grouping)
            {
                sb.Append(m.Card == Cardinality.ManyToOne ? " group_left " : " group_right ");
                WriteLabelList(sb, m.Include);
            }
        }
        if (m.FillLeft is { } left && m.FillRight is { } right && Ast.NodeEquality.NumberEqual(left, right))
        {
            sb.Append(" fill (").Append(NumberFormatting.Number(left)).Append(')');
            return;
        }
        if (m.FillLeft is { } l) sb.Append(" fill_left (").Append(NumberFormatting.Number(l)).Append(')');
        if (m.FillRight is { } r) sb.Append(" fill_right (").Append(NumberFormatting.Number(r)).Append(')');
    }

    private static void WriteAt(StringBuilder sb, AtModifier? at)
    {
        switch (at?.Kind)
        {
            case AtKind.Timestamp:
                sb.Append(" @ ").Append((at.TimestampMilliseconds / 1000m).ToString("0.000", CultureInfo.InvariantCulture));
                break;
            case AtKind.Start:
                sb.Append(" @ start()");
                break;
            case AtKind.End:
                sb.Append(" @ end()");
                break;
        }
    }

    private static void WriteBehaviour(StringBuilder sb, VectorSelector vs)
    {
        if (vs.Anchored) sb.Append(" anchored");
        else if (vs.Smoothed) sb.Append(" smoothed");
    }

    private static void WriteOffset(StringBuilder sb, DurationExpr? offset)
    {
        if (offset is null) return;
        sb.Append(" offset ");
        WriteTopDuration(sb, offset);
    }

    /// <summary>A whole range, step or offset: a lone literal prints as a duration.</summary>
    private static void WriteTopDuration(StringBuilder sb, DurationExpr d)
    {
        if (d is DurationLiteral literal) sb.Append(NumberFormatting.Duration(literal.Seconds));
        else WriteDuration(sb, d);
    }

    private static void WriteDuration(StringBuilder sb, DurationExpr d)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (d)
        {
            case DurationLiteral l:
                sb.Append(l.IsDuration ? NumberFormatting.Duration(l.Seconds) : NumberFormatting.Number(l.Seconds));
                break;
            case DurationUnary u:
                WriteSigned(sb, u.Negate, u.Operand, WriteDuration);
                break;
            case DurationBinary b:
                WriteDuration(sb, b.Left);
                sb.Append(' ').Append(b.Op.Text()).Append(' ');
                WriteDuration(sb, b.Right);
                break;
            case DurationParen p:
                WriteParenthesised(sb, p.Inner, WriteDuration);
                break;
            case DurationCall c:
                WriteCall(sb, c.Function, c.Args, WriteDuration);
                break;
        }
    }

    // The forms that queries and durations share, each node written by the tree's own writer.

    private static void WriteParenthesised<T>(StringBuilder sb, T inner, Action<StringBuilder, T> write)
    {
        sb.Append('(');
        write(sb, inner);
        sb.Append(')');
    }

    private static void WriteSigned<T>(StringBuilder sb, bool negate, T operand, Action<StringBuilder, T> write)
    {
        sb.Append(negate ? '-' : '+');
        write(sb, operand);
    }

    /// <summary><c>name(a, b)</c>.</summary>
    private static void WriteCall<T>(StringBuilder sb, string name, ImmutableArray<T> args, Action<StringBuilder, T> write)
    {
        sb.Append(name).Append('(');
        for (var i = 0; i < args.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            write(sb, args[i]);
        }
        sb.Append(')');
    }
}
