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

    /// <summary>The characters <c>[Start, End)</c> of a node's one-line text.</summary>
    private readonly record struct TextSpan(int Start, int End);

    /// <summary>
    /// The multi-line form Prometheus 3.x gives (<c>parser.Prettify</c>, <c>Pretty(0)</c>, the answer of
    /// <c>/api/v1/format_query</c>). A node whose canonical text (<see cref="Print(Expr)"/>) is at most
    /// <paramref name="lineLimit"/> UTF-8 bytes stays on one line; a longer one is split, each level indented by two
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
    /// a tree equal to <paramref name="expr"/>. The tree is printed on one line once; the time taken grows with the
    /// length of the output.
    /// </summary>
    /// <param name="expr">The expression to print.</param>
    /// <param name="lineLimit">The longest text kept on one line, in UTF-8 bytes; Prometheus uses <see cref="PrettyLineLimit"/>.</param>
    public static string Pretty(Expr expr, int lineLimit = PrettyLineLimit)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentOutOfRangeException.ThrowIfNegative(lineLimit);
        var flat = new StringBuilder(256);
        var spans = new Dictionary<Expr, TextSpan>(ReferenceEqualityComparer.Instance);
        t_spans = spans;
        try
        {
            Write(flat, expr);
        }
        finally
        {
            t_spans = null;
        }
        var sb = new StringBuilder(flat.Length * 2);
        new PrettyWriter(sb, flat.ToString(), spans, lineLimit).Write(expr, 0);
        return sb.ToString();
    }

    /// <summary>Writes the pretty form from the one-line text of the whole tree and the span of every node in it.</summary>
    private sealed class PrettyWriter
    {
        private readonly StringBuilder _sb;
        private readonly string _flat;
        private readonly Dictionary<Expr, TextSpan> _spans;
        private readonly int _lineLimit;
        private readonly int[] _utf8Offsets;

        public PrettyWriter(StringBuilder sb, string flat, Dictionary<Expr, TextSpan> spans, int lineLimit)
        {
            _sb = sb;
            _flat = flat;
            _spans = spans;
            _lineLimit = lineLimit;
            _utf8Offsets = new int[flat.Length + 1];
            for (var i = 0; i < flat.Length; i++)
            {
                var c = flat[i];
                // A surrogate pair is 4 bytes: 2 for each half. A lone surrogate encodes as U+FFFD, 3 bytes.
                var bytes = c < 0x80 ? 1 : c < 0x800 ? 2 : char.IsSurrogate(c) ? (IsPairHalf(flat, i) ? 2 : 3) : 3;
                _utf8Offsets[i + 1] = _utf8Offsets[i] + bytes;
            }
        }

        private static bool IsPairHalf(string s, int i) =>
            char.IsHighSurrogate(s[i]) ? i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) : i > 0 && char.IsHighSurrogate(s[i - 1]);

        public void Write(Expr expr, int level)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            if (expr is UnaryExpr unary)
            {
                WriteIndent(level);
                _sb.Append(unary.Negate ? '-' : '+');
                var operandStart = _sb.Length;
                Write(unary.Expr, level);
                var indentation = 0;
                while (operandStart + indentation < _sb.Length && _sb[operandStart + indentation] == ' ') indentation++;
                _sb.Remove(operandStart, indentation);
                return;
            }

            var span = _spans[expr];
            if (_utf8Offsets[span.End] - _utf8Offsets[span.Start] <= _lineLimit || expr is NumberLiteral or StringLiteral or VectorSelector or MatrixSelector)
            {
                if (expr is not SubqueryExpr) WriteIndent(level);
                _sb.Append(_flat, span.Start, span.End - span.Start);
                return;
            }

            switch (expr)
            {
                case AggregateExpr a:
                    WriteIndent(level);
                    WriteAggregatePrefix(_sb, a);
                    _sb.Append("(\n");
                    if (a.Param is not null)
                    {
                        Write(a.Param, level + 1);
                        _sb.Append(",\n");
                    }
                    Write(a.Expr, level + 1);
                    WriteClosingLine(level);
                    break;
                case Call c:
                    WriteIndent(level);
                    _sb.Append(c.Function.Name).Append("(\n");
                    for (var i = 0; i < c.Args.Length; i++)
                    {
                        if (i > 0) _sb.Append(",\n");
                        Write(c.Args[i], level + 1);
                    }
                    WriteClosingLine(level);
                    break;
                case ParenExpr p:
                    WriteIndent(level);
                    _sb.Append("(\n");
                    Write(p.Expr, level + 1);
                    WriteClosingLine(level);
                    break;
                case BinaryExpr b:
                    if (IsSignedPowerBase(b))
                    {
                        WriteIndent(level + 1);
                        _sb.Append("Inf");
                    }
                    else
                    {
                        Write(b.Left, level + 1);
                    }
                    _sb.Append('\n');
                    WriteIndent(level);
                    WriteBinaryOperator(_sb, b);
                    _sb.Append('\n');
                    Write(b.Right, level + 1);
                    break;
                case SubqueryExpr sq:
                    Write(sq.Expr, level);
                    WriteSubquerySuffix(_sb, sq);
                    break;
                default:
                    throw new ArgumentException($"unknown node type {expr.GetType().Name}", nameof(expr));
            }
        }

        private void WriteClosingLine(int level)
        {
            _sb.Append('\n');
            WriteIndent(level);
            _sb.Append(')');
        }

        private void WriteIndent(int level)
        {
            for (var i = 0; i < level; i++) _sb.Append(PrettyIndent);
        }
    }
}
