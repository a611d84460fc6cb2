using Hesione.PromQL.Caching;
using DotNetRegex = System.Text.RegularExpressions.Regex;
using DotNetRegexOptions = System.Text.RegularExpressions.RegexOptions;
using RegexMatchTimeoutException = System.Text.RegularExpressions.RegexMatchTimeoutException;

namespace Hesione.PromQL.Re2;

/// <summary>
/// RE2 regexes as Prometheus applies a matcher's regex: fully anchored, <c>.</c> matching newlines
/// (<c>^(?s:...)$</c>). The one cache of regex work, in three parts each bounded by count and by bytes (clients can
/// send any number of distinct regexes; dashboards send the same few over and over): validation results, whether a
/// regex matches the empty value (asked of every regex matcher a query has, so kept apart from the compiled regexes,
/// which cost kilobytes each), and compiled regexes for evaluation, which has a time limit.
/// </summary>
internal static class AnchoredRegex
{
    /// <summary>The estimated bytes of a cache entry besides its strings: the dictionary node, the key's object header.</summary>
    private const long EntryOverhead = 96;

    /// <summary>Validation results: the pattern and Go's message when invalid.</summary>
    internal static readonly BoundedCache<string, string?> Problems =
        new(maxEntries: 16_384, maxBytes: 8 << 20, static (pattern, problem) => EntryOverhead + 2L * (pattern.Length + (problem?.Length ?? 0)), StringComparer.Ordinal);

    /// <summary>Whether each pattern matches the empty string (undecided answers are not kept).</summary>
    internal static readonly BoundedCache<string, bool> EmptyMatches =
        new(maxEntries: 16_384, maxBytes: 4 << 20, static (pattern, _) => EntryOverhead + 2L * pattern.Length, StringComparer.Ordinal);

    /// <summary>Compiled regexes, for evaluation against label values (filters, conflict checks).</summary>
    internal static readonly BoundedCache<string, CompiledRegex> Compiled =
        new(maxEntries: 4_096, maxBytes: 16 << 20, static (pattern, compiled) => EntryOverhead + 2L * pattern.Length + compiled.Bytes, StringComparer.Ordinal);

    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    /// <summary>A compiled regex and an estimate of its size: 1 KB and 8 bytes per character of its .NET pattern (measured: 1.0 to 4.7 KB for 10 to 700 characters).</summary>
    internal sealed record CompiledRegex(DotNetRegex Regex, long Bytes);

    /// <summary>Go's message when <paramref name="pattern"/> is not valid RE2, otherwise null.</summary>
    public static string? Problem(string pattern)
    {
        if (Problems.TryGet(pattern, out var cached)) return cached;
        var problem = Re2Syntax.Validate(pattern);
        Problems.Add(pattern, problem);
        return problem;
    }

    /// <summary>True or false when decided; null when the pattern is not valid RE2 or the evaluation timed out.</summary>
    public static bool? FullMatch(string pattern, string value)
    {
        if (!Compiled.TryGet(pattern, out var compiled))
        {
            if (Compile(pattern) is not { } made) return null;
            Compiled.Add(pattern, compiled = made);
        }
        return Evaluate(compiled.Regex, value);
    }

    /// <summary>Whether the anchored regex matches the empty string; an undecided case counts as a match (the safe side for a required non-empty matcher).</summary>
    public static bool MatchesEmpty(string pattern)
    {
        if (EmptyMatches.TryGet(pattern, out var matches)) return matches;
        if (Compile(pattern) is not { } compiled || Evaluate(compiled.Regex, "") is not { } decided) return true;
        EmptyMatches.Add(pattern, decided);
        return decided;
    }

    /// <summary>Why <paramref name="pattern"/> cannot restrict a scope (invalid RE2, or it admits the empty value), or null.</summary>
    public static string? ScopeProblem(string pattern) =>
        Problem(pattern) ?? (MatchesEmpty(pattern) ? $"regex {Printing.GoQuoting.Quote(pattern)} matches the empty string" : null);

    private static CompiledRegex? Compile(string pattern)
    {
        if (Problem(pattern) is not null || Re2Syntax.Translate("(?s:" + pattern + ")") is not { } translation) return null;
        var anchored = @"\A(?:" + translation.Pattern + @")\z";
        return new CompiledRegex(Construct(anchored, translation.NonBacktrackingAllowed), 1024 + 8L * anchored.Length);
    }

    /// <summary>
    /// The regex on .NET's non-backtracking engine where the translation allows it: its matching time grows with
    /// the value's length only, whatever the pattern, so it needs no time limit, and gets none: with a time limit,
    /// .NET 10's non-backtracking engine was seen to answer "no match" for values that match, on a loaded machine
    /// (the 100k-regex test of BoundedCacheTests; the engine's timeout checks have had such bugs, dotnet/runtime#74467).
    /// Word boundaries (written as lookarounds) and the rare pattern the engine finds too large for its automaton run
    /// on the backtracking engine, under the match time limit.
    /// </summary>
    private static DotNetRegex Construct(string anchored, bool nonBacktrackingAllowed)
    {
        if (nonBacktrackingAllowed)
        {
            try
            {
                return new DotNetRegex(anchored, DotNetRegexOptions.CultureInvariant | DotNetRegexOptions.NonBacktracking, DotNetRegex.InfiniteMatchTimeout);
            }
            catch (NotSupportedException)
            {
                // Too large for the non-backtracking automaton: the backtracking engine below, with its time limit.
            }
        }
        return new DotNetRegex(anchored, DotNetRegexOptions.CultureInvariant, Timeout);
    }

    private static bool? Evaluate(DotNetRegex regex, string value)
    {
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
