namespace Hesione.PromQL.Ast;

/// <summary>The four label matching operators.</summary>
public enum MatcherType
{
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>!=</c></summary>
    NotEqual,
    /// <summary><c>=~</c> (RE2 regex, fully anchored)</summary>
    Regex,
    /// <summary><c>!~</c> (RE2 regex, fully anchored)</summary>
    NotRegex,
}

/// <summary>One matcher of a selector, such as <c>job=~"api|web"</c>.</summary>
/// <param name="Name">The label name (may be any UTF-8 string; <c>__name__</c> is the metric name).</param>
/// <param name="Type">The operator.</param>
/// <param name="Value">The unquoted value (a regex for the regex operators).</param>
public sealed record LabelMatcher(string Name, MatcherType Type, string Value)
{
    /// <summary>The label that holds the metric name.</summary>
    public const string MetricNameLabel = "__name__";

    /// <summary>
    /// Whether <paramref name="name"/> is a legacy label name (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>), which every part of
    /// the Prometheus ecosystem reads and writes without quotes.
    /// </summary>
    public static bool IsLegacyLabelName(string name) => Printing.Names.IsLegacyLabelName(name);

    /// <summary>The operator as written in PromQL.</summary>
    public string OperatorText => Type switch
    {
        MatcherType.Equal => "=",
        MatcherType.NotEqual => "!=",
        MatcherType.Regex => "=~",
        _ => "!~",
    };

    /// <summary>Whether this matcher accepts a series that lacks the label (an empty value).</summary>
    public bool MatchesEmpty() => Type switch
    {
        MatcherType.Equal => Value.Length == 0,
        MatcherType.NotEqual => Value.Length != 0,
        MatcherType.Regex => Re2.AnchoredRegex.MatchesEmpty(Value),
        _ => !Re2.AnchoredRegex.MatchesEmpty(Value),
    };

    /// <summary>The canonical text, e.g. <c>job="api"</c>.</summary>
    public override string ToString() => Printing.PromQLPrinter.Print(this);
}
