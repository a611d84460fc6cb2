using System.Text.Json;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Enforcement;

namespace Hesione.Server.Authentication;

/// <summary>How a <c>when</c> tests its claim.</summary>
internal enum ClaimTest
{
    /// <summary>A string claim equal to the operand (an array claim never equals a string).</summary>
    Equal,

    /// <summary>An array claim holding the operand as an element, or a string claim equal to it (no substring test).</summary>
    Contains,

    /// <summary>A string claim, or an element of an array claim, fully matched by the operand, an RE2 regex (anchored).</summary>
    Matches,
}

/// <summary>The <c>when</c> of a scope rule: a claim and a test. A missing or unusable claim makes it false.</summary>
internal sealed record ClaimCondition(string Claim, ClaimTest Test, string Operand)
{
    private readonly LabelMatcher _regex = new(Claim, MatcherType.Regex, Operand);

    public bool Holds(JsonElement claims)
    {
        if (ClaimValues.Read(claims, Claim) is not { } claim) return false;
        return Test switch
        {
            ClaimTest.Equal => !claim.IsArray && claim.Values[0] == Operand,
            ClaimTest.Contains => Array.IndexOf(claim.Values, Operand) >= 0,
            _ => claim.Values.Any(value => _regex.Matches(new Dictionary<string, string>(1) { [Claim] = value })),
        };
    }
}
