namespace Hesione.PromQL.Re2;

public static partial class Re2Syntax
{
    // Groups: named captures, flag groups, non-capturing groups.
    private sealed partial class Parser
    {
        // Parses "(?..." at i: named captures, flag groups and non-capturing groups.
        private int ParsePerlFlags(int i)
        {
            int rem = _n - i;
            bool startsWithP = rem > 4 && _s[i + 2] == 'P' && _s[i + 3] == '<';
            bool startsWithName = rem > 3 && _s[i + 2] == '<';
            if (startsWithP || startsWithName)
            {
                int begin = i + (startsWithP ? 4 : 3);
                int end = _s.IndexOf('>', i);
                if (end < 0)
                {
                    CheckUtf8(i, _n);
                    throw Fail(ErrInvalidNamedCapture, _s[i..]);
                }

                CheckUtf8(begin, end);
                string name = _s[begin..end];
                if (!IsValidCaptureName(name))
                {
                    throw Fail(ErrInvalidNamedCapture, _s[i..(end + 1)]);
                }

                _frames.Add(new Frame { SavedFlags = _flags, Capture = true, Name = name });
                return end + 1;
            }

            int t = i + 2;
            int flags = _flags;
            int sign = 1;
            bool sawFlag = false;
            while (t < _n)
            {
                int c = ReadRune(t, out int len);
                t += len;
                switch (c)
                {
                    case 'i':
                        flags |= FoldCase;
                        sawFlag = true;
                        continue;
                    case 'm':
                        flags &= ~OneLine;
                        sawFlag = true;
                        continue;
                    case 's':
                        flags |= DotNl;
                        sawFlag = true;
                        continue;
                    case 'U':
                        flags |= NonGreedy;
                        sawFlag = true;
                        continue;
                    case '-':
                        if (sign < 0)
                        {
                            break;
                        }

                        sign = -1;
                        flags = ~flags;
                        sawFlag = false;
                        continue;
                    case ':':
                    case ')':
                        if (sign < 0)
                        {
                            if (!sawFlag)
                            {
                                break;
                            }

                            flags = ~flags;
                        }

                        if (c == ':')
                        {
                            _frames.Add(new Frame { SavedFlags = _flags, Capture = false });
                        }

                        _flags = flags;
                        return t;
                }

                break;
            }

            throw Fail(ErrInvalidPerlOp, _s[i..t]);
        }

        private static bool IsValidCaptureName(string name)
        {
            if (name.Length == 0)
            {
                return false;
            }

            foreach (char c in name)
            {
                if (c != '_' && !char.IsAsciiLetterOrDigit(c))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
