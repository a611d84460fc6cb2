using System.Text;

namespace Hesione.PromQL.Re2;

/// <summary>
/// Validation and translation of Go RE2 (<c>regexp/syntax</c>, Perl flags) regular expressions,
/// the dialect PromQL label matchers (<c>=~</c>, <c>!~</c>) use.
/// </summary>
/// <remarks>
/// <para>
/// The parser is a hand-written, iterative implementation of the RE2 grammar that reproduces
/// Go's accept/reject decisions and error wording (<c>error parsing regexp: &lt;code&gt;: `&lt;expr&gt;`</c>),
/// including the nesting-depth (1000), repeat-count (1000) and program-size limits. It never
/// recurses on the input's nesting, so no input can overflow the stack, and no public member throws.
/// </para>
/// <para>
/// Known deviations from Go: the <c>expression too large</c> check on the total number of
/// character-class runes (e.g. tens of thousands of <c>\pL</c>) is not reproduced; the tree-height
/// limit is computed on an unfactored tree, so alternations right at the 1000 boundary may be
/// judged differently; Unicode class names are matched leniently (case-insensitively, ignoring
/// <c>_</c>, <c>-</c> and spaces, with long general-category aliases, <c>Any</c>, <c>Assigned</c>,
/// <c>ASCII</c> and <c>LC</c>), as newer Go releases do, so a few names older Go releases reject
/// are accepted. Duplicate capture-group names are accepted, as Go accepts them.
/// </para>
/// </remarks>
public static partial class Re2Syntax
{
    private const string Prefix = "error parsing regexp: ";
    private const string ErrInvalidCharRange = "invalid character class range";
    private const string ErrInvalidEscape = "invalid escape sequence";
    private const string ErrInvalidNamedCapture = "invalid named capture";
    private const string ErrInvalidPerlOp = "invalid or unsupported Perl syntax";
    private const string ErrInvalidRepeatOp = "invalid nested repetition operator";
    private const string ErrInvalidRepeatSize = "invalid repeat count";
    private const string ErrInvalidUtf8 = "invalid UTF-8";
    private const string ErrMissingBracket = "missing closing ]";
    private const string ErrMissingParen = "missing closing )";
    private const string ErrMissingRepeatArgument = "missing argument to repetition operator";
    private const string ErrTrailingBackslash = "trailing backslash at end of expression";
    private const string ErrUnexpectedParen = "unexpected )";
    private const string ErrNestingDepth = "expression nests too deeply";
    private const string ErrLarge = "expression too large";

    private const int MaxHeight = 1000;
    private const long MaxSize = (128 << 20) / 40;
    private const int MaxRune = 0x10FFFF;

    // Parser flags.
    private const int FoldCase = 1;
    private const int DotNl = 2;
    private const int OneLine = 4;
    private const int NonGreedy = 8;

    /// <summary>The pattern emitted for input that is not valid RE2: it never matches.</summary>
    private const string NeverMatches = "(?!)";

    /// <summary>
    /// Checks whether <paramref name="pattern"/> is valid Go RE2 syntax, as Go's
    /// <c>regexp.Compile</c> (Perl flags) would accept it.
    /// </summary>
    /// <param name="pattern">The RE2 pattern to check.</param>
    /// <returns>
    /// <see langword="null"/> when the pattern is valid; otherwise the error message in Go's wording,
    /// e.g. <c>error parsing regexp: missing closing ): `(abc`</c>.
    /// </returns>
    public static string? Validate(string pattern)
    {
        if (pattern is null)
        {
            return Prefix + "regexp/syntax: internal error: ``";
        }

        return TryParse(pattern, out _, out var error) ? null : error;
    }

    /// <summary>
    /// Translates an RE2 pattern into a .NET pattern with the same meaning when evaluated with
    /// <see cref="System.Text.RegularExpressions.RegexOptions.CultureInvariant"/> and no other options.
    /// </summary>
    /// <param name="pattern">An RE2 pattern that <see cref="Validate"/> accepts.</param>
    /// <returns>
    /// The .NET pattern. For a pattern <see cref="Validate"/> rejects, a pattern that never matches (<c>(?!)</c>).
    /// </returns>
    /// <remarks>
    /// <para>
    /// Anchors, <c>.</c>, <c>\d \s \w \b \B</c>, POSIX classes and all character classes are emitted as
    /// explicit code-point sets (ASCII-only where Go is ASCII-only); code points outside the BMP are
    /// emitted as UTF-16 surrogate pairs so that <c>.</c> and classes consume whole code points, as Go
    /// does. Case-insensitivity (<c>(?i)</c>) is resolved at translation time into explicit case-fold
    /// sets (derived from .NET's invariant simple case mappings, which approximate Unicode simple case
    /// folding), so the output never depends on .NET's own case-insensitive matching. <c>(?U)</c> is
    /// resolved by flipping each quantifier's laziness; <c>$</c> without <c>(?m)</c> becomes <c>\z</c>.
    /// </para>
    /// <para>
    /// Approximations: Unicode general categories (<c>\pL</c>, <c>\p{Lu}</c>, ...) use .NET's Unicode
    /// data, whose version may differ slightly from Go's. Unicode scripts (<c>\p{Greek}</c>, ...) are not
    /// available in .NET; common scripts are approximated by the Unicode blocks they mostly occupy (for
    /// example <c>Greek</c> is U+0370–U+03FF without the Coptic letters, plus Greek Extended), and scripts
    /// without an approximation match nothing (their negations match everything). Inputs are assumed to be
    /// well-formed UTF-16: a lone surrogate in the input never matches a class, whereas Go would treat the
    /// corresponding invalid byte as U+FFFD.
    /// </para>
    /// </remarks>
    public static string ToDotNetPattern(string pattern) => Translate(pattern)?.Pattern ?? NeverMatches;

    /// <summary>
    /// Translates an RE2 pattern as <see cref="ToDotNetPattern"/> does and says whether the result can run on
    /// .NET's non-backtracking engine (<see cref="System.Text.RegularExpressions.RegexOptions.NonBacktracking"/>),
    /// which bounds matching time by the input's length. RE2 has no backreferences, lookarounds or atomic groups,
    /// so the only construct the translation writes that the engine refuses is the lookaround pair for Go's
    /// ASCII-only word boundaries (<c>\b</c>, <c>\B</c>): .NET's own <c>\b</c> follows Unicode word characters.
    /// </summary>
    /// <returns>The translation, or <see langword="null"/> for a pattern <see cref="Validate"/> rejects.</returns>
    internal static DotNetTranslation? Translate(string pattern)
    {
        if (pattern is null || !TryParse(pattern, out var root, out _))
        {
            return null;
        }

        try
        {
            var sb = new StringBuilder(pattern.Length * 2 + 8);
            Emit(root!, sb);
            return new DotNetTranslation(sb.ToString(), NonBacktrackingAllowed: !HasWordBoundary(root!));
        }
        catch (Exception)
        {
            return null;
        }
    }
}

/// <summary>An RE2 pattern in .NET syntax, and whether .NET's non-backtracking engine can run it.</summary>
/// <param name="Pattern">The .NET pattern, for <see cref="System.Text.RegularExpressions.RegexOptions.CultureInvariant"/>.</param>
/// <param name="NonBacktrackingAllowed">Whether the pattern has no lookaround, so <see cref="System.Text.RegularExpressions.RegexOptions.NonBacktracking"/> accepts it.</param>
internal readonly record struct DotNetTranslation(string Pattern, bool NonBacktrackingAllowed);
