using FluentAssertions;
using Hesione.PromQL.Re2;
using Xunit;
using DotNetRegex = System.Text.RegularExpressions.Regex;
using DotNetRegexOptions = System.Text.RegularExpressions.RegexOptions;

namespace Hesione.Tests.Regex;

public class Re2SyntaxTests
{
    public static TheoryData<string> ValidPatterns() => new()
    {
        "", "a", "abc", ".", "^$", @"\A\z", @"\b\B", "a|b", "a|", "|", "(a)", "(?:a)", "(?P<name>a)", "(?<name>a)",
        "(?P<name>a)(?P<name>b)", "(?P<a1_b>x)", "(?i)abc", "(?ims-U)a", "(?i:a)b", "(?U)a+", "(?i-s:a)", "(?)",
        "a*", "a+", "a?", "a{2}", "a{2,}", "a{2,5}", "a{0}", "a{0,0}", "a*?", "a+?", "a??", "a{2}?", "a{1000}",
        "a{,5}", "a{", "{", "}", "a{1001", "a{01}", "a{1,2", "x{2}{,3}", "[abc]", "[^abc]", "[a-z]", "[]a]", "[^]a]",
        "[a-]", "[-a]", "[a-b-c]", "[[:alpha:]]", "[[:^alpha:]]", "[[:word:][:^space:]]", "[:alpha:]", @"[\d\s\w]",
        @"[\D]", @"[\pL\p{Greek}]", @"[\]]", @"[\-]", @"\d\D\s\S\w\W", @"\pN", @"\p{Greek}", @"\PN", @"\P{^Greek}",
        @"\p{L}", @"\p{Lu}", @"\pL", @"\p{Any}", @"\p{^L}", @"\p{Han}", @"\p{Old_Italic}", @"\QA.b*\E", @"\Qabc",
        @"\x7F", @"\x{10FFFF}", @"\x{41}", @"\0", @"\012", @"\123", @"\0123", @"\.", @"\*", @"\_", @"\-",
        @"\a\f\t\n\r\v", "^*", "$+", @"\b*", "(?i)", "(|a)", "()", "(?:)*", "a(?i)*", "(a{500}){2}", "(?s).",
        @"[\x{10000}-\x{10FFFF}]", "((((((((((a{2}){2}){2}){2}){2}){2}){2}){2}){2}))", "a{2}b{3}", "é+", "😀*",
        new string('(', 999) + new string(')', 999),
        string.Concat(Enumerable.Repeat("(?:", 999)) + string.Concat(Enumerable.Repeat(")*", 999)),
        "(" + new string('|', 12345) + ")",
    };

    [Theory]
    [MemberData(nameof(ValidPatterns))]
    public void Accepts_valid_patterns(string pattern)
    {
        Re2Syntax.Validate(pattern).Should().BeNull();
        var translated = Re2Syntax.ToDotNetPattern(pattern);
        var act = () => new DotNetRegex(translated, DotNetRegexOptions.CultureInvariant);
        act.Should().NotThrow();
    }

    public static TheoryData<string, string> InvalidPatterns() => new()
    {
        { "(?=a)", "invalid or unsupported Perl syntax: `(?=`" },
        { "(?!a)", "invalid or unsupported Perl syntax: `(?!`" },
        { "(?>a)", "invalid or unsupported Perl syntax: `(?>`" },
        { "(?<=a)b", "invalid named capture: `(?<=a)b`" },
        { "(?<!a)b", "invalid named capture: `(?<!a)b`" },
        { "(?i", "invalid or unsupported Perl syntax: `(?i`" },
        { "(?", "invalid or unsupported Perl syntax: `(?`" },
        { "(?-)", "invalid or unsupported Perl syntax: `(?-)`" },
        { "(?i-)", "invalid or unsupported Perl syntax: `(?i-)`" },
        { "(?--i)", "invalid or unsupported Perl syntax: `(?--`" },
        { "(?z)", "invalid or unsupported Perl syntax: `(?z`" },
        { "(?P=name)", "invalid or unsupported Perl syntax: `(?P`" },
        { "(?(1)a|b)", "invalid or unsupported Perl syntax: `(?(`" },
        { "(abc", "missing closing ): `(abc`" },
        { "((a)", "missing closing ): `((a)`" },
        { ")", "unexpected ): `)`" },
        { "a)b", "unexpected ): `a)b`" },
        { @"\8", "invalid escape sequence: `\\8`" },
        { @"(a)\1", "invalid escape sequence: `\\1`" },
        { @"\Z", "invalid escape sequence: `\\Z`" },
        { @"\G", "invalid escape sequence: `\\G`" },
        { @"\K", "invalid escape sequence: `\\K`" },
        { @"\k<name>", "invalid escape sequence: `\\k`" },
        { @"\C", "invalid escape sequence: `\\C`" },
        { @"\q", "invalid escape sequence: `\\q`" },
        { @"\x", "invalid escape sequence: `\\x`" },
        { @"\x4", "invalid escape sequence: `\\x4`" },
        { @"\xZZ", "invalid escape sequence: `\\xZZ`" },
        { @"\x{}", "invalid escape sequence: `\\x{}`" },
        { @"\x{41", "invalid escape sequence: `\\x{41`" },
        { @"\x{110000}", "invalid escape sequence: `\\x{110000`" },
        { @"\x{4G}", "invalid escape sequence: `\\x{4G`" },
        { @"\é", "invalid escape sequence: `\\é`" },
        { @"[\b]", "invalid escape sequence: `\\b`" },
        { @"[a-\d]", "invalid escape sequence: `\\d`" },
        { @"\", "trailing backslash at end of expression: ``" },
        { @"a\", "trailing backslash at end of expression: ``" },
        { "a{1001}", "invalid repeat count: `{1001}`" },
        { "{1001}", "invalid repeat count: `{1001}`" },
        { "a{2,1}", "invalid repeat count: `{2,1}`" },
        { "a{1,1001}", "invalid repeat count: `{1,1001}`" },
        { "a{100000000000}", "invalid repeat count: `{100000000000}`" },
        { "(a{500}){3}", "invalid repeat count: `{3}`" },
        { "((((((((((a{2}){2}){2}){2}){2}){2}){2}){2}){2}){2})", "invalid repeat count: `{2}`" },
        { "*", "missing argument to repetition operator: `*`" },
        { "+a", "missing argument to repetition operator: `+`" },
        { "*?", "missing argument to repetition operator: `*?`" },
        { "a|*", "missing argument to repetition operator: `*`" },
        { "(*)", "missing argument to repetition operator: `*`" },
        { "(?i)*", "missing argument to repetition operator: `*`" },
        { "{2}", "missing argument to repetition operator: `{2}`" },
        { "**", "missing argument to repetition operator: `*`" },
        { @"\Q\E*", "missing argument to repetition operator: `*`" },
        { "a**", "invalid nested repetition operator: `**`" },
        { "a*+", "invalid nested repetition operator: `*+`" },
        { "a++", "invalid nested repetition operator: `++`" },
        { "a?*", "invalid nested repetition operator: `?*`" },
        { "a*??", "invalid nested repetition operator: `*??`" },
        { "a{2}{3}", "invalid nested repetition operator: `{2}{3}`" },
        { "a{1}*", "invalid nested repetition operator: `{1}*`" },
        { "[z-a]", "invalid character class range: `z-a`" },
        { "x[b-a]", "invalid character class range: `b-a`" },
        { "[a", "missing closing ]: `[a`" },
        { "x[a", "missing closing ]: `[a`" },
        { "[]", "missing closing ]: `[]`" },
        { "[^]", "missing closing ]: `[^]`" },
        { "[a-", "missing closing ]: `[a-`" },
        { "[[:alpha:]", "missing closing ]: `[[:alpha:]`" },
        { "[[:foo:]]", "invalid character class range: `[:foo:]`" },
        { @"\p{Foo}", "invalid character class range: `\\p{Foo}`" },
        { @"\pX", "invalid character class range: `\\pX`" },
        { @"\p", "invalid character class range: `\\p`" },
        { @"\p{}", "invalid character class range: `\\p{}`" },
        { @"\p{Greek", "invalid character class range: `\\p{Greek`" },
        { @"[\p{Foo}]", "invalid character class range: `\\p{Foo}`" },
        { "(?P<>a)", "invalid named capture: `(?P<>`" },
        { "(?<>a)", "invalid named capture: `(?<>`" },
        { "(?P<a-b>x)", "invalid named capture: `(?P<a-b>`" },
        { "(?P<name", "invalid named capture: `(?P<name`" },
        { new string('(', 1000) + new string(')', 1000), "expression nests too deeply: `" + new string('(', 1000) + new string(')', 1000) + "`" },
    };

    [Theory]
    [MemberData(nameof(InvalidPatterns))]
    public void Rejects_invalid_patterns_with_go_messages(string pattern, string message)
    {
        Re2Syntax.Validate(pattern).Should().Be("error parsing regexp: " + message);
        Re2Syntax.ToDotNetPattern(pattern).Should().Be("(?!)");
    }

    [Fact]
    public void Lone_surrogates_are_invalid_utf8()
    {
        // Kept out of theory data: xunit's serialization replaces lone surrogates.
        Re2Syntax.Validate("a\uD800b").Should().Be("error parsing regexp: invalid UTF-8: `\uD800b`");
        Re2Syntax.Validate("[\uDC00]").Should().Be("error parsing regexp: invalid UTF-8: `\uDC00]`");
        Re2Syntax.Validate("\\Qa\uD800\\Eb").Should().Be("error parsing regexp: invalid UTF-8: `\uD800`");
        Re2Syntax.Validate("(?P<a\uD800>x)").Should().Be("error parsing regexp: invalid UTF-8: `\uD800`");
        Re2Syntax.Validate("\uD83D\uDE00").Should().BeNull();
        AnchoredRegex.MatchesEmpty("\uD800").Should().BeTrue();
    }

    [Fact]
    public void Deep_nesting_never_overflows_the_stack()
    {
        string open = new('(', 100_000);
        Re2Syntax.Validate(open).Should().Be("error parsing regexp: missing closing ): `" + open + "`");

        string nested = open + new string(')', 100_000);
        Re2Syntax.Validate(nested).Should().StartWith("error parsing regexp: expression nests too deeply: ");

        string stars = string.Concat(Enumerable.Repeat("(?:", 1000)) + string.Concat(Enumerable.Repeat(")*", 1000));
        Re2Syntax.Validate(stars).Should().StartWith("error parsing regexp: expression nests too deeply: ");

        string large = string.Concat(Enumerable.Repeat("(xx?){1000}", 1000));
        Re2Syntax.Validate(large).Should().StartWith("error parsing regexp: expression too large: ");

        AnchoredRegex.MatchesEmpty(nested).Should().BeTrue();
        Re2Syntax.ToDotNetPattern(nested).Should().Be("(?!)");
    }

    private static bool FullMatch(string pattern, string input)
    {
        Re2Syntax.Validate(pattern).Should().BeNull();
        var translated = Re2Syntax.ToDotNetPattern(pattern);
        return new DotNetRegex(@"\A(?:" + translated + @")\z", DotNetRegexOptions.CultureInvariant).IsMatch(input);
    }

    private static bool Search(string pattern, string input)
    {
        Re2Syntax.Validate(pattern).Should().BeNull();
        return new DotNetRegex(Re2Syntax.ToDotNetPattern(pattern), DotNetRegexOptions.CultureInvariant).IsMatch(input);
    }

    public static TheoryData<string, string, bool> FullMatchCases() => new()
    {
        { "abc", "abc", true },
        { "abc", "abcd", false },
        { "a|b", "b", true },
        { "a|", "", true },
        { "a{2,3}", "aaa", true },
        { "a{2,3}", "aaaa", false },
        { "a{2,}", "aaaaa", true },
        { "x{2}{,3}", "xx{,3}", true },
        { "a{,5}", "a{,5}", true },
        { "[]a]+", "]a]", true },
        { "[^]a]", "b", true },
        { "[a-]+", "a-", true },
        { ".", "\n", false },
        { "(?s).", "\n", true },
        { "[^a]", "\n", true },
        { ".", "😀", true },
        { "..", "😀", false },
        { "[^a]", "😀", true },
        { @"\x{1F600}", "😀", true },
        { @"[\x{1F600}-\x{1F64F}]", "😃", true },
        { @"[\x{1F600}-\x{1F64F}]", "😀😀", false },
        { @"[\x{10000}-\x{10FFFF}]", "\U0010FFFD", true },
        { @"\d", "5", true },
        { @"\d", "٣", false },
        { @"\D", "٣", true },
        { @"\w+", "a_Z9", true },
        { @"\w", "é", false },
        { @"\W", "é", true },
        { @"\s", " ", true },
        { @"\s", "\u00A0", false },
        { @"\s", "\v", false },
        { @"[\s\d]+", "1 2\t", true },
        { "[[:alpha:]]+", "abcXYZ", true },
        { "[[:alpha:]]", "é", false },
        { "[[:^alpha:]]", "1", true },
        { "[[:^alpha:]]", "a", false },
        { "[[:punct:]]+", "!/:@[`{~", true },
        { "[[:xdigit:]]+", "09afAF", true },
        { "(?i)abc", "AbC", true },
        { "(?i)k", "\u212A", true },
        { "(?i)[k]", "K", true },
        { "(?i)[^k]", "K", false },
        { "(?i)[^k]", "x", true },
        { "(?i)[[:upper:]]", "q", true },
        { "(?i)σ", "Σ", true },
        { "(?i)σ", "ς", true },
        { "(?i)s", "ſ", true },
        { "(?i)i", "ı", false },
        { "(?i:a)b", "AB", false },
        { "(?i:a)b", "Ab", true },
        { "(?i)a(?-i)b", "Ab", true },
        { "(?i)a(?-i)b", "AB", false },
        { "((?i)a)b", "AB", false },
        { "(?P<name>a+)", "aaa", true },
        { "(?<x>a)(?<x>b)", "ab", true },
        { "(?P<1a>a)", "a", true },
        { @"\Q.*\E", ".*", true },
        { @"\Q.*\E", "ab", false },
        { @"\Qa.b", "a.b", true },
        { @"\Qab\E+", "abbb", true },
        { @"\101", "A", true },
        { @"\0", "\0", true },
        { @"\01", "\u0001", true },
        { @"\x41\x{42}", "AB", true },
        { @"\x{D800}", "\uD800", false },
        { @"\.\*\+\?\(\)\[\]\{\}\|\^\$\\", @".*+?()[]{}|^$\", true },
        { @"\a\f\t\n\r\v", "\a\f\t\n\r\v", true },
        { @"\pL+", "héllo", true },
        { @"\pL", "1", false },
        { @"\p{L}", "𝐀", true },
        { @"\p{Lu}", "a", false },
        { @"\p{Lu}", "A", true },
        { @"\PL", "1", true },
        { @"\p{^L}", "a", false },
        { @"\pN", "5", true },
        { @"\p{Greek}+", "αβγ", true },
        { @"\p{Greek}", "a", false },
        { @"\P{Greek}", "a", true },
        { @"\P{^Greek}", "α", true },
        { @"\p{Han}", "中", true },
        { @"\p{Cyrillic}+", "Привет", true },
        { @"[\p{Greek}a]+", "αa", true },
        { @"[^\p{Greek}]", "α", false },
        { @"(?i)\p{Lu}", "a", true },
        { @"\p{Any}", "😀", true },
        { "é+", "ééé", true },
        { "😀+", "😀😀", true },
        { "^*a", "a", true },
        { "(?:)*a", "a", true },
        { "a(?i)*", "aaa", true },
        { "(|a)", "", true },
        { "(?U)a+b", "aab", true },
        { "[\\-]", "-", true },
        { "[a\\]]+", "a]", true },
        { "[\\x00-\\x{10FFFF}]", "😀", true },
        { "[^\\x00-\\x{10FFFF}]", "a", false },
        { "a#b c", "a#b c", true },
    };

    [Theory]
    [MemberData(nameof(FullMatchCases))]
    public void Translation_matches_like_go(string pattern, string input, bool expected) =>
        FullMatch(pattern, input).Should().Be(expected);

    [Fact]
    public void Dollar_and_caret_follow_go_line_semantics()
    {
        Search("a$", "a\n").Should().BeFalse();
        Search("a$", "a").Should().BeTrue();
        Search(@"a\z", "a\n").Should().BeFalse();
        Search("(?m)a$", "a\nb").Should().BeTrue();
        Search("^b", "a\nb").Should().BeFalse();
        Search("(?m)^b", "a\nb").Should().BeTrue();
        Search(@"\Ab", "a\nb").Should().BeFalse();
        Search("(?m:^b)", "a\nb").Should().BeTrue();
    }

    [Fact]
    public void Word_boundaries_are_ascii_only()
    {
        Search(@"\bfoo\b", "a foo b").Should().BeTrue();
        Search(@"\bfoo\b", "afoob").Should().BeFalse();
        Search(@"\bfoo\b", "éfooé").Should().BeTrue();
        Search(@"\Bfoo", "éfoo").Should().BeFalse();
        Search(@"\Bfoo", "afoo").Should().BeTrue();
    }

    [Fact]
    public void Ungreedy_flag_swaps_greediness()
    {
        static string FirstMatch(string pattern, string input) =>
            new DotNetRegex(Re2Syntax.ToDotNetPattern(pattern), DotNetRegexOptions.CultureInvariant).Match(input).Value;

        FirstMatch("a+", "aaa").Should().Be("aaa");
        FirstMatch("a+?", "aaa").Should().Be("a");
        FirstMatch("(?U)a+", "aaa").Should().Be("a");
        FirstMatch("(?U)a+?", "aaa").Should().Be("aaa");
        FirstMatch("(?U:a{1,3})a*", "aaa").Should().Be("aaa");
        FirstMatch("(?U:a{1,3})", "aaa").Should().Be("a");
        FirstMatch("(?U)(?-U)a*", "aaa").Should().Be("aaa");
    }

    [Fact]
    public void Translation_of_named_groups_and_anchors()
    {
        Re2Syntax.ToDotNetPattern("(?P<name>a)").Should().Be("(?<name>a)");
        Re2Syntax.ToDotNetPattern("(?<name>a)").Should().Be("(?<name>a)");
        Re2Syntax.ToDotNetPattern("^a$").Should().Be(@"\Aa\z");
        Re2Syntax.ToDotNetPattern(@"\d").Should().Be("[0-9]");
        Re2Syntax.ToDotNetPattern("[[:alpha:]]").Should().Be("[A-Za-z]");
    }

    [Theory]
    [InlineData(".*", true)]
    [InlineData(".+", false)]
    [InlineData("a|", true)]
    [InlineData("(?:)", true)]
    [InlineData("x?", true)]
    [InlineData("foo", false)]
    [InlineData("", true)]
    [InlineData("^$", true)]
    [InlineData("(?m)^$", true)]
    [InlineData(@"\b", false)]
    [InlineData(@"\B", true)]
    [InlineData("a*b*", true)]
    [InlineData("a{0}", true)]
    [InlineData("a{1,}", false)]
    [InlineData("foo|bar", false)]
    [InlineData("foo|.*", true)]
    [InlineData("[^a]*", true)]
    [InlineData(@"\Q\E", true)]
    [InlineData("(?i)", true)]
    [InlineData("(abc", true)]
    public void MatchesEmpty_follows_anchored_semantics(string pattern, bool expected) =>
        AnchoredRegex.MatchesEmpty(pattern).Should().Be(expected);

    [Fact]
    public void Random_inputs_never_throw_and_valid_ones_translate_to_compilable_patterns()
    {
        const string alphabet = @"ab()[]{}*+?|^$.\-:<>=!PpQEdDsSwWxzAbB0178,^_U imsé😀";
        var random = new Random(12345);
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(alphabet);
        var pieces = new List<string>();
        while (elements.MoveNext())
        {
            pieces.Add((string)elements.Current);
        }

        pieces.Add("\uD800");
        pieces.Add("[:alpha:]");
        pieces.Add(@"\p{Greek}");
        pieces.Add("(?P<n>");
        pieces.Add("{2,3}");

        int valid = 0;
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            int length = random.Next(0, 16);
            var sb = new System.Text.StringBuilder();
            for (int k = 0; k < length; k++)
            {
                sb.Append(pieces[random.Next(pieces.Count)]);
            }

            string pattern = sb.ToString();
            string? error = null;
            string translated = string.Empty;
            var act = () =>
            {
                error = Re2Syntax.Validate(pattern);
                translated = Re2Syntax.ToDotNetPattern(pattern);
                _ = AnchoredRegex.MatchesEmpty(pattern);
            };
            act.Should().NotThrow("pattern {0}", pattern);
            if (error is null)
            {
                valid++;
                var compile = () => new DotNetRegex(translated, DotNetRegexOptions.CultureInvariant);
                compile.Should().NotThrow("pattern {0} translated to {1}", pattern, translated);
            }
            else
            {
                error.Should().StartWith("error parsing regexp: ");
                translated.Should().Be("(?!)");
            }
        }

        valid.Should().BeGreaterThan(100);
    }
}
