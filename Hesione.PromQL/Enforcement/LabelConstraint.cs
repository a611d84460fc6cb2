using System.Collections.Immutable;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Re2;

namespace Hesione.PromQL.Enforcement;

/// <summary>
/// The values one label may take in a scope: one literal value (<c>name="v"</c>), several literal
/// values (<c>name=~"v1|v2"</c>, each escaped as Go's <c>regexp.QuoteMeta</c> does, so that the regex
/// matches exactly those values), or RE2 regexes (<c>name=~"r1|r2"</c>).
/// </summary>
public sealed record LabelConstraint
{
    private LabelConstraint(string name, ImmutableArray<string> values, bool isRegex, LabelMatcher matcher)
    {
        Name = name;
        Values = values;
        IsRegex = isRegex;
        Matcher = matcher;
    }

    /// <summary>The label name.</summary>
    public string Name { get; }

    /// <summary>The allowed values (literal values, or regexes when <see cref="IsRegex"/>).</summary>
    public ImmutableArray<string> Values { get; }

    /// <summary>Whether <see cref="Values"/> are RE2 regexes rather than literal values.</summary>
    public bool IsRegex { get; }

    /// <summary>The matcher every selector gets.</summary>
    public LabelMatcher Matcher { get; }

    /// <summary>
    /// A constraint of literal values. Refused (with a message) when the label name or the value
    /// list is empty, or a value is empty: an empty value would also admit series without the label.
    /// </summary>
    public static LabelConstraint Literal(string name, IEnumerable<string> values) => Create(name, values, isRegex: false);

    /// <summary>
    /// A constraint of RE2 regexes, each fully anchored. Refused when a regex is invalid RE2 or matches
    /// the empty string (which would admit series without the label).
    /// </summary>
    public static LabelConstraint Regexes(string name, IEnumerable<string> patterns) => Create(name, patterns, isRegex: true);

    private static LabelConstraint Create(string name, IEnumerable<string> values, bool isRegex)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        if (name.Length == 0) throw new ScopeException("a scope label needs a name");
        var list = values.Distinct(StringComparer.Ordinal).ToImmutableArray();
        if (list.IsEmpty) throw new ScopeException($"label {name}: at least one value is needed");
        foreach (var value in list)
        {
            if (isRegex)
            {
                if (AnchoredRegex.ScopeProblem(value) is { } problem) throw new ScopeException($"label {name}: {problem}");
            }
            else if (value.Length == 0)
            {
                throw new ScopeException($"label {name}: an empty value would admit series without the label");
            }
        }
        var matcher = !isRegex && list.Length == 1
            ? new LabelMatcher(name, MatcherType.Equal, list[0])
            : new LabelMatcher(name, MatcherType.Regex, isRegex ? RegexQuoting.Alternation(list) : string.Join('|', list.Select(RegexQuoting.QuoteMeta)));
        return new LabelConstraint(name, list, isRegex, matcher);
    }

    /// <summary>Equal when the name, the kind and the values (in order: they make the matcher's alternation) are.</summary>
    public bool Equals(LabelConstraint? other) =>
        ReferenceEquals(this, other) || (other is not null && Name == other.Name && IsRegex == other.IsRegex && NodeEquality.ListEqual(Values, other.Values));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, IsRegex, NodeEquality.ListHash(Values));
}

/// <summary>An invalid scope definition; the message says what is wrong.</summary>
public sealed class ScopeException(string message) : Exception(message);
