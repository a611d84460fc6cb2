using FluentAssertions;
using Hesione.PromQL.Re2;
using Xunit;
using DotNetRegex = System.Text.RegularExpressions.Regex;
using DotNetRegexOptions = System.Text.RegularExpressions.RegexOptions;

namespace Hesione.Tests.Regex;

/// <summary>
/// The translation runs on .NET's non-backtracking engine wherever it has no word boundary, and matches there as on
/// the backtracking engine (the cases of <see cref="Re2SyntaxTests"/>, whose expectations come from Go).
/// </summary>
public class NonBacktrackingTests
{
    [Theory]
    [MemberData(nameof(Re2SyntaxTests.ValidPatterns), MemberType = typeof(Re2SyntaxTests))]
    public void Every_valid_pattern_without_a_word_boundary_compiles_without_backtracking(string pattern)
    {
        var translation = Re2Syntax.Translate(pattern);

        translation.Should().NotBeNull();
        translation!.Value.NonBacktrackingAllowed.Should().Be(!pattern.Contains(@"\b") && !pattern.Contains(@"\B"));
        var compile = () => new DotNetRegex(translation.Value.Pattern, Options(translation.Value));
        compile.Should().NotThrow();
    }

    [Theory]
    [MemberData(nameof(Re2SyntaxTests.FullMatchCases), MemberType = typeof(Re2SyntaxTests))]
    public void The_engine_chosen_matches_like_go(string pattern, string input, bool expected)
    {
        var translation = Re2Syntax.Translate(pattern)!.Value;

        new DotNetRegex(@"\A(?:" + translation.Pattern + @")\z", Options(translation)).IsMatch(input).Should().Be(expected);
    }

    [Fact]
    public void Word_boundaries_stay_on_the_backtracking_engine()
    {
        Re2Syntax.Translate(@"a\b")!.Value.NonBacktrackingAllowed.Should().BeFalse();
        Re2Syntax.Translate(@"(?:x|\B)y")!.Value.NonBacktrackingAllowed.Should().BeFalse();
        AnchoredRegex.FullMatch(@"a\b.*", "a b").Should().BeTrue();
    }

    [Fact]
    public void Sets_that_match_nothing_need_no_lookaround()
    {
        var translation = Re2Syntax.Translate(@"[^\x00-\x{10FFFF}]")!.Value;

        translation.NonBacktrackingAllowed.Should().BeTrue();
        translation.Pattern.Should().NotContain("(?");
    }

    [Fact]
    public void Nested_quantifiers_are_decided_in_bounded_time_on_long_values()
    {
        // On the backtracking engine this pattern explores exponentially many ways to split the a's before it
        // fails: the match time limit would expire and the answer would be undecided (null).
        var hostile = new string('a', 20_000);

        AnchoredRegex.FullMatch("(a*)*b", hostile).Should().BeFalse();
        AnchoredRegex.FullMatch("(a|aa)+c", hostile).Should().BeFalse();
        AnchoredRegex.FullMatch("(a|aa)+", hostile).Should().BeTrue();
    }

    private static DotNetRegexOptions Options(DotNetTranslation translation) =>
        DotNetRegexOptions.CultureInvariant | (translation.NonBacktrackingAllowed ? DotNetRegexOptions.NonBacktracking : DotNetRegexOptions.None);
}
