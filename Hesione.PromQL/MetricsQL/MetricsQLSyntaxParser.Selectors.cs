using System.Collections.Immutable;
using Hesione.PromQL.Ast;

namespace Hesione.PromQL.MetricsQL;

/// <summary>Selectors: metric names, braces with or-groups, quoted names, label filters and their values.</summary>
internal sealed partial class MetricsQLSyntaxParser
{
    private SynSelector ParseSelector()
    {
        SynFilter? name = null;
        if (IsIdent(Token))
        {
            name = NameFilter(MetricsQLIdent.Unescape(Token));
            Next();
            if (Token != "{") return new SynSelector([[name]], default);
        }
        return new SynSelector(ParseFilterGroups(name), default);
    }

    private static SynFilter NameFilter(string name) =>
        new(LabelMatcher.MetricNameLabel, SynString.Of(name), Negative: false, Regex: false);

    private ImmutableArray<ImmutableArray<SynFilter>> ParseFilterGroups(SynFilter? name)
    {
        Next();
        if (Token == "}")
        {
            Next();
            return name is null ? [] : [[name]];
        }
        var groups = ImmutableArray.CreateBuilder<ImmutableArray<SynFilter>>();
        while (true)
        {
            // A quoted metric name standing alone first in a group ({"metric", a="1" or "other", b="2"}) names
            // that group; the first group's name also names the groups after it that have none of their own.
            var groupName = name;
            var quoted = false;
            if (IsStringPrefix(Token) && BareNameFollows())
            {
                var own = NameFilter(UnquoteName(Token));
                if (name is not null && groups.Count == 0 && !own.Equals(name))
                    throw new MetricsQLSyntaxException($"metric name {GoQuote(own.Value!.Value!)} conflicts with {GoQuote(name.Value!.Value!)}");
                groupName = own;
                if (groups.Count == 0) name = own;
                quoted = true;
                Next();
                if (Token == ",") Next();
                if (Token == "}" || Token.Equals("or", StringComparison.OrdinalIgnoreCase))
                {
                    groups.Add([own]);
                    var end = Token == "}";
                    Next();
                    if (end) return groups.ToImmutable();
                    continue;
                }
            }
            groups.Add(ParseFilters(groupName, quoted));
            if (Token == "}")
            {
                Next();
                return groups.ToImmutable();
            }
            Next(); // "or"
        }
    }

    /// <summary>Whether the string token is followed by <c>,</c>, <c>}</c> or <c>or</c> (a bare metric name, not a label).</summary>
    private bool BareNameFollows()
    {
        var ok = _lex.Next();
        var after = _lex.Token;
        _lex.Prev();
        return ok && (after is "," or "}" || after.Equals("or", StringComparison.OrdinalIgnoreCase));
    }

    private ImmutableArray<SynFilter> ParseFilters(SynFilter? name, bool quotedName)
    {
        var filters = ImmutableArray.CreateBuilder<SynFilter>();
        if (name is not null) filters.Add(name);
        while (true)
        {
            var filter = ParseFilter();
            if (quotedName && filter.Label == LabelMatcher.MetricNameLabel && !filter.Equals(name))
                throw new MetricsQLSyntaxException("the metric name is given twice");
            filters.Add(filter);
            var lower = Token.ToLowerInvariant();
            if (lower == ",")
            {
                Next();
                if (Token == "}") return filters.ToImmutable();
                continue;
            }
            if (lower is "or" or "}") return filters.ToImmutable();
            throw Unexpected("labelFilters", Token, "\",\", \"or\", \"}\"");
        }
    }

    private SynFilter ParseFilter()
    {
        string label;
        if (IsIdent(Token)) label = MetricsQLIdent.Unescape(Token);
        else if (IsStringPrefix(Token)) label = UnquoteName(Token);
        else throw Unexpected("labelFilterExpr", Token, "\"ident\"");
        Next();
        bool negative = false, regex = false;
        switch (Token.ToLowerInvariant())
        {
            case "=":
                break;
            case "!=":
                negative = true;
                break;
            case "=~":
                regex = true;
                break;
            case "!~":
                negative = regex = true;
                break;
            case "," or "}" or "or":
                return new SynFilter(label, null, false, false);
            default:
                throw Unexpected("labelFilterExpr", Token, "\"=\", \"!=\", \"=~\", \"!~\", \",\", \"or\", \"}\"");
        }
        Next();
        return new SynFilter(label, ParseStringExpr(), negative, regex);
    }

    /// <summary>A quoted label or metric name: a string literal whose byte escapes stand for characters (<c>\xF3</c> is ó).</summary>
    private static string UnquoteName(string token)
    {
        var value = StringLiterals.Unquote(token);
        if (value.Any(c => c is >= '\uDC80' and <= '\uDCFF'))
            value = new string([.. value.Select(c => c is >= '\uDC80' and <= '\uDCFF' ? (char)(c - 0xDC00) : c)]);
        return value;
    }
}
