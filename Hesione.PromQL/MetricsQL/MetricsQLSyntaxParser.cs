using System.Collections.Immutable;
using System.Globalization;

namespace Hesione.PromQL.MetricsQL;

/// <summary>A MetricsQL syntax error, caught by <see cref="MetricsQLParser"/>.</summary>
internal sealed class MetricsQLSyntaxException(string message, int charOffset = 0) : Exception(message)
{
    /// <summary>Where in the query (in UTF-16 characters) reading stopped; 0 when not known.</summary>
    public int CharOffset { get; } = charOffset;
}

/// <summary>
/// Reads MetricsQL text into the written tree (<see cref="Syn"/>), with MetricsQL's decisions: which token
/// starts what, operator priorities by re-balancing, <c>keep_metric_names</c>, <c>limit</c>, <c>prefix</c>,
/// rollup suffixes on any expression, durations as values, and WITH templates kept for expansion.
/// </summary>
internal sealed partial class MetricsQLSyntaxParser
{
    private readonly MetricsQLLexer _lex;
    private readonly int _maxDepth;
    private readonly int _maxOperators;
    private int _depth;

    private MetricsQLSyntaxParser(string text, int maxDepth, int maxOperators)
    {
        _lex = new MetricsQLLexer(text);
        _maxDepth = maxDepth;
        _maxOperators = maxOperators;
    }

    /// <summary>Parses a whole query.</summary>
    public static Syn ParseQuery(string text, int maxDepth, int maxOperators)
    {
        var p = new MetricsQLSyntaxParser(text, maxDepth, maxOperators);
        p.Next();
        Syn e;
        try
        {
            e = p.ParseExpr();
        }
        catch (MetricsQLSyntaxException ex)
        {
            throw new MetricsQLSyntaxException($"{ex.Message}; unparsed data: {GoQuote(p._lex.Context)}", p._lex.ContextStart);
        }
        if (p.Token.Length != 0) throw new MetricsQLSyntaxException($"unparsed data left: {GoQuote(p._lex.Context)}", p._lex.ContextStart);
        return e;
    }

    /// <summary>Parses one <c>name(params) = body</c> (the built-in templates).</summary>
    public static Template ParseTemplate(string text)
    {
        var p = new MetricsQLSyntaxParser(text, 256, 4096);
        p.Next();
        return p.ParseTemplate();
    }

    private static string GoQuote(string s) => Printing.GoQuoting.Quote(s.Length > 200 ? s[..200] : s);

    private string Token => _lex.Token;

    private void Next()
    {
        if (!_lex.Next()) throw new MetricsQLSyntaxException(_lex.Error!);
    }

    private static MetricsQLSyntaxException Unexpected(string where, string token, string want) =>
        new($"{where}: unexpected token {GoQuote(token)}; want {want}");

    private static bool IsWith(string token) => token.Equals("with", StringComparison.OrdinalIgnoreCase);

    private static bool IsOffset(string token) => token.Equals("offset", StringComparison.OrdinalIgnoreCase);

    private static bool IsKeepMetricNames(string token) => token.Equals("keep_metric_names", StringComparison.OrdinalIgnoreCase);

    private static bool IsStringPrefix(string token) => token.Length > 0 && token[0] is '"' or '\'' or '`';

    private static bool IsIdent(string token) => MetricsQLIdent.IsIdentPrefix(token, 0);

    private SynWith ParseWith()
    {
        Next();
        if (Token != "(") throw Unexpected("withExpr", Token, "\"(\"");
        var templates = ParseListItems(static parser => parser.ParseTemplate(), "withExpr", "\",\", \")\"");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in templates)
            if (!names.Add(t.Name)) throw new MetricsQLSyntaxException($"duplicate `with` arg name for: {t.Name}");
        Next();
        return new SynWith(templates.ToImmutable(), ParseExpr());
    }

    private Template ParseTemplate()
    {
        if (!IsIdent(Token)) throw Unexpected("withArgExpr", Token, "\"ident\"");
        var name = MetricsQLIdent.Unescape(Token);
        Next();
        ImmutableArray<string> parameters = [];
        if (Token == "(")
        {
            parameters = ParseIdentList(allowStar: false);
            if (parameters.Distinct(StringComparer.Ordinal).Count() != parameters.Length)
                throw new MetricsQLSyntaxException($"withArgExpr: duplicate func arg found in {GoQuote(name)}");
        }
        if (Token != "=") throw Unexpected("withArgExpr", Token, "\"=\"");
        Next();
        return new Template(name, parameters, ParseExpr());
    }

    private Syn ParseExpr()
    {
        var e = ParseSingleExpr();
        if (!MetricsQLOperators.IsBinaryOp(Token)) return e;
        var chain = new OperatorChain(e);
        var operators = 0;
        while (MetricsQLOperators.IsBinaryOp(Token))
        {
            if (++operators > _maxOperators)
                throw new MetricsQLSyntaxException($"expression is nested too deeply: more than {_maxOperators} operators in a row");
            var op = Token.ToLowerInvariant();
            Next();
            var isBool = false;
            SynModifier? group = null, join = null;
            SynString? prefix = null;
            if (MetricsQLOperators.IsBoolModifier(Token))
            {
                if (!MetricsQLOperators.IsComparison(op)) throw new MetricsQLSyntaxException($"bool modifier cannot be applied to {GoQuote(op)}");
                isBool = true;
                Next();
            }
            if (MetricsQLOperators.IsGroupModifier(Token))
            {
                group = ParseModifier(allowStar: false);
                if (MetricsQLOperators.IsJoinModifier(Token))
                {
                    if (MetricsQLOperators.IsSetOperator(op)) throw new MetricsQLSyntaxException($"modifier {GoQuote(Token)} cannot be applied to {GoQuote(op)}");
                    join = ParseModifier(allowStar: true);
                    if (MetricsQLOperators.IsPrefixModifier(Token))
                    {
                        Next();
                        prefix = ParseStringExpr();
                    }
                }
            }
            var right = ParseSingleExpr();
            var keep = false;
            if (IsKeepMetricNames(Token))
            {
                keep = true;
                Next();
            }
            chain.Add(new SynBinary(op, e, right) { Bool = isBool, Group = group, Join = join, Prefix = prefix, KeepMetricNames = keep }, right);
        }
        return chain.Build();
    }

    private Syn ParseSingleExpr()
    {
        if (++_depth > _maxDepth) throw new MetricsQLSyntaxException($"expression is nested too deeply: the limit is {_maxDepth} levels");
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        try
        {
            if (IsWith(Token))
            {
                var ok = _lex.Next();
                var next = _lex.Token;
                _lex.Prev();
                if (ok && next == "(") return ParseWith();
            }
            var e = ParseSingleExprWithoutRollupSuffix();
            return Token == "[" || Token == "@" || IsOffset(Token) ? ParseRollup(e) : e;
        }
        finally
        {
            _depth--;
        }
    }

    private Syn ParseSingleExprWithoutRollupSuffix()
    {
        if (MetricsQLNumbers.IsPositiveDuration(Token)) return ParsePositiveDuration();
        if (IsStringPrefix(Token)) return ParseStringExpr();
        if (MetricsQLNumbers.IsPositiveNumberPrefix(Token, 0) || MetricsQLNumbers.IsInfOrNaN(Token)) return ParseNumber();
        if (IsIdent(Token)) return ParseIdentExpr();
        if (Token.Length > 1 && Token[0] == '$')
        {
            var variable = new SynVariable(Token);
            Next();
            return variable;
        }
        switch (Token)
        {
            case "(":
                return ParseParens();
            case "{":
                return ParseSelector();
            case "-":
                {
                    Next();
                    var operand = ParseSingleExpr();
                    return new SynBinary("-", new SynNumber(0, ""), operand);
                }
            case "+":
                Next();
                return ParseSingleExpr();
            default:
                throw Unexpected("singleExpr", Token, "\"(\", \"{\", \"-\", \"+\"");
        }
    }

    private SynNumber ParseNumber()
    {
        var text = Token;
        if (!MetricsQLNumbers.TryParsePositiveNumber(text, out var value))
            throw new MetricsQLSyntaxException($"positiveNumberExpr: cannot parse {GoQuote(text)}");
        Next();
        return new SynNumber(value, text);
    }

    private SynString ParseStringExpr()
    {
        var tokens = ImmutableArray.CreateBuilder<string>();
        while (true)
        {
            if (!IsStringPrefix(Token) && !IsIdent(Token)) throw Unexpected("StringExpr", Token, "\"string\"");
            tokens.Add(Token);
            Next();
            if (Token != "+") return new SynString(tokens.ToImmutable(), null);
            Next();
            if (IsStringPrefix(Token)) continue;
            if (!IsIdent(Token))
            {
                _lex.Prev();
                return new SynString(tokens.ToImmutable(), null);
            }
            Next();
            if (Token is "(" or "{")
            {
                _lex.Prev();
                _lex.Prev();
                return new SynString(tokens.ToImmutable(), null);
            }
            _lex.Prev();
        }
    }

    private Syn ParseParens()
    {
        var items = ParseListItems(static parser => parser.ParseExpr(), "parensExpr", "\",\" or \")\"");
        Next();
        if (items.Count == 1 && items[0] is SynBinary be && IsKeepMetricNames(Token))
        {
            Next();
            items[0] = be with { KeepMetricNames = true };
        }
        return new SynParens(items.ToImmutable());
    }

    private SynAggregate ParseAggregate()
    {
        var name = MetricsQLIdent.Unescape(Token).ToLowerInvariant();
        Next();
        SynModifier? modifier = null;
        if (IsIdent(Token))
        {
            if (!MetricsQLOperators.IsAggregateModifier(Token)) throw Unexpected("AggrFuncExpr", Token, "aggregate func modifier");
            modifier = ParseModifier(allowStar: false);
        }
        else if (Token != "(")
        {
            throw Unexpected("AggrFuncExpr", Token, "\"(\"");
        }
        var args = ParseArgList();
        if (modifier is null && MetricsQLOperators.IsAggregateModifier(Token)) modifier = ParseModifier(allowStar: false);
        var limit = 0;
        if (Token.Equals("limit", StringComparison.OrdinalIgnoreCase))
        {
            Next();
            if (!TryParseGoAtoi(Token, out limit)) throw new MetricsQLSyntaxException($"cannot parse limit {GoQuote(Token)}");
            Next();
        }
        return new SynAggregate(name, args, modifier, limit);
    }

    /// <summary>Go's <c>strconv.Atoi</c>: an optional sign and decimal digits that fit in 64 bits.</summary>
    private static bool TryParseGoAtoi(string s, out int value)
    {
        value = 0;
        if (s.Length == 0 || !s.TrimStart('+', '-').All(char.IsAsciiDigit) || s.TrimStart('+', '-').Length == 0 || s.Length - s.TrimStart('+', '-').Length > 1) return false;
        if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) return false;
        value = (int)Math.Clamp(v, int.MinValue, int.MaxValue);
        return true;
    }

    private SynCall ParseCall()
    {
        var name = MetricsQLIdent.Unescape(Token);
        Next();
        if (Token != "(") throw Unexpected("FuncExpr", Token, "\"(\"");
        var args = ParseArgList();
        var keep = false;
        if (IsKeepMetricNames(Token))
        {
            keep = true;
            Next();
        }
        return new SynCall(name, args, keep);
    }

    private SynModifier ParseModifier(bool allowStar)
    {
        if (!IsIdent(Token)) throw Unexpected("ModifierExpr", Token, "\"ident\"");
        var op = Token.ToLowerInvariant();
        Next();
        if (MetricsQLOperators.IsJoinModifier(op) && Token != "(") return new SynModifier(op, []);
        return new SynModifier(op, ParseIdentList(allowStar, allowQuoted: true));
    }

    private ImmutableArray<string> ParseIdentList(bool allowStar, bool allowQuoted = false)
    {
        if (Token != "(") throw Unexpected("identList", Token, "\"(\"");
        Next();
        if (allowStar && Token == "*")
        {
            Next();
            if (Token != ")") throw Unexpected("identList", Token, "\")\" after \"*\"");
            Next();
            return ["*"];
        }
        var idents = ImmutableArray.CreateBuilder<string>();
        while (true)
        {
            if (Token == ")")
            {
                Next();
                return idents.ToImmutable();
            }
            if (allowQuoted && IsStringPrefix(Token)) idents.Add(UnquoteName(Token));
            else if (IsIdent(Token)) idents.Add(MetricsQLIdent.Unescape(Token));
            else throw Unexpected("identList", Token, "\"ident\"");
            Next();
            switch (Token)
            {
                case ",":
                    Next();
                    break;
                case ")":
                    continue;
                default:
                    throw Unexpected("identList", Token, "\",\", \")\"");
            }
        }
    }

    private ImmutableArray<Syn> ParseArgList()
    {
        if (Token != "(") throw Unexpected("argList", Token, "\"(\"");
        var args = ParseListItems(static parser => parser.ParseExpr(), "argList", "\",\", \")\"");
        Next();
        return args.ToImmutable();
    }

    /// <summary>
    /// The items of a list in parentheses, the current token being its <c>(</c>: items separated by commas, a comma
    /// allowed after the last. Stops on the <c>)</c>; <paramref name="context"/> and <paramref name="expected"/> word the error.
    /// </summary>
    private ImmutableArray<T>.Builder ParseListItems<T>(Func<MetricsQLSyntaxParser, T> parseItem, string context, string expected)
    {
        var items = ImmutableArray.CreateBuilder<T>();
        while (true)
        {
            Next();
            if (Token == ")") return items;
            items.Add(parseItem(this));
            if (Token == ",") continue;
            if (Token == ")") return items;
            throw Unexpected(context, Token, expected);
        }
    }

    private Syn ParseIdentExpr()
    {
        Next();
        var next = Token;
        _lex.Prev();
        if (next.Length == 0 || IsOffset(next)) return ParseSelector();
        if (IsIdent(next)) return MetricsQLFunctions.IsAggregate(Token) ? ParseAggregate() : ParseSelector();
        if (MetricsQLOperators.IsBinaryOp(next)) return ParseSelector();
        return next switch
        {
            "(" => MetricsQLFunctions.IsAggregate(Token) ? ParseAggregate() : ParseCall(),
            "{" or "[" or ")" or "," or "@" => ParseSelector(),
            _ => throw Unexpected("identExpr", next, "\"(\", \"{\", \"[\", \")\", \",\" or \"@\""),
        };
    }
}
