namespace Hesione.PromQL.MetricsQL;

/// <summary>
/// MetricsQL's tokenizer: produces token texts on demand with one-token look-back (<see cref="Prev"/>), as
/// the MetricsQL parser needs it. A scanning error is sticky: every later <see cref="Next"/> fails.
/// </summary>
internal sealed class MetricsQLLexer(string source)
{
    private readonly List<string> _previous = [];
    private readonly List<string> _pending = [];
    private int _tail;

    /// <summary>The current token; empty at the end of input.</summary>
    public string Token { get; set; } = "";

    /// <summary>The first scanning error, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>The current token followed by the unread text, for error messages.</summary>
    public string Context => Token + source[Math.Min(_tail, source.Length)..];

    /// <summary>Where <see cref="Context"/> starts in the source (the current token's position when it was just scanned).</summary>
    public int ContextStart => Math.Clamp(_tail - Token.Length, 0, source.Length);

    /// <summary>Moves to the next token; false (with <see cref="Error"/> set) when the text cannot be scanned.</summary>
    public bool Next()
    {
        if (Error is not null) return false;
        _previous.Add(Token);
        if (_pending.Count > 0)
        {
            Token = _pending[^1];
            _pending.RemoveAt(_pending.Count - 1);
            return true;
        }
        var error = Scan(out var token);
        if (error is not null)
        {
            Error = error;
            return false;
        }
        Token = token;
        return true;
    }

    /// <summary>Steps back to the previous token.</summary>
    public void Prev()
    {
        _pending.Add(Token);
        Token = _previous[^1];
        _previous.RemoveAt(_previous.Count - 1);
    }

    /// <summary>Makes <paramref name="head"/> the current token and puts the rest of the last scanned token back into the input.</summary>
    public void PushBack(string head, int restLength)
    {
        Token = head;
        _tail -= restLength;
    }

    private string? Scan(out string token)
    {
        token = "";
        while (true)
        {
            while (_tail < source.Length && IsSpace(source[_tail])) _tail++;
            if (_tail >= source.Length) return null;
            if (source[_tail] != '#') break;
            var newline = source.IndexOf('\n', _tail + 1);
            if (newline < 0)
            {
                _tail = source.Length;
                return null;
            }
            _tail = newline + 1;
        }

        var length = TokenLength(out var error);
        if (error is not null) return error;
        token = source.Substring(_tail, length);
        _tail += length;
        return null;
    }

    private int TokenLength(out string? error)
    {
        error = null;
        var s = source;
        var i = _tail;
        switch (s[i])
        {
            case '{' or '}' or '[' or ']' or '(' or ')' or ',' or '@':
                return 1;
        }
        if (MetricsQLIdent.IsIdentPrefix(s, i)) return MetricsQLIdent.ScanIdent(s, i);
        if (s[i] is '"' or '\'' or '`')
        {
            var n = ScanString(s, i);
            if (n < 0) error = $"cannot find closing quote {s[i]} for the string";
            return n;
        }
        if (MetricsQLOperators.ScanBinaryOpPrefix(s, i) is var op and > 0) return op;
        if (ScanTagFilterOp(s, i) is var tf and > 0) return tf;
        if (MetricsQLNumbers.ScanDuration(s, i) is var d and > 0) return d;
        if (MetricsQLNumbers.IsPositiveNumberPrefix(s, i))
        {
            var n = MetricsQLNumbers.ScanPositiveNumber(s, i, out error);
            return n;
        }
        if (s[i] == '$' && i + 1 < s.Length)
        {
            var n = ScanVariable(s, i);
            if (n < 0) error = "impossible variable name";
            return n;
        }
        error = $"cannot recognize {Printing.GoQuoting.Quote(s[i..Math.Min(s.Length, i + 40)])}";
        return -1;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    private static int ScanString(string s, int start)
    {
        if (s.Length - start < 2) return -1;
        var quote = s[start];
        var i = start + 1;
        while (true)
        {
            var n = s.IndexOf(quote, i);
            if (n < 0) return -1;
            var backslashes = 0;
            while (n - backslashes - 1 >= start && s[n - backslashes - 1] == '\\') backslashes++;
            if (backslashes % 2 == 0) return n + 1 - start;
            i = n + 1;
        }
    }

    private static int ScanTagFilterOp(string s, int i)
    {
        if (i + 1 < s.Length && (s[i], s[i + 1]) is ('=', '~') or ('!', '~') or ('!', '=')) return 2;
        return s[i] == '=' ? 1 : -1;
    }

    private static bool IsVariableChar(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_';

    private static int ScanVariable(string s, int start)
    {
        var i = start + 1;
        var braces = s[i] == '{';
        if (braces) i++;
        while (i < s.Length)
        {
            if (braces)
            {
                if (s[i] == '}')
                {
                    i++;
                    break;
                }
                if (!IsVariableChar(s[i])) return -1;
            }
            else if (!IsVariableChar(s[i]))
            {
                break;
            }
            i++;
        }
        var n = i - start;
        return (braces && n <= 3) || n <= 2 ? -1 : n;
    }
}
