using System.Collections.Frozen;

namespace Hesione.PromQL.Lexing;

/// <summary>The keyword table: words the lexer turns into keyword tokens (matched case-insensitively).</summary>
internal static class Keywords
{
    private static readonly (string Word, TokenKind Kind)[] Table =
    [
        ("and", TokenKind.And), ("or", TokenKind.Or), ("unless", TokenKind.Unless), ("atan2", TokenKind.Atan2),
        ("sum", TokenKind.Sum), ("avg", TokenKind.Avg), ("count", TokenKind.Count), ("min", TokenKind.Min),
        ("max", TokenKind.Max), ("group", TokenKind.Group), ("stddev", TokenKind.Stddev), ("stdvar", TokenKind.Stdvar),
        ("topk", TokenKind.Topk), ("bottomk", TokenKind.Bottomk), ("count_values", TokenKind.CountValues),
        ("quantile", TokenKind.Quantile), ("limitk", TokenKind.Limitk), ("limit_ratio", TokenKind.LimitRatio),
        ("bool", TokenKind.Bool), ("by", TokenKind.By), ("group_left", TokenKind.GroupLeft),
        ("group_right", TokenKind.GroupRight), ("ignoring", TokenKind.Ignoring), ("offset", TokenKind.Offset),
        ("on", TokenKind.On), ("without", TokenKind.Without), ("anchored", TokenKind.Anchored),
        ("smoothed", TokenKind.Smoothed), ("fill", TokenKind.Fill), ("fill_left", TokenKind.FillLeft),
        ("fill_right", TokenKind.FillRight), ("start", TokenKind.Start), ("end", TokenKind.End),
        ("step", TokenKind.Step), ("range", TokenKind.Range),
    ];

    private static readonly FrozenDictionary<string, TokenKind> ByWord =
        Table.ToFrozenDictionary(t => t.Word, t => t.Kind, StringComparer.OrdinalIgnoreCase);

    private static readonly string?[] Spellings = BuildSpellings();

    private static readonly FrozenDictionary<string, TokenKind>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        ByWord.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool TryGet(ReadOnlySpan<char> word, out TokenKind kind) => BySpan.TryGetValue(word, out kind);

    /// <summary>The canonical (lowercase) spelling of an operator or keyword token.</summary>
    public static string? Spelling(TokenKind kind) => Spellings[(int)kind];

    private static string?[] BuildSpellings()
    {
        var spellings = new string?[(int)TokenKind.Range + 1];
        foreach (var (word, kind) in Table) spellings[(int)kind] = word;
        (TokenKind, string)[] symbols =
        [
            (TokenKind.Add, "+"), (TokenKind.Sub, "-"), (TokenKind.Mul, "*"), (TokenKind.Div, "/"), (TokenKind.Mod, "%"),
            (TokenKind.Pow, "^"), (TokenKind.Eql, "=="), (TokenKind.Neq, "!="), (TokenKind.Lss, "<"), (TokenKind.Lte, "<="),
            (TokenKind.Gtr, ">"), (TokenKind.Gte, ">="), (TokenKind.EqlRegex, "=~"), (TokenKind.NeqRegex, "!~"), (TokenKind.At, "@"),
            (TokenKind.TrimUpper, "</"), (TokenKind.TrimLower, ">/"),
        ];
        foreach (var (kind, text) in symbols) spellings[(int)kind] = text;
        return spellings;
    }
}
