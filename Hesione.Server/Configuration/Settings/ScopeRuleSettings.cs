using System.Text.RegularExpressions;

namespace Hesione.Server.Configuration;

/// <summary>One entry of a receiver's <c>scopes</c>: when <see cref="When"/> holds (always when not given), its labels' values join a token's scope.</summary>
internal sealed record ScopeRuleSettings(
    WhenSettings? When,
    [Required, Names("a label name")] ValueList<Named<TextList>>? Labels) : Settings;

/// <summary>The <c>when</c> of a scope rule: a claim and exactly one test.</summary>
internal sealed record WhenSettings(
    [Required] string? Claim,
    [Key("equals")] string? EqualTo,
    string? Contains,
    string? Matches) : Settings
{
    public static readonly string[] Tests = ["equals", "contains", "matches"];
}

/// <summary>A scope rule's label value: a literal, or exactly <c>{claim:NAME}</c>.</summary>
internal static partial class ClaimReference
{
    [GeneratedRegex(@"\A\{claim:(?<name>[^{}]+)\}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();

    /// <summary>The claim named by <paramref name="value"/>, or null for a literal.</summary>
    public static string? ClaimOf(string value) => Syntax().Match(value) is { Success: true } match ? match.Groups["name"].Value : null;

    /// <summary>Whether <paramref name="value"/> is neither a literal nor exactly a claim reference.</summary>
    public static bool IsMalformed(string value) => ClaimOf(value) is null && value.Contains("{claim:", StringComparison.Ordinal);
}
