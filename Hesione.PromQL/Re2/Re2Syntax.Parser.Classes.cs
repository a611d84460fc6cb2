namespace Hesione.PromQL.Re2;

public static partial class Re2Syntax
{
    // Bracketed classes and Unicode classes (\p, \P).
    private sealed partial class Parser
    {
        // Parses \pX, \p{Name}, \PX, \P{^Name} at i, appending its ranges; returns the index after it.
        private int ParseUnicodeClass(int i, List<(int Lo, int Hi)> into)
        {
            bool negate = _s[i + 1] == 'P';
            int t = i + 2;
            string seq;
            string name;
            if (t >= _n)
            {
                seq = _s[i..t];
                name = string.Empty;
            }
            else
            {
                int c = ReadRune(t, out int len);
                t += len;
                if (c != '{')
                {
                    seq = _s[i..t];
                    name = _s[(i + 2)..t];
                }
                else
                {
                    int end = _s.IndexOf('}', i);
                    if (end < 0)
                    {
                        CheckUtf8(i, _n);
                        throw Fail(ErrInvalidCharRange, _s[i..]);
                    }

                    seq = _s[i..(end + 1)];
                    name = _s[(i + 3)..end];
                    CheckUtf8(i + 3, end);
                    t = end + 1;
                }
            }

            if (name.Length > 0 && name[0] == '^')
            {
                negate = !negate;
                name = name[1..];
            }

            if (!UnicodeTables.TryLookup(name, out var table, out bool tableNegated))
            {
                throw Fail(ErrInvalidCharRange, seq);
            }

            if (tableNegated)
            {
                negate = !negate;
            }

            List<(int Lo, int Hi)> set = (_flags & FoldCase) != 0 ? CaseFolding.Fold(table) : Clean([.. table]);
            into.AddRange(negate ? Negate(set) : set);
            return t;
        }

        private void AppendGroup(List<(int Lo, int Hi)> into, (int Lo, int Hi)[] group, bool negated)
        {
            List<(int Lo, int Hi)> set = (_flags & FoldCase) != 0 ? CaseFolding.Fold(group) : Clean([.. group]);
            into.AddRange(negated ? Negate(set) : set);
        }

        // Parses a bracketed class at i; returns the index after the closing ].
        private int ParseClass(int i)
        {
            int start = i;
            int t = i + 1;
            var ranges = new List<(int Lo, int Hi)>();
            bool negate = false;
            if (t < _n && _s[t] == '^')
            {
                negate = true;
                t++;
            }

            bool fold = (_flags & FoldCase) != 0;
            bool first = true;
            while (t >= _n || _s[t] != ']' || first)
            {
                first = false;

                if (_n - t > 2 && _s[t] == '[' && _s[t + 1] == ':')
                {
                    int close = _s.IndexOf(":]", t + 2, StringComparison.Ordinal);
                    if (close >= 0)
                    {
                        string name = _s[t..(close + 2)];
                        if (!PosixGroup(name, out var group, out bool negated))
                        {
                            throw Fail(ErrInvalidCharRange, name);
                        }

                        AppendGroup(ranges, group, negated);
                        t = close + 2;
                        continue;
                    }
                }

                if (t + 1 < _n && _s[t] == '\\')
                {
                    if (_s[t + 1] == 'p' || _s[t + 1] == 'P')
                    {
                        t = ParseUnicodeClass(t, ranges);
                        continue;
                    }

                    if (PerlGroup(_s[t + 1], out var group, out bool negated))
                    {
                        AppendGroup(ranges, group, negated);
                        t += 2;
                        continue;
                    }
                }

                int rangeStart = t;
                int lo = ParseClassChar(ref t, start);
                int hi = lo;
                if (_n - t >= 2 && _s[t] == '-' && _s[t + 1] != ']')
                {
                    t++;
                    hi = ParseClassChar(ref t, start);
                    if (hi < lo)
                    {
                        throw Fail(ErrInvalidCharRange, _s[rangeStart..t]);
                    }
                }

                if (fold)
                {
                    ranges.AddRange(CaseFolding.Fold([(lo, hi)]));
                }
                else
                {
                    ranges.Add((lo, hi));
                }
            }

            t++; // the closing ]
            var set = Clean(ranges);
            Push(MakeClass(negate ? Negate(set) : set));
            return t;
        }

        private int ParseClassChar(ref int t, int classStart)
        {
            if (t >= _n)
            {
                throw Fail(ErrMissingBracket, _s[classStart..]);
            }

            if (_s[t] == '\\')
            {
                return ParseEscape(ref t);
            }

            int c = ReadRune(t, out int len);
            t += len;
            return c;
        }
    }
}
