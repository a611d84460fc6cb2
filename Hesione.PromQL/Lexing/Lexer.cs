using System.Text;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Parsing;

namespace Hesione.PromQL.Lexing;

/// <summary>
/// Turns a query into tokens, tracking whether it is inside braces (label matchers) or brackets
/// (ranges and subqueries) as Prometheus's lexer does. Stops at the first error.
/// </summary>
internal sealed class Lexer
{
    private readonly string _input;
    private readonly List<Token> _tokens;
    private int _pos;
    private int _bytePos;
    private int _byteCountedTo;
    private int _parenDepth;
    private bool _insideBraces;
    private bool _insideBrackets;

    private readonly bool _ascii;

    private Lexer(string input, List<Token> tokens)
    {
        _input = input;
        _tokens = tokens;
        _ascii = System.Text.Ascii.IsValid(input);
    }

    /// <summary>Lexes the whole input into <paramref name="tokens"/>; returns an error or null.</summary>
    public static ParseError? Tokenize(string input, List<Token> tokens)
    {
        tokens.Clear();
        var lexer = new Lexer(input, tokens);
        var error = lexer.Run();
        if (error is null)
        {
            var end = lexer.ByteOffset(input.Length);
            tokens.Add(new Token(TokenKind.EndOfInput, input.Length, input.Length, end, end, ""));
        }
        return error;
    }

    private ParseError? Run()
    {
        while (true)
        {
            SkipWhitespaceAndComments();
            if (_pos >= _input.Length)
            {
                if (_insideBraces) return Error(_pos, "unexpected end of input inside braces");
                if (_insideBrackets) return Error(_pos, "unclosed left bracket");
                if (_parenDepth > 0) return Error(_pos, "unclosed left parenthesis");
                return null;
            }
            var error = _insideBraces ? LexInsideBraces() : LexStatement();
            if (error is not null) return error;
        }
    }

    private void SkipWhitespaceAndComments()
    {
        while (_pos < _input.Length)
        {
            var c = _input[_pos];
            if (c is ' ' or '\t' or '\n' or '\r') _pos++;
            else if (c == '#' && !_insideBrackets)
                while (_pos < _input.Length && _input[_pos] != '\n') _pos++;
            else return;
        }
    }

    private ParseError? LexStatement()
    {
        var start = _pos;
        var c = _input[_pos];
        switch (c)
        {
            case ',': return Emit(TokenKind.Comma, start, 1);
            case '(':
                _parenDepth++;
                return Emit(TokenKind.LeftParen, start, 1);
            case ')':
                if (_parenDepth == 0) return Error(start, "unexpected right parenthesis ')'");
                _parenDepth--;
                return Emit(TokenKind.RightParen, start, 1);
            case '{':
                if (_insideBrackets) return Error(start, "unexpected left brace '{' inside brackets");
                _insideBraces = true;
                return Emit(TokenKind.LeftBrace, start, 1);
            case '}': return Error(start, "unexpected character: '}'");
            case '[':
                if (_insideBrackets) return Error(start, "unexpected left bracket '['");
                _insideBrackets = true;
                return Emit(TokenKind.LeftBracket, start, 1);
            case ']':
                if (!_insideBrackets) return Error(start, "unexpected right bracket ']'");
                _insideBrackets = false;
                return Emit(TokenKind.RightBracket, start, 1);
            case ':' when _insideBrackets: return Emit(TokenKind.Colon, start, 1);
            case '+': return Emit(TokenKinds.Of(BinaryOp.Add), start, 1);
            case '-': return Emit(TokenKinds.Of(BinaryOp.Sub), start, 1);
            case '*': return Emit(TokenKinds.Of(BinaryOp.Mul), start, 1);
            case '/': return Emit(TokenKinds.Of(BinaryOp.Div), start, 1);
            case '%': return Emit(TokenKinds.Of(BinaryOp.Mod), start, 1);
            case '^': return Emit(TokenKinds.Of(BinaryOp.Pow), start, 1);
            case '@': return Emit(TokenKind.At, start, 1);
            case '=':
                if (Peek(1) == '=') return Emit(TokenKinds.Of(BinaryOp.Eql), start, 2);
                if (Peek(1) == '~') return Error(start + 1, "unexpected character after '=': '~'");
                return Emit(TokenKind.Assign, start, 1);
            case '!':
                if (Peek(1) == '=') return Emit(TokenKinds.Of(BinaryOp.Neq), start, 2);
                return Error(start + 1, $"unexpected character after '!': {QuoteRune(start + 1)}");
            case '<': return Peek(1) switch
            {
                '=' => Emit(TokenKinds.Of(BinaryOp.Lte), start, 2),
                '/' => Emit(TokenKinds.Of(BinaryOp.TrimUpper), start, 2),
                _ => Emit(TokenKinds.Of(BinaryOp.Lss), start, 1),
            };
            case '>': return Peek(1) switch
            {
                '=' => Emit(TokenKinds.Of(BinaryOp.Gte), start, 2),
                '/' => Emit(TokenKinds.Of(BinaryOp.TrimLower), start, 2),
                _ => Emit(TokenKinds.Of(BinaryOp.Gtr), start, 1),
            };
            case '"' or '\'': return LexQuotedString(c);
            case '`': return LexRawString();
        }
        if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) return LexNumberOrDuration();
        if (IsAlpha(c) || c == ':') return LexKeywordOrIdentifier();
        return Error(start, $"unexpected character: {QuoteRune(start)}");
    }

    private ParseError? LexInsideBraces()
    {
        var start = _pos;
        var c = _input[_pos];
        switch (c)
        {
            case ',': return Emit(TokenKind.Comma, start, 1);
            case '}':
                _insideBraces = false;
                return Emit(TokenKind.RightBrace, start, 1);
            case '{': return Error(start, "unexpected left brace '{'");
            case '"' or '\'': return LexQuotedString(c);
            case '`': return LexRawString();
            case '=': return Peek(1) == '~' ? Emit(TokenKind.EqlRegex, start, 2) : Emit(TokenKind.Assign, start, 1);
            case '!':
                if (Peek(1) == '~') return Emit(TokenKind.NeqRegex, start, 2);
                if (Peek(1) == '=') return Emit(TokenKinds.Of(BinaryOp.Neq), start, 2);
                return Error(start + 1, $"unexpected character after '!' inside braces: {QuoteRune(start + 1)}");
        }
        if (IsAlpha(c))
        {
            while (_pos < _input.Length && IsAlphaNumeric(_input[_pos])) _pos++;
            return EmitText(TokenKind.Identifier, start, _input[start.._pos]);
        }
        return Error(start, $"unexpected character inside braces: {QuoteRune(start)}");
    }

    private ParseError? LexKeywordOrIdentifier()
    {
        var start = _pos;
        while (_pos < _input.Length && (IsAlphaNumeric(_input[_pos]) || _input[_pos] == ':')) _pos++;
        var word = _input.AsSpan(start, _pos - start);
        if (word.Contains(':')) return EmitText(TokenKind.MetricIdentifier, start, word.ToString());
        if (word.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Equals("nan", StringComparison.OrdinalIgnoreCase))
            return EmitText(TokenKind.Number, start, word.ToString());
        if (Keywords.TryGet(word, out var kind)) return EmitText(kind, start, word.ToString());
        return EmitText(TokenKind.Identifier, start, word.ToString());
    }

    private ParseError? LexNumberOrDuration()
    {
        var start = _pos;
        if (ScanNumber())
            return EmitText(TokenKind.Number, start, _input[start.._pos]);
        if (AcceptRemainingDuration())
            return EmitText(TokenKind.Duration, start, _input[start.._pos]);
        return Error(start, $"bad number or duration syntax: {Printing.GoQuoting.Quote(_input[start..Math.Min(_pos + 1, _input.Length)])}");
    }

    /// <summary>Scans <c>[0x]digits[_digits][.digits][e[+-]digits]</c>; true when no letter follows it.</summary>
    private bool ScanNumber()
    {
        var hex = false;
        if (Peek(0) == '0' && (Peek(1) is 'x' or 'X'))
        {
            hex = true;
            _pos += 2;
            if (Peek(0) == '_') _pos++;
        }
        ScanDigits(hex);
        if (!hex && Peek(0) == '.')
        {
            _pos++;
            ScanDigits(false);
        }
        if (!hex && Peek(0) is 'e' or 'E' && (IsDigit(Peek(1)) || (Peek(1) is '+' or '-' && IsDigit(Peek(2)))))
        {
            _pos += Peek(1) is '+' or '-' ? 2 : 1;
            ScanDigits(false);
        }
        return !IsAlphaNumeric(Peek(0)) && Peek(0) != '.';
    }

    private void ScanDigits(bool hex)
    {
        while (true)
        {
            var c = Peek(0);
            if (IsDigit(c) || (hex && IsHexLetter(c))) _pos++;
            else if (c == '_' && (IsDigit(Peek(1)) || (hex && IsHexLetter(Peek(1)))) && _pos > 0 && (IsDigit(_input[_pos - 1]) || (hex && IsHexLetter(_input[_pos - 1]))))
                _pos++;
            else return;
        }
    }

    /// <summary>After a number, accepts unit letters and further number+unit groups (e.g. <c>1h30m</c>); exact validity is checked when parsed.</summary>
    private bool AcceptRemainingDuration()
    {
        if (Peek(0) is not ('s' or 'm' or 'h' or 'd' or 'w' or 'y')) return false;
        _pos++;
        if (Peek(0) == 's') _pos++;
        while (IsDigit(Peek(0)))
        {
            while (IsDigit(Peek(0))) _pos++;
            if (Peek(0) is not ('s' or 'm' or 'h' or 'd' or 'w')) return false;
            _pos++;
            if (Peek(0) == 's') _pos++;
        }
        return !IsAlphaNumeric(Peek(0));
    }

    private ParseError? LexQuotedString(char quote)
    {
        var start = _pos;
        _pos++;
        while (true)
        {
            if (_pos >= _input.Length || _input[_pos] == '\n') return Error(start, "unterminated quoted string");
            var c = _input[_pos];
            if (c == '\\')
            {
                _pos += 2;
                continue;
            }
            _pos++;
            if (c == quote) break;
        }
        var raw = _input.AsSpan(start, _pos - start);
        if (!GoStringUnquoter.TryUnquote(raw, out var value, out var problem))
            return Error(start, $"error unquoting string {Printing.GoQuoting.Quote(raw.ToString())}: {problem}");
        return EmitText(TokenKind.String, start, value);
    }

    private ParseError? LexRawString()
    {
        var start = _pos;
        var close = _input.IndexOf('`', _pos + 1);
        if (close < 0) return Error(start, "unterminated raw string");
        _pos = close + 1;
        return EmitText(TokenKind.String, start, _input.Substring(start + 1, close - start - 1).Replace("\r", "", StringComparison.Ordinal));
    }

    private ParseError? Emit(TokenKind kind, int start, int length)
    {
        _pos = start + length;
        return EmitText(kind, start, Keywords.Spelling(kind) ?? "");
    }

    private ParseError? EmitText(TokenKind kind, int start, string text)
    {
        var byteStart = ByteOffset(start);
        _tokens.Add(new Token(kind, start, _pos, byteStart, ByteOffset(_pos), text));
        return null;
    }

    /// <summary>UTF-8 byte offset of a char index; callers ask for increasing indexes, so counting is incremental.</summary>
    private int ByteOffset(int charIndex)
    {
        if (_ascii) return charIndex;
        if (charIndex < _byteCountedTo)
        {
            _byteCountedTo = 0;
            _bytePos = 0;
        }
        _bytePos += Encoding.UTF8.GetByteCount(_input.AsSpan(_byteCountedTo, charIndex - _byteCountedTo));
        _byteCountedTo = charIndex;
        return _bytePos;
    }

    private ParseError Error(int charIndex, string message) => new(ByteOffset(Math.Min(charIndex, _input.Length)), message);

    private char Peek(int ahead) => _pos + ahead < _input.Length ? _input[_pos + ahead] : '\0';

    private string QuoteRune(int index)
    {
        if (index >= _input.Length) return "'\\x00'";
        var rune = Rune.TryGetRuneAt(_input, index, out var r) ? r.ToString() : _input[index].ToString();
        return "'" + rune + "'";
    }

    internal static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsHexLetter(char c) => c is >= 'a' and <= 'f' or >= 'A' and <= 'F';

    internal static bool IsAlpha(char c) => c is '_' or >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    internal static bool IsAlphaNumeric(char c) => IsAlpha(c) || IsDigit(c);
}
