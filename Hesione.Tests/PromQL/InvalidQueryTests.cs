using FluentAssertions;
using Hesione.PromQL.Parsing;
using Xunit;

namespace Hesione.Tests.PromQL;

/// <summary>
/// Invalid queries and the exact error each gives: <c>line:col: parse error: message</c>, the column
/// counted in UTF-8 bytes from 1 (see the rows with non-ASCII text and with several lines).
/// </summary>
public class InvalidQueryTests
{
    /// <summary>(query, full error message)</summary>
    public static TheoryData<string, string> Cases => new()
    {
        { "", "1:1: parse error: no expression found in input" },
        { "1+", "1:3: parse error: unexpected end of input" },
        { ".", "1:1: parse error: unexpected character: '.'" },
        { "2.5.", "1:1: parse error: bad number or duration syntax: \"2.5.\"" },
        { "100..4", "1:1: parse error: bad number or duration syntax: \"100..\"" },
        { "0deadbeef", "1:1: parse error: bad number or duration syntax: \"0de\"" },
        { "1 /", "1:4: parse error: unexpected end of input" },
        { "*1", "1:1: parse error: unexpected <op:*>" },
        { "(1))", "1:4: parse error: unexpected right parenthesis ')'" },
        { "((1)", "1:5: parse error: unclosed left parenthesis" },
        { "(", "1:2: parse error: unclosed left parenthesis" },
        { "1 and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression" },
        { "1 == 1", "1:1: parse error: comparisons between scalars must use BOOL modifier" },
        { "1 or 1", "1:1: parse error: set operator \"or\" not allowed in binary scalar expression" },
        { "1 unless 1", "1:1: parse error: set operator \"unless\" not allowed in binary scalar expression" },
        { "-\"string\"", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"string\"" },
        { "-test[5m]", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\"" },
        { "*test", "1:1: parse error: unexpected <op:*>" },
        { "a - on(b) ignoring(c) d", "1:11: parse error: unexpected <ignoring>" },
        { "foo and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression" },
        { "1 and foo", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression" },
        { "foo or 1", "1:1: parse error: set operator \"or\" not allowed in binary scalar expression" },
        { "foo + group_left(baz) bar", "1:7: parse error: unexpected <group_left>" },
        { "foo and on(bar) group_left(baz) bar", "1:1: parse error: no grouping allowed for \"and\" operation" },
        { "foo or on(bar) group_right(baz) bar", "1:1: parse error: no grouping allowed for \"or\" operation" },
        { "foo + bool bar", "1:1: parse error: bool modifier can only be used on comparison operators" },
        { "foo + bool 10", "1:1: parse error: bool modifier can only be used on comparison operators" },
        { "foo and bool 10", "1:1: parse error: bool modifier can only be used on comparison operators" },
        { "{", "1:2: parse error: unexpected end of input inside braces" },
        { "some{", "1:6: parse error: unexpected end of input inside braces" },
        { "some_metric{a:b=\"b\"}", "1:14: parse error: unexpected character inside braces: ':'" },
        { "foo{a*\"b\"}", "1:6: parse error: unexpected character inside braces: '*'" },
        { "foo{a>=\"b\"}", "1:6: parse error: unexpected character inside braces: '>'" },
        { "foo{1}", "1:5: parse error: unexpected character inside braces: '1'" },
        { "{}", "1:1: parse error: vector selector must contain at least one non-empty matcher" },
        { "{x=\"\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher" },
        { "{x=~\".*\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher" },
        { "{x!~\".+\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher" },
        { "{x!=\"a\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher" },
        { "foo{__name__=\"bar\"}", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\"" },
        { "foo{__name__= \"bar\"}", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\"" },
        { "5mm", "1:1: parse error: bad number or duration syntax: \"5mm\"" },
        { "1.5h", "1:1: parse error: not a valid duration string: \"1.5h\"" },
        { "5m5m", "1:1: parse error: not a valid duration string: \"5m5m\"" },
        { "1m1h", "1:1: parse error: not a valid duration string: \"1m1h\"" },
        { "foo[5mm]", "1:5: parse error: bad number or duration syntax: \"5mm\"" },
        { "foo[0s]", "1:5: parse error: duration must be greater than 0" },
        { "foo[0]", "1:5: parse error: duration must be greater than 0" },
        { "foo[5m/0]", "1:7: parse error: division by zero" },
        { "foo[5m%0]", "1:7: parse error: modulo by zero" },
        { "\"\\q\"", "1:1: parse error: error unquoting string \"\\\"\\\\q\\\"\": invalid syntax" },
        { "\"\\xZZ\"", "1:1: parse error: error unquoting string \"\\\"\\\\xZZ\\\"\": invalid syntax" },
        { "'\\\"'", "1:1: parse error: error unquoting string \"'\\\\\\\"'\": invalid syntax" },
        { "\"abc", "1:1: parse error: unterminated quoted string" },
        { "`abc", "1:1: parse error: unterminated raw string" },
        { "\"a\nb\"", "1:1: parse error: unterminated quoted string" },
        { "unknown_fn(x)", "1:1: parse error: unknown function with name \"unknown_fn\"" },
        { "Rate(foo[5m])", "1:1: parse error: unknown function with name \"Rate\"" },
        { "rate(foo)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector" },
        { "rate(foo[5m], 1)", "1:1: parse error: expected 1 argument(s) in call to \"rate\", got 2" },
        { "rate()", "1:1: parse error: expected 1 argument(s) in call to \"rate\", got 0" },
        { "time(1)", "1:1: parse error: expected 0 argument(s) in call to \"time\", got 1" },
        { "round()", "1:1: parse error: expected at least 1 argument(s) in call to \"round\", got 0" },
        { "round(foo, 1, 2)", "1:1: parse error: expected at most 2 argument(s) in call to \"round\", got 3" },
        { "label_join(foo)", "1:1: parse error: expected at least 3 argument(s) in call to \"label_join\", got 1" },
        { "abs(\"str\")", "1:5: parse error: expected type instant vector in call to function \"abs\", got string" },
        { "vector(\"x\")", "1:8: parse error: expected type scalar in call to function \"vector\", got string" },
        { "histogram_quantile(foo, bar)", "1:20: parse error: expected type scalar in call to function \"histogram_quantile\", got instant vector" },
        { "sum()", "1:1: parse error: no arguments for aggregate expression provided" },
        { "count_values(1, x)", "1:14: parse error: expected type string in aggregation parameter, got scalar" },
        { "quantile(\"a\", x)", "1:10: parse error: expected type scalar in aggregation parameter, got string" },
        { "rate(foo[5m],)", "1:14: parse error: trailing commas not allowed in function call args" },
        { "abs(foo,)", "1:9: parse error: trailing commas not allowed in function call args" },
        { "(foo + bar)[5m]", "1:12: parse error: ranges only allowed for vector selectors" },
        { "some_metric @ 1234 [5m]", "1:20: parse error: no @ modifiers allowed before range" },
        { "some_metric offset 1m [5m]", "1:23: parse error: no offset modifiers allowed before range" },
        { "foo[5m][5m]", "1:8: parse error: ranges only allowed for vector selectors" },
        { "foo[5m:1m][10m]", "1:11: parse error: ranges only allowed for vector selectors" },
        { "rate(foo[5m])[5m]", "1:14: parse error: ranges only allowed for vector selectors" },
        { "foo{a=~\"(?=x)\"}", "1:5: parse error: error parsing regexp: invalid or unsupported Perl syntax: `(?=`" },
        { "foo{a=~\"\\\\1\"}", "1:5: parse error: error parsing regexp: invalid escape sequence: `\\1`" },
        { "foo{a=~\"a{1001}\"}", "1:5: parse error: error parsing regexp: invalid repeat count: `{1001}`" },
        { "foo{a!~\"[z-a]\"}", "1:5: parse error: error parsing regexp: invalid character class range: `z-a`" },
        { "foo{a=~\"\\\\C\"}", "1:5: parse error: error parsing regexp: invalid escape sequence: `\\C`" },
        { "foo\n  + bar\n  + baz(", "3:9: parse error: unclosed left parenthesis" },
        { "foo +\n\n ", "3:2: parse error: unexpected end of input" },
        { "foo{a=\"é\"} + bar{b=\"ü\"} and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression" },
        { "\"日本\" + 1", "1:1: parse error: binary expression must contain only scalar and instant vector types" },
        { "\"日本\" + bär", "1:13: parse error: unexpected character: 'ä'" },
        { "x{\"ü\"=~\"(?!a)\"}", "1:3: parse error: error parsing regexp: invalid or unsupported Perl syntax: `(?!`" },
        { "sum(\n  rate(foo)\n)", "2:8: parse error: expected type range vector in call to function \"rate\", got instant vector" },
        { "foo[5m] + bar", "1:1: parse error: binary expression must contain only scalar and instant vector types" },
        { "foo[5m] and bar", "1:1: parse error: binary expression must contain only scalar and instant vector types" },
        { "foo == bool on(a) 1", "1:1: parse error: vector matching only allowed between instant vectors" },
        { "foo + on(a) 1", "1:1: parse error: vector matching only allowed between instant vectors" },
        { "1 + on(a) foo", "1:1: parse error: vector matching only allowed between instant vectors" },
        { "foo and on(a) group_left bar", "1:1: parse error: no grouping allowed for \"and\" operation" },
        { "foo unless ignoring(a) group_right(b) bar", "1:1: parse error: no grouping allowed for \"unless\" operation" },
        { "foo * on(a) group_left(a) bar", "1:1: parse error: label \"a\" must not occur in ON and GROUP clause at once" },
        { "foo and fill(0) bar", "1:1: parse error: fill modifiers are not allowed for \"and\" operation" },
        { "foo offset", "1:11: parse error: unexpected end of input" },
        { "foo @", "1:6: parse error: unexpected end of input" },
        { "foo[", "1:5: parse error: unclosed left bracket" },
        { "foo[5m", "1:7: parse error: unclosed left bracket" },
        { "foo]", "1:4: parse error: unexpected right bracket ']'" },
        { "foo[5m]]", "1:8: parse error: unexpected right bracket ']'" },
        { "foo{a=\"b\"", "1:10: parse error: unexpected end of input inside braces" },
        { "sum by (a.b) (x)", "1:10: parse error: unexpected character: '.'" },
        { "sum by (a)", "1:11: parse error: unexpected end of input" },
        { "sum(x) by", "1:10: parse error: unexpected end of input" },
        { "sum without(x", "1:14: parse error: unclosed left parenthesis" },
        { "1 + (", "1:6: parse error: unclosed left parenthesis" },
        { "(1 + 2", "1:7: parse error: unclosed left parenthesis" },
        { ")", "1:1: parse error: unexpected right parenthesis ')'" },
        { "]", "1:1: parse error: unexpected right bracket ']'" },
        { "foo ~ bar", "1:5: parse error: unexpected character: '~'" },
        { "foo != ", "1:8: parse error: unexpected end of input" },
        { "$x", "1:1: parse error: unexpected character: '$'" },
        { "foo{a=\"\\u\"}", "1:7: parse error: error unquoting string \"\\\"\\\\u\\\"\": invalid syntax" },
        { "foo{a=\"\\uD800\"}", "1:7: parse error: error unquoting string \"\\\"\\\\uD800\\\"\": invalid syntax" },
        { "\"\\400\"", "1:1: parse error: error unquoting string \"\\\"\\\\400\\\"\": invalid syntax" },
        { "\"\\x\"", "1:1: parse error: error unquoting string \"\\\"\\\\x\\\"\": invalid syntax" },
        { "'a", "1:1: parse error: unterminated quoted string" },
        { "#", "1:1: parse error: no expression found in input" },
        { "# just a comment\n\n", "1:1: parse error: no expression found in input" },
        { "\n  \n", "1:1: parse error: no expression found in input" },
        { "sum(x) + \n rate(y)", "2:7: parse error: expected type range vector in call to function \"rate\", got instant vector" },
        { "\"ü\" + \"é\" + rate(x)", "1:1: parse error: binary expression must contain only scalar and instant vector types" },
        { "{job=\"日本\"} + rate(x)", "1:23: parse error: expected type range vector in call to function \"rate\", got instant vector" },
        { "foo{a=\"ä\"}\n @ 1 + rate(y)", "2:13: parse error: expected type range vector in call to function \"rate\", got instant vector" },
        { "a ^ b[5m]", "1:5: parse error: binary expression must contain only scalar and instant vector types" },
        { "histogram_quantiles(foo, \"q\")", "1:1: parse error: expected at least 3 argument(s) in call to \"histogram_quantiles\", got 2" },
        { "sort_by_label(foo, 1)", "1:20: parse error: expected type string in call to function \"sort_by_label\", got scalar" },
        { "label_replace(foo, \"a\", \"b\", \"c\")", "1:1: parse error: expected 5 argument(s) in call to \"label_replace\", got 4" },
        { "absent_over_time(foo)", "1:18: parse error: expected type range vector in call to function \"absent_over_time\", got instant vector" },
        { "clamp(foo, 1)", "1:1: parse error: expected 3 argument(s) in call to \"clamp\", got 2" },
        { "info(foo, bar)", "1:11: parse error: expected label selectors only, got vector selector instead" },
        { "info(foo, {k=\"v\"}[5m])", "1:11: parse error: expected label selectors only, got matrix selector instead" },
        { "count_values(\"a\", \"b\")", "1:19: parse error: expected type instant vector in aggregation expression, got string" },
        { "sum(\"x\")", "1:5: parse error: expected type instant vector in aggregation expression, got string" },
        { "topk(1, foo[5m])", "1:9: parse error: expected type instant vector in aggregation expression, got range vector" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Is_refused_with_the_expected_message(string query, string expected)
    {
        var result = PromQLParser.Parse(query);

        result.Success.Should().BeFalse();
        result.ErrorMessage.Should().Be(expected);
    }

    /// <summary>The queries of <see cref="Cases"/>, for other test classes.</summary>
    public static IEnumerable<string> Queries => Cases.Select(row => (string)row[0]);

    // ---- Differences from Prometheus, kept visible as skipped tests ------------------------------
    // Each expectation below is what Prometheus 3.x reports (its parser test table); the library
    // refuses the query too, but with another position or wording.

    private static void AssertPrometheusMessage(string query, string expected) =>
        PromQLParser.Parse(query).ErrorMessage.Should().Be(expected);

    [Fact]
    public void Offset_on_a_number_is_reported_at_the_number() =>
        AssertPrometheusMessage("1 offset 1d", "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");

    [Fact]
    public void Repeated_offset_is_reported_at_the_selector() =>
        AssertPrometheusMessage("foo offset 1s offset 2s", "1:1: parse error: offset may not be set multiple times");

    [Fact]
    public void Repeated_at_is_reported_at_the_selector() =>
        AssertPrometheusMessage("foo[5m] @ 1 @ 2", "1:1: parse error: @ <timestamp> may not be set multiple times");

    [Fact]
    public void At_on_a_number_is_reported_at_the_number() =>
        AssertPrometheusMessage("1 @ 10", "1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery");

    [Theory]
    [InlineData("foo @ +Inf", "1:1: parse error: timestamp out of bounds for @ modifier: +Inf")]
    [InlineData("foo @ -Inf", "1:1: parse error: timestamp out of bounds for @ modifier: -Inf")]
    [InlineData("foo @ NaN", "1:1: parse error: timestamp out of bounds for @ modifier: NaN")]
    public void At_infinity_is_reported_at_the_selector(string query, string expected) =>
        AssertPrometheusMessage(query, expected);

    [Fact]
    public void Subquery_of_a_range_vector_names_the_type_matrix() =>
        AssertPrometheusMessage("foo[5m:][5m:]", "1:1: parse error: subquery is only allowed on instant vector, got matrix instead");

    [Fact]
    public void Unclosed_regex_group_quotes_the_pattern_as_written() =>
        AssertPrometheusMessage("foo{a=~\"(a\"}", "1:5: parse error: error parsing regexp: missing closing ): `(a`");

    [Theory]
    [InlineData("}", "1:1: parse error: unexpected character: '}'")]
    [InlineData("some}", "1:5: parse error: unexpected character: '}'")]
    [InlineData("some_metric{a=b}", "1:15: parse error: unexpected identifier \"b\" in label matching, expected string")]
    [InlineData("foo{gibberish}", "1:14: parse error: unexpected \"}\" in label matching, expected label matching operator")]
    [InlineData("foo{,}", "1:5: parse error: unexpected \",\" in label matching, expected identifier or \"}\"")]
    [InlineData("foo{__name__=\"bar\" lol}", "1:20: parse error: unexpected identifier \"lol\" in label matching, expected \",\" or \"}\"")]
    [InlineData("foo{\"a\"=}", "1:9: parse error: unexpected \"}\" in label matching, expected string")]
    public void Grammar_errors_use_Prometheus_wording(string query, string expected) =>
        AssertPrometheusMessage(query, expected);
}
