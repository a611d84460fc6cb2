using Hesione.PromQL.Ast;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.MetricsQL;
using Hesione.PromQL.Parsing;

namespace Hesione.Server.Filtering;

/// <summary>Whether a rule's query reads only series inside a scope.</summary>
internal static class ScopedQuery
{
    /// <summary>
    /// True when <paramref name="query"/> parses, has at least one selector, and every selector already carries every
    /// matcher of <paramref name="scope"/> (so enforcing it would change nothing). A selector-free query
    /// (<c>vector(1)</c>) reads no tenant's data and proves nothing: false. A query that is not PromQL is read as
    /// MetricsQL (vmalert rules), where every or-group of every selector must carry the scope.
    /// </summary>
    public static bool ReadsOnly(string query, LabelScope scope, PromQLParserOptions options)
    {
        var parsed = PromQLParser.Parse(query, options);
        if (!parsed.Success) return ReadsOnlyAsMetricsQL(query, scope, options);
        var selectors = 0;
        var pending = new Stack<Expr>();
        pending.Push(parsed.Value);
        while (pending.TryPop(out var node))
        {
            if (node is VectorSelector selector)
            {
                selectors++;
                foreach (var required in scope.Matchers)
                    if (!selector.Matchers.Contains(required)) return false;
            }
            foreach (var child in node.Children) pending.Push(child);
        }
        return selectors > 0;
    }

    private static bool ReadsOnlyAsMetricsQL(string query, LabelScope scope, PromQLParserOptions options)
    {
        var parsed = MetricsQLParser.Parse(query, options);
        if (!parsed.Success) return false;
        var groups = 0;
        var pending = new Stack<MetricsQLExpr>();
        pending.Push(parsed.Value);
        while (pending.TryPop(out var node))
        {
            if (node is MqlVariable) return false;
            if (node is MqlSelector { Groups.IsEmpty: true }) return false;
            if (node is MqlSelector selector)
            {
                foreach (var group in selector.Groups)
                {
                    groups++;
                    foreach (var required in scope.Matchers)
                        if (!group.Contains(required)) return false;
                }
            }
            foreach (var child in node.Children) pending.Push(child);
        }
        return groups > 0;
    }
}
