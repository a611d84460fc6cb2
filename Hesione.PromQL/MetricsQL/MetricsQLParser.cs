using Hesione.PromQL.Parsing;

namespace Hesione.PromQL.MetricsQL;

/// <summary>
/// Parses MetricsQL (VictoriaMetrics' query language) with the accept/reject decisions of its own parser:
/// WITH templates are expanded, parentheses dropped, constants folded and function names checked, so the
/// result is what VictoriaMetrics would run. Every input gives a <see cref="ParseResult{T}"/>; no exception
/// escapes, and the limits of <see cref="PromQLParserOptions"/> (length, nesting, tree depth) apply. Thread-safe.
/// </summary>
public static class MetricsQLParser
{
    /// <summary>The most nodes WITH expansion may produce.</summary>
    public const int MaxExpandedNodes = 100_000;

    /// <summary>Parses with <see cref="PromQLParserOptions.Default"/>'s limits.</summary>
    public static ParseResult<MetricsQLExpr> Parse(string query) => Parse(query, PromQLParserOptions.Default);

    /// <summary>Parses <paramref name="query"/> within the limits of <paramref name="options"/>.</summary>
    public static ParseResult<MetricsQLExpr> Parse(string query, PromQLParserOptions options)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        if (query.Length > options.MaxQueryLength)
            return Fail(query, $"query is too long: {query.Length} characters, the limit is {options.MaxQueryLength}");
        try
        {
            var written = MetricsQLSyntaxParser.ParseQuery(query, options.MaxNestingDepth, options.MaxTreeDepth);
            Syn expanded;
            try
            {
                expanded = TemplateExpander.Expand(written, MaxExpandedNodes);
            }
            catch (MetricsQLSyntaxException e)
            {
                return Fail(query, "cannot expand WITH expressions: " + e.Message);
            }
            var result = ExpressionFinisher.Finish(expanded);
            if (Depth(result) > options.MaxTreeDepth)
                return Fail(query, $"expression is nested too deeply: the limit is {options.MaxTreeDepth} levels");
            return ParseResult<MetricsQLExpr>.Ok(result, query);
        }
        catch (MetricsQLSyntaxException e)
        {
            return ParseResult<MetricsQLExpr>.Fail(new ParseError(System.Text.Encoding.UTF8.GetByteCount(query.AsSpan(0, Math.Min(e.CharOffset, query.Length))), e.Message), query);
        }
        catch (InsufficientExecutionStackException)
        {
            return Fail(query, "expression is nested too deeply");
        }
    }

    private static ParseResult<MetricsQLExpr> Fail(string query, string message) =>
        ParseResult<MetricsQLExpr>.Fail(new ParseError(0, message), query);

    /// <summary>The depth of the tree, counted without recursion.</summary>
    internal static int Depth(MetricsQLExpr root)
    {
        var deepest = 0;
        var stack = new Stack<(MetricsQLExpr Node, int Depth)>();
        stack.Push((root, 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            deepest = Math.Max(deepest, depth);
            foreach (var child in node.Children) stack.Push((child, depth + 1));
        }
        return deepest;
    }
}
