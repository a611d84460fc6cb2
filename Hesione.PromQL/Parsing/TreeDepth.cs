using Hesione.PromQL.Ast;

namespace Hesione.PromQL.Parsing;

/// <summary>Measures tree depth without recursion, so that any tree can be measured safely.</summary>
internal static class TreeDepth
{
    public static bool Exceeds(Expr root, int limit)
    {
        var stack = new Stack<(Expr Node, int Depth)>();
        stack.Push((root, 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > limit) return true;
            foreach (var child in node.Children) stack.Push((child, depth + 1));
        }
        return false;
    }
}
