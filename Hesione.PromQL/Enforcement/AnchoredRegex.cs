using System.Collections.Concurrent;
using Hesione.PromQL.Regex;
using DotNetRegex = System.Text.RegularExpressions.Regex;
using DotNetRegexOptions = System.Text.RegularExpressions.RegexOptions;
using RegexMatchTimeoutException = System.Text.RegularExpressions.RegexMatchTimeoutException;

namespace Hesione.PromQL.Enforcement;

/// <summary>
/// Evaluates an RE2 regex the way Prometheus applies a matcher's regex: fully anchored, <c>.</c> matching
/// newlines (<c>^(?s:...)$</c>). Compiled regexes are cached; evaluation has a time limit.
/// </summary>
internal static class AnchoredRegex
{
    private static readonly ConcurrentDictionary<string, DotNetRegex> Cache = new(StringComparer.Ordinal);
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    /// <summary>True or false when decided; null when the pattern is not valid RE2 or the evaluation timed out.</summary>
    public static bool? FullMatch(string pattern, string value)
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
