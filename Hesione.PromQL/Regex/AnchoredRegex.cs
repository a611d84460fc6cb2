using System.Collections.Concurrent;
using DotNetRegex = System.Text.RegularExpressions.Regex;
using DotNetRegexOptions = System.Text.RegularExpressions.RegexOptions;
using RegexMatchTimeoutException = System.Text.RegularExpressions.RegexMatchTimeoutException;

namespace Hesione.PromQL.Regex;

/// <summary>
/// RE2 regexes as Prometheus applies a matcher's regex: fully anchored, <c>.</c> matching newlines
/// (<c>^(?s:...)$</c>). The one cache of regex work: validation results and compiled regexes are kept per
/// pattern (dashboards send the same few over and over); evaluation has a time limit.
/// </summary>
internal static class AnchoredRegex
{
    private const int MaxCached = 4096;
    private static readonly ConcurrentDictionary<string, string?> Problems = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, DotNetRegex> Compiled = new(StringComparer.Ordinal);
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Go's message when <paramref name="pattern"/> is not valid RE2, otherwise null.</summary>
    public static string? Problem(string pattern)
    {
        if (Problems.TryGetValue(pattern, out var cached)) return cached;
        var problem = Re2Syntax.Validate(pattern);
        if (Problems.Count < MaxCached) Problems.TryAdd(pattern, problem);
        return problem;
    }

    /// <summary>True or false when decided; null when the pattern is not valid RE2 or the evaluation timed out.</summary>
    public static bool? FullMatch(string pattern, string value)
    {
        if (!Compiled.TryGetValue(pattern, out var regex))
        {
            if (Problem(pattern) is not null) return null;
            regex = new DotNetRegex(@"\A(?:" + Re2Syntax.ToDotNetPattern("(?s:" + pattern + ")") + @")\z", DotNetRegexOptions.CultureInvariant, Timeout);
            if (Compiled.Count < MaxCached) Compiled.TryAdd(pattern, regex);
        }
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>Whether the anchored regex matches the empty string; an undecided case counts as a match (the safe side for a required non-empty matcher).</summary>
    public static bool MatchesEmpty(string pattern) => FullMatch(pattern, "") ?? true;

    /// <summary>Why <paramref name="pattern"/> cannot restrict a scope (invalid RE2, or it admits the empty value), or null.</summary>
    public static string? ScopeProblem(string pattern) =>
        Problem(pattern) ?? (MatchesEmpty(pattern) ? $"regex {Printing.GoQuoting.Quote(pattern)} matches the empty string" : null);
}
