namespace Hesione.PromQL.Re2;

public static partial class Re2Syntax
{
    // Backslash sequences outside and inside classes, and literal text in \Q...\E.
    private sealed partial class Parser
    {
        // Parses a backslash sequence outside a class at i.
        private int ParseBackslash(int i)
        {
            if (i + 1 < _n)
            {
                switch (_s[i + 1])
                {
                    case 'A':
                        Push(Simple(Kind.BeginText));
                        return i + 2;
                    case 'b':
                        Push(Simple(Kind.WordBoundary));
                        return i + 2;
                    case 'B':
                        Push(Simple(Kind.NoWordBoundary));
                        return i + 2;
                    case 'C':
                        throw Fail(ErrInvalidEscape, _s[i..(i + 2)]);
                    case 'z':
                        Push(Simple(Kind.EndText));
                        return i + 2;
                    case 'Q':
                    {
                        int start = i + 2;
                        int end = _s.IndexOf(@"\E", start, StringComparison.Ordinal);
                        int litEnd = end < 0 ? _n : end;
                        for (int k = start; k < litEnd;)
                        {
                            int cp = ReadLiteralRune(k, litEnd, out int len);
                            PushLiteral(cp);
                            k += len;
                        }

                        return end < 0 ? _n : end + 2;
                    }

                    case 'p':
                    case 'P':
                    {
                        var ranges = new List<(int Lo, int Hi)>();
                        int next = ParseUnicodeClass(i, ranges);
                        Push(MakeClass(Clean(ranges)));
                        return next;
                    }
                }

                if (PerlGroup(_s[i + 1], out var group, out bool negated))
                {
                    var ranges = new List<(int Lo, int Hi)>();
                    AppendGroup(ranges, group, negated);
                    Push(MakeClass(Clean(ranges)));
                    return i + 2;
                }
            }

            int t = i;
            int c = ParseEscape(ref t);
            PushLiteral(c);
            return t;
        }

        // Reads a rune inside \Q...\E; the error expression is the rest of the quoted text, as in Go.
        private int ReadLiteralRune(int k, int litEnd, out int len)
        {
            char c = _s[k];
            if (char.IsHighSurrogate(c) && k + 1 < litEnd && char.IsLowSurrogate(_s[k + 1]))
            {
                len = 2;
                return char.ConvertToUtf32(c, _s[k + 1]);
            }

            if (char.IsSurrogate(c))
            {
                throw Fail(ErrInvalidUtf8, _s[k..litEnd]);
            }

            len = 1;
            return c;
        }

        // Parses an escape denoting a single code point at t (which holds the backslash).
        private int ParseEscape(ref int t)
        {
            int start = t;
            int p = t + 1;
            if (p >= _n)
            {
                throw Fail(ErrTrailingBackslash, string.Empty);
            }

            int c = ReadRune(p, out int len);
            p += len;
            switch (c)
            {
                case >= '1' and <= '7':
                    if (p >= _n || _s[p] < '0' || _s[p] > '7')
                    {
                        break; // a backreference: not supported
                    }

                    goto case '0';
                case '0':
                {
                    int r = c - '0';
                    for (int k = 1; k < 3; k++)
                    {
                        if (p >= _n || _s[p] < '0' || _s[p] > '7')
                        {
                            break;
                        }

                        r = r * 8 + (_s[p] - '0');
                        p++;
                    }

                    t = p;
                    return r;
                }

                case 'x':
                {
                    if (p >= _n)
                    {
                        break;
                    }

                    c = ReadRune(p, out len);
                    p += len;
                    if (c == '{')
                    {
                        int nhex = 0;
                        int r = 0;
                        while (true)
                        {
                            if (p >= _n)
                            {
                                throw Fail(ErrInvalidEscape, _s[start..p]);
                            }

                            c = ReadRune(p, out len);
                            p += len;
                            if (c == '}')
                            {
                                break;
                            }

                            int v = Unhex(c);
                            if (v < 0)
                            {
                                throw Fail(ErrInvalidEscape, _s[start..p]);
                            }

                            r = r * 16 + v;
                            if (r > MaxRune)
                            {
                                throw Fail(ErrInvalidEscape, _s[start..p]);
                            }

                            nhex++;
                        }

                        if (nhex == 0)
                        {
                            break;
                        }

                        t = p;
                        return r;
                    }

                    int x = Unhex(c);
                    int y = -1;
                    if (p < _n)
                    {
                        c = ReadRune(p, out len);
                        p += len;
                        y = Unhex(c);
                    }

                    if (x < 0 || y < 0)
                    {
                        break;
                    }

                    t = p;
                    return x * 16 + y;
                }

                case 'a':
                    t = p;
                    return 7;
                case 'f':
                    t = p;
                    return '\f';
                case 'n':
                    t = p;
                    return '\n';
                case 'r':
                    t = p;
                    return '\r';
                case 't':
                    t = p;
                    return '\t';
                case 'v':
                    t = p;
                    return '\v';
                default:
                    if (c < 0x80 && !char.IsAsciiLetterOrDigit((char)c))
                    {
                        t = p;
                        return c; // escaped punctuation is itself
                    }

                    break;
            }

            throw Fail(ErrInvalidEscape, _s[start..p]);
        }

        private static int Unhex(int c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
    }
}
