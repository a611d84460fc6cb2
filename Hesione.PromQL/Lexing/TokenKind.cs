namespace Hesione.PromQL.Lexing;

/// <summary>The kinds of tokens the PromQL lexer produces.</summary>
internal enum TokenKind : byte
{
    EndOfInput,
    Identifier,
    MetricIdentifier,
    Number,
    Duration,
    String,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Colon,
    Assign,

    // Operators.
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Eql,
    Neq,
    Lss,
    Lte,
    Gtr,
    Gte,
    EqlRegex,
    NeqRegex,
    At,
    TrimUpper,
    TrimLower,

    // Keyword operators.
    And,
    Or,
    Unless,
    Atan2,

    // Aggregators, in the order of AggregateOp.
    Sum,
    Avg,
    Count,
    Min,
    Max,
    Group,
    Stddev,
    Stdvar,
    Topk,
    Bottomk,
    CountValues,
    Quantile,
    Limitk,
    LimitRatio,

    // Keywords.
    Bool,
    By,
    GroupLeft,
    GroupRight,
    Ignoring,
    Offset,
    On,
    Without,
    Anchored,
    Smoothed,
    Fill,
    FillLeft,
    FillRight,

    // Preprocessors.
    Start,
    End,
    Step,
    Range,
}
