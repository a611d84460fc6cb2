using System.Runtime.CompilerServices;
using System.Text;
using Hesione.PromQL.Ast;

namespace Hesione.PromQL.Printing;

public static partial class PromQLPrinter
{
    /// <summary>
    /// The longest canonical text, in UTF-8 bytes, that <see cref="Pretty"/> keeps on one line (Prometheus's
    /// <c>maxCharactersPerLine</c>).
    /// </summary>
    public const int PrettyLineLimit = 100;

    private const string PrettyIndent = "  ";

    /// <summary>
    /// The multi-line form Prometheus 3.x gives (<c>parser.Prettify</c>, <c>Pretty(0)</c>, the answer of
    /// <c>/api/v1/format_query</c>). A node whose canonical text (<see cref="Print(Expr)"/>) is at most
    /// <see cref="PrettyLineLimit"/> UTF-8 bytes stays on one line; a longer one is split, each level indented by two
    /// spaces:
    /// <list type="bullet">
    /// <item>an aggregation puts its parameter and its expression on lines of their own between <c>sum by (a) (</c> and <c>)</c>;</item>
    /// <item>a function call puts each argument on a line of its own, separated by commas;</item>
    /// <item>parentheses put their expression on a line of its own;</item>
    /// <item>a binary operation puts the left operand, the operator with its modifiers (unindented at its own level)
    /// and the right operand on three lines, the operands one level deeper;</item>
    /// <item>a subquery splits its expression and keeps <c>[range:step]</c>, <c>@</c> and <c>offset</c> after it;</item>
    /// <item>a unary minus or plus is written before its operand's first line;</item>
    /// <item>selectors and literals are never split.</item>
    /// </list>
    /// As in Prometheus, a subquery short enough for one line is written without indentation. Parsing the output gives
    /// a tree equal to <paramref name="expr"/>.
    /// </summary>
    /// <param name="expr">The expression to print.</param>
    /// <param name="lineLimit">The longest text kept on one line, in UTF-8 bytes; Prometheus uses <see cref="PrettyLineLimit"/>.</param>
    public static string Pretty(Expr expr, int lineLimit = PrettyLineLimit)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentOutOfRangeException.ThrowIfNegative(lineLimit);
        var sb = new StringBuilder(256);
        WritePretty(sb, expr, 0, lineLimit);
        return sb.ToString();
    }

    private static void WritePretty(StringBuilder sb, Expr expr, int level, int lineLimit)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (expr is UnaryExpr unary)
        {
            WriteIndent(sb, level);
            sb.Append(unary.Negate ? '-' : '+');
            var operandStart = sb.Length;
            WritePretty(sb, unary.Expr, level, lineLimit);
            var indentation = 0;
            while (operandStart + indentation < sb.Length && sb[operandStart + indentation] == ' ') indentation++;
            sb.Remove(operandStart, indentation);
            return;
        }

        var flat = Print(expr);
        if (Encoding.UTF8.GetByteCount(flat) <= lineLimit || expr is NumberLiteral or StringLiteral or VectorSelector or MatrixSelector)
        {
            if (expr is not SubqueryExpr) WriteIndent(sb, level);
            sb.Append(flat);
            return;
        }

        switch (expr)
        {
            case AggregateExpr a:
                WriteIndent(sb, level);
                WriteAggregatePrefix(sb, a);
                sb.Append("(\n");
                if (a.Param is not null)
                {
                    WritePretty(sb, a.Param, level + 1, lineLimit);
                    sb.Append(",\n");
                }
                WritePretty(sb, a.Expr, level + 1, lineLimit);
                WriteClosingLine(sb, level);
                break;
            case Call c:
                WriteIndent(sb, level);
                sb.Append(c.Function.Name).Append("(\n");
                for (var i = 0; i < c.Args.Length; i++)
                {
                    if (i > 0) sb.Append(",\n");
                    WritePretty(sb, c.Args[i], level + 1, lineLimit);
                }
                WriteClosingLine(sb, level);
                break;
            case ParenExpr p:
                WriteIndent(sb, level);
                sb.Append("(\n");
                WritePretty(sb, p.Expr, level + 1, lineLimit);
                WriteClosingLine(sb, level);
                break;
            case BinaryExpr b:
                if (IsSignedPowerBase(b))
                {
                    WriteIndent(sb, level + 1);
                    sb.Append("Inf");
                }
                else
                {
                    WritePretty(sb, b.Left, level + 1, lineLimit);
                }
                sb.Append('\n');
                WriteIndent(sb, level);
                WriteBinaryOperator(sb, b);
                sb.Append('\n');
                WritePretty(sb, b.Right, level + 1, lineLimit);
                break;
            case SubqueryExpr sq:
                WritePretty(sb, sq.Expr, level, lineLimit);
                WriteSubquerySuffix(sb, sq);
                break;
            default:
                throw new ArgumentException($"unknown node type {expr.GetType().Name}", nameof(expr));
        }
    }

    private static void WriteClosingLine(StringBuilder sb, int level)
    {
        sb.Append('\n');
        WriteIndent(sb, level);
        sb.Append(')');
    }

    private static void WriteIndent(StringBuilder sb, int level)
    {
        for (var i = 0; i < level; i++) sb.Append(PrettyIndent);
    }
}
