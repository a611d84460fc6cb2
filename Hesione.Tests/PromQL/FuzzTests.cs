using System.Text;
using FluentAssertions;
using Hesione.PromQL.Parsing;
using Xunit;

namespace Hesione.Tests.PromQL;

/// <summary>
/// Random input, from raw characters to soups of PromQL fragments: the parser only ever answers with a
/// tree or a positioned parse error, never an exception, on thread-pool threads. Fixed seeds.
/// </summary>
public partial class FuzzTests
{
    private const int Cases = 12_000;

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d+:\d+: parse error: .+", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex ErrorFormat();

    private static readonly string[] Fragments =
    [
        "foo", "bar", "sum", "by", "without", "(", ")", "{", "}", "[", "]", ",", ":", "=", "!=", "=~", "!~", "\"a\"", "'b'",
        "`c`", "\"\\x\"", "\"\\u00e9\"", "5m", "1h30m", "0s", "1", ".5", "0x1F", "1e3", "Inf", "NaN", "-", "+", "*", "/", "%",
        "^", "==", ">", "<=", "bool", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "atan2", "offset",
        "@", "start()", "end()", "step()", "range()", "min_of", "max_of", "rate", "histogram_quantile", "label_join",
        "topk", "count_values", "info", "anchored", "smoothed", "fill", "fill_left", "fill_right", "</", ">/", "#", "\n",
        " ", "\t", "__name__", "\"my.metric\"", "日本", "é", "\u2028", "\\", "$", "`",
    ];

    private static void AssertTreeOrPositionedError(string query)
    {
        ParseResult<Hesione.PromQL.Ast.Expr> result;
        try
        {
            result = PromQLParser.Parse(query);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"exception {e.GetType().Name} for {Escape(query)}: {e}");
        }
        if (result.Success)
        {
            var printed = result.Value!.ToString();
            PromQLParser.Parse(printed).Success.Should().BeTrue($"{Escape(query)} printed as {Escape(printed)}");
        }
        else
        {
            ErrorFormat().IsMatch(result.ErrorMessage!).Should().BeTrue($"{Escape(query)} gave {result.ErrorMessage}");
        }
    }

    private static string Escape(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    [Fact]
    public async Task Random_characters_give_a_tree_or_a_parse_error()
    {
        await Task.Run(() =>
        {
            var random = new Random(20_240_601);
            var sb = new StringBuilder();
            for (var i = 0; i < Cases; i++)
            {
                sb.Clear();
                var length = random.Next(0, 40);
                for (var j = 0; j < length; j++)
                {
                    var kind = random.Next(10);
                    sb.Append(kind switch
                    {
                        < 6 => (char)random.Next(0x20, 0x7f),
                        6 => (char)random.Next(0, 0x20),
                        7 => (char)random.Next(0x80, 0x800),
                        8 => (char)random.Next(0xd800, 0xe000), // lone surrogates
                        _ => (char)random.Next(0x800, 0x10000),
                    });
                }
                AssertTreeOrPositionedError(sb.ToString());
            }
        });
    }

    [Fact]
    public async Task Random_bytes_decoded_as_UTF8_give_a_tree_or_a_parse_error()
    {
        await Task.Run(() =>
        {
            var random = new Random(7);
            var bytes = new byte[48];
            for (var i = 0; i < Cases / 2; i++)
            {
                var length = random.Next(0, bytes.Length);
                random.NextBytes(bytes.AsSpan(0, length));
                AssertTreeOrPositionedError(Encoding.UTF8.GetString(bytes, 0, length));
            }
        });
    }

    [Fact]
    public async Task Token_soup_gives_a_tree_or_a_parse_error()
    {
        await Task.Run(() =>
        {
            var random = new Random(42);
            var sb = new StringBuilder();
            var valid = 0;
            for (var i = 0; i < Cases; i++)
            {
                sb.Clear();
                var count = random.Next(1, 14);
                for (var j = 0; j < count; j++)
                {
                    sb.Append(Fragments[random.Next(Fragments.Length)]);
                    if (random.Next(3) == 0) sb.Append(' ');
                }
                var query = sb.ToString();
                AssertTreeOrPositionedError(query);
                if (PromQLParser.Parse(query).Success) valid++;
            }
            valid.Should().BeGreaterThan(0, "some soups should happen to be valid");
        });
    }

    [Fact]
    public async Task Mutations_of_valid_queries_give_a_tree_or_a_parse_error()
    {
        await Task.Run(() =>
        {
            var random = new Random(1234);
            var seeds = ValidQueryTests.Queries.ToArray();
            for (var i = 0; i < Cases / 2; i++)
            {
                var chars = new StringBuilder(seeds[random.Next(seeds.Length)]);
                var edits = random.Next(1, 4);
                for (var e = 0; e < edits; e++)
                {
                    var at = chars.Length == 0 ? 0 : random.Next(chars.Length);
                    switch (random.Next(3))
                    {
                        case 0 when chars.Length > 0: chars.Remove(at, 1); break;
                        case 1: chars.Insert(at, Fragments[random.Next(Fragments.Length)]); break;
                        default:
                            if (chars.Length > 0) chars[at] = (char)random.Next(0x20, 0x7f);
                            break;
                    }
                }
                AssertTreeOrPositionedError(chars.ToString());
            }
        });
    }
}
