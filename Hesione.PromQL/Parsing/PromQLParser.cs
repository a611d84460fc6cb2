using System.Collections.Immutable;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Checking;
using Hesione.PromQL.Lexing;
using Pidgin;

namespace Hesione.PromQL.Parsing;

/// <summary>
/// Parses and checks PromQL with the accept/reject decisions of the newest Prometheus 3.x parser.
/// Every input, however hostile, gives a <see cref="ParseResult{T}"/>: no exception escapes, and deep
/// nesting is refused with a parse error instead of exhausting the stack. Thread-safe.
/// </summary>
public static class PromQLParser
{
    [ThreadStatic] private static List<Token>? t_tokens;

    /// <summary>Parses and checks an expression with <see cref="PromQLParserOptions.Default"/>.</summary>
    public static ParseResult<Expr> Parse(string query) => Parse(query, PromQLParserOptions.Default);

    /// <summary>Parses and checks an expression.</summary>
    public static ParseResult<Expr> Parse(string query, PromQLParserOptions options)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        var result = ParseUnchecked(query, options, ExpressionGrammar.Query);
        if (result.Error is not null) return ParseResult<Expr>.Fail(result.Error, query);
        var checkError = RunGuarded(() => new TypeChecker(options).Check(result.Value!));
        return checkError is null ? ParseResult<Expr>.Ok(result.Value!, query) : ParseResult<Expr>.Fail(checkError, query);
    }

    /// <summary>
    /// Parses a series selector as used by <c>match[]</c> (e.g. <c>up{job="api"}</c> or <c>{__name__=~"x.*"}</c>):
    /// a vector selector alone, without modifiers, with at least one matcher that does not match the empty string.
    /// </summary>
    public static ParseResult<VectorSelector> ParseSeriesSelector(string selector) => ParseSeriesSelector(selector, PromQLParserOptions.Default);

    /// <summary>Parses a series selector (see <see cref="ParseSeriesSelector(string)"/>).</summary>
    public static ParseResult<VectorSelector> ParseSeriesSelector(string selector, PromQLParserOptions options)
    {
        var parsed = Parse(selector, options);
        if (!parsed.Success) return ParseResult<VectorSelector>.Fail(parsed.Error, selector);
        if (parsed.Value is VectorSelector { Offset: null, At: null, Anchored: false, Smoothed: false } vs)
            return ParseResult<VectorSelector>.Ok(vs, selector);
        return ParseResult<VectorSelector>.Fail(new ParseError(0, $"expected a series selector, got {Describe(parsed.Value)}"), selector);
    }

    private static string Describe(Expr e) => e switch
    {
        VectorSelector => "a vector selector with modifiers",
        MatrixSelector => "a range selector",
        _ => "an expression",
    };

    private readonly record struct Unchecked(Expr? Value, ParseError? Error);

    private static Unchecked ParseUnchecked(string query, PromQLParserOptions options, Parser<Token, Expr> grammar)
    {
        if (query.Length > options.MaxQueryLength)
            return new(null, new ParseError(0, $"query is too long: {query.Length} characters, the limit is {options.MaxQueryLength}"));

        var tokens = t_tokens ??= new List<Token>(64);
        try
        {
            var lexError = Lexer.Tokenize(query, tokens);
            if (lexError is not null) return new(null, lexError);
            if (tokens.Count == 1) return new(null, new ParseError(0, "no expression found in input"));
            if (NestingTooDeep(tokens, options.MaxNestingDepth) is { } deep) return new(null, deep);

            Expr? value = null;
            ParseError? error = RunGuarded(() =>
            {
                var result = grammar.Parse(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tokens));
                if (result.Success)
                {
                    value = result.Value;
                    return null;
                }
                return Translate(result.Error!, tokens);
            });
            if (error is not null) return new(null, error);
            if (tokens.Count > options.MaxTreeDepth && TreeDepth.Exceeds(value!, options.MaxTreeDepth))
                return new(null, new ParseError(0, $"expression is nested too deeply: the limit is {options.MaxTreeDepth} levels"));
            return new(value, null);
        }
        finally
        {
            if (tokens.Capacity > 4096) t_tokens = null;
            else tokens.Clear();
        }
    }

    /// <summary>Runs a recursive step, turning a grammar failure or a nearly exhausted stack into an error.</summary>
    private static ParseError? RunGuarded(Func<ParseError?> step)
    {
        try
        {
            return step();
        }
        catch (ParseFailure failure)
        {
            return failure.Error;
        }
        catch (InsufficientExecutionStackException)
        {
            return new ParseError(0, "expression is nested too deeply");
        }
    }

    private static ParseError? NestingTooDeep(List<Token> tokens, int limit)
    {
        var depth = 0;
        var signRun = 0;
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.LeftParen or TokenKind.LeftBrace or TokenKind.LeftBracket:
                    if (++depth > limit)
                        return new ParseError(token.ByteStart, $"expression is nested too deeply: the limit is {limit} levels of parentheses, brackets and braces");
                    break;
                case TokenKind.RightParen or TokenKind.RightBrace or TokenKind.RightBracket:
                    depth--;
                    break;
            }
            signRun = token.Kind.Operator() is BinaryOp.Add or BinaryOp.Sub or BinaryOp.Pow ? signRun + 1 : 0;
            if (signRun > limit)
                return new ParseError(token.ByteStart, $"expression is nested too deeply: more than {limit} operators in a row");
        }
        return null;
    }

    private static ParseError Translate(ParseError<Token> error, List<Token> tokens)
    {
        var index = Math.Clamp((int)error.ErrorOffset, 0, tokens.Count - 1);
        var token = tokens[index];
        if (error.Message is { } custom) return new ParseError(token.ByteStart, custom);
        var unexpected = error.Unexpected.HasValue ? error.Unexpected.Value : token;
        var message = "unexpected " + unexpected.Describe();
        var expected = error.Expected
            .Select(e => e.Label)
            .Where(l => l is not null && l != "expression")
            .Distinct()
            .ToImmutableArray();
        if (expected.Length > 0 && unexpected.Kind != TokenKind.EndOfInput)
            message += ", expected " + string.Join(" or ", expected);
        return new ParseError(unexpected.ByteStart, message);
    }
}
