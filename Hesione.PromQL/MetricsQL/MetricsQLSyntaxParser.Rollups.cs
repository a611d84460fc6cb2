namespace Hesione.PromQL.MetricsQL;

/// <summary>Rollup suffixes: windows and steps, <c>offset</c>, <c>@</c>, and durations (or template names standing for them).</summary>
internal sealed partial class MetricsQLSyntaxParser
{
    private (SynDuration? Window, SynDuration? Step, bool InheritStep) ParseWindowAndStep()
    {
        Next();
        SynDuration? window = null;
        if (!Token.StartsWith(':')) window = ParsePositiveDuration();
        SynDuration? step = null;
        var inherit = false;
        if (Token.StartsWith(':'))
        {
            _lex.Token = Token[1..];
            if (Token.Length == 0)
            {
                Next();
                if (Token == "]") inherit = true;
            }
            if (Token != "]") step = ParsePositiveDuration();
        }
        if (Token != "]") throw Unexpected("windowAndStep", Token, "\"]\"");
        Next();
        if (window is { Text: "$__interval" or "$__rate_interval" }) window = null;
        return (window, step, inherit);
    }

    private Syn ParseAt()
    {
        Next();
        return ParseSingleExprWithoutRollupSuffix();
    }

    private SynDuration ParseOffset()
    {
        Next();
        var negative = Token == "-";
        if (negative) Next();
        var d = ParsePositiveDuration();
        return negative ? d with { Text = "-" + d.Text } : d;
    }

    private SynDuration ParsePositiveDuration()
    {
        var s = Token;
        if (IsIdent(s))
        {
            var colon = s.IndexOf(':');
            if (colon >= 0)
            {
                _lex.PushBack(s[..colon], s.Length - colon);
                s = s[..colon];
            }
            Next();
            return new SynDuration(s, IsReference: true);
        }
        if (MetricsQLNumbers.IsPositiveDuration(s))
        {
            Next();
        }
        else
        {
            if (!MetricsQLNumbers.IsPositiveNumberPrefix(s, 0)) throw Unexpected("duration", s, "valid duration");
            ParseNumber();
        }
        if (MetricsQLNumbers.IsGrafanaInterval(s))
            return new SynDuration(s, IsReference: false);
        if (!MetricsQLNumbers.IsValidDurationValue(s)) throw new MetricsQLSyntaxException($"duration: parse value error: {GoQuote(s)}");
        return new SynDuration(s, IsReference: false);
    }

    private SynRollup ParseRollup(Syn arg)
    {
        var re = new SynRollup(arg);
        if (Token == "[")
        {
            var (window, step, inherit) = ParseWindowAndStep();
            re = re with { Window = window, Step = step, InheritStep = inherit };
            if (!IsOffset(Token) && Token != "@") return re;
        }
        if (Token == "@") re = re with { At = ParseAt() };
        if (IsOffset(Token)) re = re with { Offset = ParseOffset() };
        if (Token == "@")
        {
            if (re.At is not null) throw new MetricsQLSyntaxException("duplicate `@` token");
            re = re with { At = ParseAt() };
        }
        return re;
    }
}
