using System.Collections.Concurrent;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Regex;
using DotNetRegex = System.Text.RegularExpressions.Regex;
using DotNetRegexOptions = System.Text.RegularExpressions.RegexOptions;
using RegexMatchTimeoutException = System.Text.RegularExpressions.RegexMatchTimeoutException;

namespace Hesione.PromQL.Enforcement;

/// <summary>
/// Evaluates matchers against a concrete label set, as Prometheus does (a missing label has the empty
/// value; regexes are RE2, fully anchored, <c>.</c> matching newlines). Used to filter responses such as
/// rules and alerts. Fails closed: a regex that cannot be evaluated in time does not match.
/// </summary>
public static class SeriesMatching
{
    private static readonly ConcurrentDictionary<string, DotNetRegex> Cache = new(StringComparer.Ordinal);
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether the series with <paramref name="labels"/> satisfies <paramref name="matcher"/>.</summary>
    public static bool Matches(this LabelMatcher matcher, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        ArgumentNullException.ThrowIfNull(labels);
        var value = labels.TryGetValue(matcher.Name, out var v) ? v : "";
        return matcher.Type switch
        {
            MatcherType.Equal => value == matcher.Value,
            MatcherType.NotEqual => value != matcher.Value,
            MatcherType.Regex => RegexMatches(matcher.Value, value) == true,
            _ => RegexMatches(matcher.Value, value) == false,
        };
    }

    /// <summary>Whether a series with <paramref name="labels"/> lies inside <paramref name="scope"/> (every scope matcher holds).</summary>
    public static bool Admits(this LabelScope scope, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(scope);
        foreach (var matcher in scope.Matchers)
            if (!matcher.Matches(labels)) return false;
        return true;
    }

    /// <summary>True or false when decided; null when the regex is invalid or timed out (callers treat that as "no match").</summary>
    private static bool? RegexMatches(string pattern, string value)
    {
        if (!Cache.TryGetValue(pattern, out var regex))
        {
            if (Re2Syntax.Validate(pattern) is not null) return null;
            regex = new DotNetRegex(@"\A(?:" + Re2Syntax.ToDotNetPattern("(?s:" + pattern + ")") + @")\z", DotNetRegexOptions.CultureInvariant, Timeout);
            if (Cache.Count < 4096) Cache.TryAdd(pattern, regex);
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
}
