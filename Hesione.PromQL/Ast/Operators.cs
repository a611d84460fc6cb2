namespace Hesione.PromQL.Ast;

/// <summary>The binary operators of PromQL.</summary>
public enum BinaryOp
{
    /// <summary><c>+</c></summary>
    Add,
    /// <summary><c>-</c></summary>
    Sub,
    /// <summary><c>*</c></summary>
    Mul,
    /// <summary><c>/</c></summary>
    Div,
    /// <summary><c>%</c></summary>
    Mod,
    /// <summary><c>^</c> (right-associative)</summary>
    Pow,
    /// <summary><c>atan2</c></summary>
    Atan2,
    /// <summary><c>==</c></summary>
    Eql,
    /// <summary><c>!=</c></summary>
    Neq,
    /// <summary><c>&gt;</c></summary>
    Gtr,
    /// <summary><c>&lt;</c></summary>
    Lss,
    /// <summary><c>&gt;=</c></summary>
    Gte,
    /// <summary><c>&lt;=</c></summary>
    Lte,
    /// <summary><c>and</c></summary>
    And,
    /// <summary><c>or</c></summary>
    Or,
    /// <summary><c>unless</c></summary>
    Unless,
    /// <summary><c>&lt;/</c>: trims the buckets of native histograms above the right-hand value.</summary>
    TrimUpper,
    /// <summary><c>&gt;/</c>: trims the buckets of native histograms below the right-hand value.</summary>
    TrimLower,
}

/// <summary>The aggregation operators of PromQL.</summary>
public enum AggregateOp
{
    /// <summary><c>sum</c></summary>
    Sum,
    /// <summary><c>avg</c></summary>
    Avg,
    /// <summary><c>count</c></summary>
    Count,
    /// <summary><c>min</c></summary>
    Min,
    /// <summary><c>max</c></summary>
    Max,
    /// <summary><c>group</c></summary>
    Group,
    /// <summary><c>stddev</c></summary>
    Stddev,
    /// <summary><c>stdvar</c></summary>
    Stdvar,
    /// <summary><c>topk</c> (parameter: scalar k)</summary>
    Topk,
    /// <summary><c>bottomk</c> (parameter: scalar k)</summary>
    Bottomk,
    /// <summary><c>count_values</c> (parameter: string label name)</summary>
    CountValues,
    /// <summary><c>quantile</c> (parameter: scalar φ)</summary>
    Quantile,
    /// <summary><c>limitk</c> (experimental; parameter: scalar k)</summary>
    Limitk,
    /// <summary><c>limit_ratio</c> (experimental; parameter: scalar ratio)</summary>
    LimitRatio,
}

/// <summary>Facts about operators: spelling, precedence and class, as a table (the PromQL lexer spells operator tokens from it too).</summary>
public static class OperatorFacts
{
    /// <summary>Every binary operator, as written, with its binding strength: 1 (<c>or</c>) to 6 (<c>^</c>).</summary>
    private static readonly (BinaryOp Op, string Text, int Precedence)[] BinaryTable =
    [
        (BinaryOp.Add, "+", 4), (BinaryOp.Sub, "-", 4),
        (BinaryOp.Mul, "*", 5), (BinaryOp.Div, "/", 5), (BinaryOp.Mod, "%", 5), (BinaryOp.Atan2, "atan2", 5),
        (BinaryOp.TrimUpper, "</", 5), (BinaryOp.TrimLower, ">/", 5),
        (BinaryOp.Pow, "^", 6),
        (BinaryOp.Eql, "==", 3), (BinaryOp.Neq, "!=", 3), (BinaryOp.Gtr, ">", 3), (BinaryOp.Lss, "<", 3),
        (BinaryOp.Gte, ">=", 3), (BinaryOp.Lte, "<=", 3),
        (BinaryOp.And, "and", 2), (BinaryOp.Unless, "unless", 2),
        (BinaryOp.Or, "or", 1),
    ];

    /// <summary>Every aggregation operator, as written.</summary>
    private static readonly (AggregateOp Op, string Text)[] AggregateTable =
    [
        (AggregateOp.Sum, "sum"), (AggregateOp.Avg, "avg"), (AggregateOp.Count, "count"), (AggregateOp.Min, "min"),
        (AggregateOp.Max, "max"), (AggregateOp.Group, "group"), (AggregateOp.Stddev, "stddev"), (AggregateOp.Stdvar, "stdvar"),
        (AggregateOp.Topk, "topk"), (AggregateOp.Bottomk, "bottomk"), (AggregateOp.CountValues, "count_values"),
        (AggregateOp.Quantile, "quantile"), (AggregateOp.Limitk, "limitk"), (AggregateOp.LimitRatio, "limit_ratio"),
    ];

    // The tables' rows by operator, for lookups on the parser's and printer's paths (the rows need not be in enum order).
    private static readonly (BinaryOp Op, string Text, int Precedence)[] BinaryRows = ByOperator(BinaryTable, row => (int)row.Op);
    private static readonly (AggregateOp Op, string Text)[] AggregateRows = ByOperator(AggregateTable, row => (int)row.Op);

    /// <summary>The operator as written in PromQL.</summary>
    public static string Text(this BinaryOp op) => BinaryRows[(int)op].Text;

    /// <summary>The aggregation name as written in PromQL.</summary>
    public static string Text(this AggregateOp op) => AggregateRows[(int)op].Text;

    /// <summary>Binding strength: 1 (<c>or</c>) to 6 (<c>^</c>); unary minus binds like 5.</summary>
    public static int Precedence(this BinaryOp op) => BinaryRows[(int)op].Precedence;

    /// <summary>Whether the operator is a comparison (<c>== != &gt; &lt; &gt;= &lt;=</c>).</summary>
    public static bool IsComparison(this BinaryOp op) => op is >= BinaryOp.Eql and <= BinaryOp.Lte;

    /// <summary>Whether the operator is a set operator (<c>and or unless</c>).</summary>
    public static bool IsSetOperator(this BinaryOp op) => op is BinaryOp.And or BinaryOp.Or or BinaryOp.Unless;

    /// <summary>Whether the aggregation takes a parameter before the expression.</summary>
    public static bool HasParameter(this AggregateOp op) =>
        op is AggregateOp.Topk or AggregateOp.Bottomk or AggregateOp.CountValues or AggregateOp.Quantile or AggregateOp.Limitk or AggregateOp.LimitRatio;

    /// <summary>Whether the aggregation is experimental (needs <c>EnableExperimentalFunctions</c>).</summary>
    public static bool IsExperimental(this AggregateOp op) => op is AggregateOp.Limitk or AggregateOp.LimitRatio;

    /// <summary>The rows placed at their operator's number; a table that misses an operator or lists one twice fails at load.</summary>
    private static T[] ByOperator<T>(T[] table, Func<T, int> number)
    {
        var rows = new T[table.Length];
        var placed = new bool[table.Length];
        foreach (var row in table)
        {
            var n = number(row);
            if (n < 0 || n >= rows.Length || placed[n]) throw new InvalidOperationException($"operator table: row {row} is out of place or repeated");
            rows[n] = row;
            placed[n] = true;
        }
        return rows;
    }
}
