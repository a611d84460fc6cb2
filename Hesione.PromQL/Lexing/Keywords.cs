using System.Collections.Frozen;
using Hesione.PromQL.Ast;

namespace Hesione.PromQL.Lexing;

/// <summary>
/// The spellings of operator and keyword tokens. Operators are spelt as <see cref="OperatorFacts"/> writes them;
/// words (<c>and</c>, <c>sum</c>, <c>by</c>...) are matched case-insensitively.
/// </summary>
internal static class Keywords
{
    /// <summary>The keywords that are not operators.</summary>
    private static readonly (string Text, TokenKind Kind)[] OwnWords =
    [
        ("bool", TokenKind.Bool), ("by", TokenKind.By), ("group_left", TokenKind.GroupLeft),
        ("group_right", TokenKind.GroupRight), ("ignoring", TokenKind.Ignoring), ("offset", TokenKind.Offset),
        ("on", TokenKind.On), ("without", TokenKind.Without), ("anchored", TokenKind.Anchored),
        ("smoothed", TokenKind.Smoothed), ("fill", TokenKind.Fill), ("fill_left", TokenKind.FillLeft),
        ("fill_right", TokenKind.FillRight), ("start", TokenKind.Start), ("end", TokenKind.End),
        ("step", TokenKind.Step), ("range", TokenKind.Range),
    ];

    /// <summary>The symbols that are not binary operators.</summary>
    private static readonly (string Text, TokenKind Kind)[] OwnSymbols =
        [("=~", TokenKind.EqlRegex), ("!~", TokenKind.NeqRegex), ("@", TokenKind.At)];

    private static readonly (string Text, TokenKind Kind)[] Spelt =
    [
        .. Enum.GetValues<BinaryOp>().Select(op => (op.Text(), TokenKinds.Of(op))),
        .. Enum.GetValues<AggregateOp>().Select(op => (op.Text(), TokenKinds.Of(op))),
        .. OwnWords, .. OwnSymbols,
    ];

    private static readonly FrozenDictionary<string, TokenKind> ByWord =
        Spelt.Where(t => char.IsAsciiLetter(t.Text[0])).ToFrozenDictionary(t => t.Text, t => t.Kind, StringComparer.OrdinalIgnoreCase);

    private static readonly string?[] Spellings = BuildSpellings();

    private static readonly FrozenDictionary<string, TokenKind>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        ByWord.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool TryGet(ReadOnlySpan<char> word, out TokenKind kind) => BySpan.TryGetValue(word, out kind);

    /// <summary>The canonical (lowercase) spelling of an operator or keyword token.</summary>
    public static string? Spelling(TokenKind kind) => Spellings[(int)kind];

    /// <summary>Whether the token is a word the lexer reads as a keyword (<c>and</c>, <c>sum</c>, <c>by</c>...).</summary>
    public static bool IsWord(TokenKind kind) => Spelling(kind) is [>= 'a' and <= 'z', ..];

    private static string?[] BuildSpellings()
    {
        var spellings = new string?[(int)TokenKind.Range + 1];
        foreach (var (text, kind) in Spelt) spellings[(int)kind] = text;
        return spellings;
    }
}
