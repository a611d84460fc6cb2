using System.Collections.Frozen;

namespace Hesione.PromQL.MetricsQL;

/// <summary>MetricsQL's binary operators with their priorities, and the keywords that modify them.</summary>
public static class MetricsQLOperators
{
    /// <summary>Every binary operator (lower case) with its priority; a higher number binds tighter.</summary>
    public static FrozenDictionary<string, int> Priorities { get; } = new Dictionary<string, int>
    {
        ["default"] = -1,
        ["if"] = 0, ["ifnot"] = 0,
        ["or"] = 1,
        ["and"] = 2, ["unless"] = 2,
        ["=="] = 3, ["!="] = 3, ["<"] = 3, [">"] = 3, ["<="] = 3, [">="] = 3,
        ["+"] = 4, ["-"] = 4,
        ["*"] = 5, ["/"] = 5, ["%"] = 5, ["atan2"] = 5,
        ["^"] = 6,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly string[] SymbolOperators = [.. Priorities.Keys.OrderByDescending(k => k.Length)];

    /// <summary>Whether the token is a binary operator (keywords in any case).</summary>
    public static bool IsBinaryOp(string token) => Priorities.ContainsKey(token);

    /// <summary>The length of the longest operator at <paramref name="i"/>, or 0.</summary>
    internal static int ScanBinaryOpPrefix(string s, int i)
    {
        foreach (var op in SymbolOperators)
            if (s.Length - i >= op.Length && string.Compare(s, i, op, 0, op.Length, StringComparison.OrdinalIgnoreCase) == 0) return op.Length;
        return 0;
    }

    /// <summary>Whether the operator is a comparison (<c>== != &lt; &gt; &lt;= &gt;=</c>).</summary>
    public static bool IsComparison(string op) => op is "==" or "!=" or ">" or "<" or ">=" or "<=";

    /// <summary>Whether the operator is a set operator (<c>and or unless</c>).</summary>
    public static bool IsSetOperator(string op) => Is(op, "and") || Is(op, "or") || Is(op, "unless");

    /// <summary>Whether <c>^</c>: the only right-associative operator.</summary>
    public static bool IsRightAssociative(string op) => op == "^";

    internal static bool IsGroupModifier(string token) => Is(token, "on") || Is(token, "ignoring");

    internal static bool IsJoinModifier(string token) => Is(token, "group_left") || Is(token, "group_right");

    internal static bool IsBoolModifier(string token) => token.Equals("bool", StringComparison.OrdinalIgnoreCase);

    internal static bool IsPrefixModifier(string token) => token.Equals("prefix", StringComparison.OrdinalIgnoreCase);

    internal static bool IsAggregateModifier(string token) => Is(token, "by") || Is(token, "without");

    private static bool Is(string token, string keyword) => token.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>Names that, as an operand on the right of an operator, are printed in parentheses.</summary>
    internal static bool IsReservedBinaryOpIdent(string name) =>
        IsGroupModifier(name) || IsJoinModifier(name) || IsBoolModifier(name) || IsPrefixModifier(name);

    /// <summary>The value of <paramref name="op"/> on two numbers, as MetricsQL folds constants.</summary>
    public static double Evaluate(string op, double left, double right, bool returnBool)
    {
        if (IsComparison(op))
        {
            var holds = op switch
            {
                "==" => double.IsNaN(left) ? double.IsNaN(right) : left == right,
                "!=" => double.IsNaN(left) ? !double.IsNaN(right) : double.IsNaN(right) || left != right,
                ">" => left > right,
                "<" => left < right,
                ">=" => left >= right,
                _ => left <= right,
            };
            if (returnBool) return holds ? 1 : 0;
            return holds ? left : double.NaN;
        }
        return op switch
        {
            "+" => left + right,
            "-" => left - right,
            "*" => left * right,
            "/" => left / right,
            "%" => left % right,
            "atan2" => Math.Atan2(left, right),
            "^" => Math.Pow(left, right),
            "and" => double.IsNaN(left) || double.IsNaN(right) ? double.NaN : left,
            "or" => double.IsNaN(left) ? right : left,
            "unless" => double.IsNaN(right) ? left : double.NaN,
            "default" => double.IsNaN(left) ? right : left,
            "if" => double.IsNaN(right) ? double.NaN : left,
            "ifnot" => double.IsNaN(right) ? left : double.NaN,
            _ => throw new ArgumentException($"unknown operator {op}", nameof(op)),
        };
    }
}
