using Hesione.PromQL.Ast;

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

    EqlRegex,
    NeqRegex,
    At,

    // The binary operators, one kind each in the order of BinaryOp (TokenKinds converts).
    FirstBinaryOperator,
    LastBinaryOperator = FirstBinaryOperator + (int)BinaryOp.TrimLower,

    // The aggregators, one kind each in the order of AggregateOp (TokenKinds converts).
    FirstAggregator,
    LastAggregator = FirstAggregator + (int)AggregateOp.LimitRatio,

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

/// <summary>The token kinds of operators: <see cref="BinaryOp"/> and <see cref="AggregateOp"/> are the one list of them.</summary>
internal static class TokenKinds
{
    /// <summary>The kind of the token that spells <paramref name="op"/>.</summary>
    public static TokenKind Of(BinaryOp op) => TokenKind.FirstBinaryOperator + (byte)op;

    /// <summary>The kind of the token that spells <paramref name="op"/>.</summary>
    public static TokenKind Of(AggregateOp op) => TokenKind.FirstAggregator + (byte)op;

    /// <summary>The operator of a binary operator token.</summary>
    public static BinaryOp ToBinaryOp(this TokenKind kind) => (BinaryOp)(kind - TokenKind.FirstBinaryOperator);

    /// <summary>The operator of an aggregator token.</summary>
    public static AggregateOp ToAggregateOp(this TokenKind kind) => (AggregateOp)(kind - TokenKind.FirstAggregator);

    /// <summary>The operator of a binary operator token; null for any other token.</summary>
    public static BinaryOp? Operator(this TokenKind kind) =>
        kind is >= TokenKind.FirstBinaryOperator and <= TokenKind.LastBinaryOperator ? kind.ToBinaryOp() : null;

    /// <summary>Whether the token is <c>+</c> or <c>-</c>.</summary>
    public static bool IsSign(this TokenKind kind) => kind.Operator() is BinaryOp.Add or BinaryOp.Sub;
}
