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

/// <summary>Facts about operators: spelling, precedence and class, as a table.</summary>
public static class OperatorFacts
{
    private static readonly string[] BinaryTexts =
        ["+", "-", "*", "/", "%", "^", "atan2", "==", "!=", ">", "<", ">=", "<=", "and", "or", "unless", "</", ">/"];

    private static readonly int[] BinaryPrecedences =
        [4, 4, 5, 5, 5, 6, 5, 3, 3, 3, 3, 3, 3, 2, 1, 2, 5, 5];

    private static readonly string[] AggregateTexts =
        ["sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "count_values", "quantile", "limitk", "limit_ratio"];

    /// <summary>The operator as written in PromQL.</summary>
    public static string Text(this BinaryOp op) => BinaryTexts[(int)op];

    /// <summary>The aggregation name as written in PromQL.</summary>
    public static string Text(this AggregateOp op) => AggregateTexts[(int)op];

    /// <summary>Binding strength: 1 (<c>or</c>) to 6 (<c>^</c>); unary minus binds like 5.</summary>
    public static int Precedence(this BinaryOp op) => BinaryPrecedences[(int)op];

    /// <summary>Whether the operator associates to the right (only <c>^</c>).</summary>
    public static bool IsRightAssociative(this BinaryOp op) => op == BinaryOp.Pow;

    /// <summary>Whether the operator is a comparison (<c>== != &gt; &lt; &gt;= &lt;=</c>).</summary>
    public static bool IsComparison(this BinaryOp op) => op is >= BinaryOp.Eql and <= BinaryOp.Lte;

    /// <summary>Whether the operator is a set operator (<c>and or unless</c>).</summary>
    public static bool IsSetOperator(this BinaryOp op) => op is BinaryOp.And or BinaryOp.Or or BinaryOp.Unless;

    /// <summary>Whether the aggregation takes a parameter before the expression.</summary>
    public static bool HasParameter(this AggregateOp op) =>
        op is AggregateOp.Topk or AggregateOp.Bottomk or AggregateOp.CountValues or AggregateOp.Quantile or AggregateOp.Limitk or AggregateOp.LimitRatio;

    /// <summary>Whether the aggregation is experimental (needs <c>EnableExperimentalFunctions</c>).</summary>
    public static bool IsExperimental(this AggregateOp op) => op is AggregateOp.Limitk or AggregateOp.LimitRatio;
}
