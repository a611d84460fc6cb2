using Hesione.PromQL.Ast;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.Parsing;

namespace Hesione.Server.Filtering;

/// <summary>Whether a rule's query reads only series inside a scope.</summary>
internal static class ScopedQuery
{
    /// <summary>
    /// True when <paramref name="query"/> parses, has at least one selector, and every selector already carries every
    /// matcher of <paramref name="scope"/> (so enforcing it would change nothing). A selector-free query
    /// (<c>vector(1)</c>) reads no tenant's data and proves nothing: false.
    /// </summary>
    public static bool ReadsOnly(string query, LabelScope scope, PromQLParserOptions options)
    {
        var parsed = PromQLParser.Parse(query, options);
        if (!parsed.Success) return false;
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
}
