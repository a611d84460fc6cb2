namespace Hesione.PromQL.Re2;

// The iterative RE2 parser: frames, node construction with Go's size and height limits, repetition.
public static partial class Re2Syntax
{
    private sealed partial class Parser(string s)
    {
        private readonly string _s = s;
        private readonly int _n = s.Length;
        private readonly List<Frame> _frames = [new Frame()];
        private int _flags = OneLine;

        private Frame Top => _frames[^1];

        private static ParseError Fail(string code, string expr) => new(Prefix + code + ": `" + expr + "`");

        public Node Parse()
        {
            int i = 0;
            int lastRepeat = -1;
            while (i < _n)
            {
                int repeat = -1;
                char ch = _s[i];
                switch (ch)
                {
                    case '(':
                        if (i + 1 < _n && _s[i + 1] == '?')
                        {
                            i = ParsePerlFlags(i);
                            break;
                        }

                        _frames.Add(new Frame { SavedFlags = _flags, Capture = true });
                        i++;
                        break;
                    case '|':
                        Top.Alternatives.Add(MakeConcat(Top.Items));
                        Top.Items = [];
                        i++;
                        break;
                    case ')':
                        if (_frames.Count == 1)
                        {
                            throw Fail(ErrUnexpectedParen, _s);
                        }

                        CloseFrame();
                        i++;
                        break;
                    case '^':
                        Push(Simple((_flags & OneLine) != 0 ? Kind.BeginText : Kind.BeginLine));
                        i++;
                        break;
                    case '$':
                        Push(Simple((_flags & OneLine) != 0 ? Kind.EndText : Kind.EndLine));
                        i++;
                        break;
                    case '.':
                        Push(MakeClass((_flags & DotNl) != 0 ? [(0, MaxRune)] : [(0, '\n' - 1), ('\n' + 1, MaxRune)]));
                        i++;
                        break;
                    case '[':
                        i = ParseClass(i);
                        break;
                    case '*':
                    case '+':
                    case '?':
                    {
                        var kind = ch == '*' ? Kind.Star : ch == '+' ? Kind.Plus : Kind.Quest;
                        int after = Repeat(kind, 0, 0, i, i + 1, lastRepeat);
                        repeat = i;
                        i = after;
                        break;
                    }

                    case '{':
                    {
                        if (!ParseRepeat(i, out int min, out int max, out int after))
                        {
                            PushLiteral('{');
                            i++;
                            break;
                        }

                        if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max))
                        {
                            throw Fail(ErrInvalidRepeatSize, _s[i..after]);
                        }

                        after = Repeat(Kind.Repeat, min, max, i, after, lastRepeat);
                        repeat = i;
                        i = after;
                        break;
                    }

                    case '\\':
                        i = ParseBackslash(i);
                        break;
                    default:
                    {
                        int cp = ReadRune(i, out int len);
                        PushLiteral(cp);
                        i += len;
                        break;
                    }
                }

                lastRepeat = repeat;
            }

            if (_frames.Count != 1)
            {
                throw Fail(ErrMissingParen, _s);
            }

            return FinishFrame(Top);
        }

        // Reads the code point at i; a lone surrogate is Go's invalid UTF-8.
        private int ReadRune(int i, out int len)
        {
            char c = _s[i];
            if (char.IsHighSurrogate(c) && i + 1 < _n && char.IsLowSurrogate(_s[i + 1]))
            {
                len = 2;
                return char.ConvertToUtf32(c, _s[i + 1]);
            }

            if (char.IsSurrogate(c))
            {
                throw Fail(ErrInvalidUtf8, _s[i..]);
            }

            len = 1;
            return c;
        }

        private void CheckUtf8(int from, int to)
        {
            for (int i = from; i < to; i++)
            {
                if (char.IsHighSurrogate(_s[i]) && i + 1 < to && char.IsLowSurrogate(_s[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(_s[i]))
                {
                    throw Fail(ErrInvalidUtf8, _s[i..to]);
                }
            }
        }

        private Node FinishFrame(Frame f)
        {
            if (f.Alternatives.Count == 0)
            {
                return MakeConcat(f.Items);
            }

            var alts = new List<Node>(f.Alternatives) { MakeConcat(f.Items) };
            return MakeAlternate(alts);
        }

        private void CloseFrame()
        {
            var f = Top;
            var body = FinishFrame(f);
            _frames.RemoveAt(_frames.Count - 1);
            _flags = f.SavedFlags;
            if (f.Capture)
            {
                body = Make(new Node { Kind = Kind.Capture, Name = f.Name, Subs = [body] });
            }

            Top.Items.Add(body);
        }

        private void Push(Node node) => Top.Items.Add(node);

        private void PushLiteral(int cp) =>
            Push(Make(new Node { Kind = Kind.Literal, Rune = cp, Fold = (_flags & FoldCase) != 0 }));

        private Node Simple(Kind kind) => Make(new Node { Kind = kind });

        private Node MakeClass(List<(int Lo, int Hi)> ranges) => Make(new Node { Kind = Kind.Class, Ranges = ranges });

        private Node MakeConcat(List<Node> items) => items.Count == 0 ? Simple(Kind.Empty) : MakeSpliced(Kind.Concat, items);

        private Node MakeAlternate(List<Node> items) => MakeSpliced(Kind.Alternate, items);

        // A concatenation or alternation of items: an item of the same kind gives its own items in its place.
        private Node MakeSpliced(Kind kind, List<Node> items)
        {
            if (items.Count == 1)
            {
                return items[0];
            }

            var subs = new List<Node>(items.Count);
            foreach (var item in items)
            {
                if (item.Kind == kind)
                {
                    subs.AddRange(item.Subs);
                }
                else
                {
                    subs.Add(item);
                }
            }

            return Make(new Node { Kind = kind, Subs = [.. subs] });
        }

        // Computes height and compiled-size estimates (as Go's parser does) and enforces the limits.
        private Node Make(Node node)
        {
            int height = 1;
            foreach (var sub in node.Subs)
            {
                height = Math.Max(height, sub.Height + 1);
            }

            if (height > MaxHeight)
            {
                throw Fail(ErrNestingDepth, _s);
            }

            long size = 0;
            switch (node.Kind)
            {
                case Kind.Literal:
                    size = 1;
                    break;
                case Kind.Capture:
                case Kind.Star:
                    size = 2 + node.Subs[0].Size;
                    break;
                case Kind.Plus:
                case Kind.Quest:
                    size = 1 + node.Subs[0].Size;
                    break;
                case Kind.Concat:
                    foreach (var sub in node.Subs)
                    {
                        size += sub.Size;
                    }

                    break;
                case Kind.Alternate:
                    foreach (var sub in node.Subs)
                    {
                        size += sub.Size;
                    }

                    size += node.Subs.Length - 1;
                    break;
                case Kind.Repeat:
                {
                    long sub = node.Subs[0].Size;
                    if (node.Max == -1)
                    {
                        size = node.Min == 0 ? 2 + sub : 1 + node.Min * sub;
                    }
                    else
                    {
                        size = node.Max * sub + (node.Max - node.Min);
                    }

                    break;
                }
            }

            size = Math.Max(1, size);
            if (size > MaxSize)
            {
                throw Fail(ErrLarge, _s);
            }

            node.Height = height;
            node.Size = size;
            return node;
        }

        // Applies a repetition operator to the last item; returns the index after the operator.
        private int Repeat(Kind kind, int min, int max, int before, int after, int lastRepeat)
        {
            bool nonGreedy = (_flags & NonGreedy) != 0;
            if (after < _n && _s[after] == '?')
            {
                after++;
                nonGreedy = !nonGreedy;
            }

            if (lastRepeat >= 0)
            {
                throw Fail(ErrInvalidRepeatOp, _s[lastRepeat..after]);
            }

            var items = Top.Items;
            if (items.Count == 0)
            {
                throw Fail(ErrMissingRepeatArgument, _s[before..after]);
            }

            var node = Make(new Node { Kind = kind, Min = min, Max = max, NonGreedy = nonGreedy, Subs = [items[^1]] });
            items[^1] = node;
            if (kind == Kind.Repeat && (min >= 2 || max >= 2) && !RepeatIsValid(node, 1000))
            {
                throw Fail(ErrInvalidRepeatSize, _s[before..after]);
            }

            return after;
        }

        private static bool RepeatIsValid(Node node, int n)
        {
            if (node.Kind == Kind.Repeat)
            {
                int m = node.Max;
                if (m == 0)
                {
                    return true;
                }

                if (m < 0)
                {
                    m = node.Min;
                }

                if (m > n)
                {
                    return false;
                }

                if (m > 0)
                {
                    n /= m;
                }
            }

            foreach (var sub in node.Subs)
            {
                if (!RepeatIsValid(sub, n))
                {
                    return false;
                }
            }

            return true;
        }

        // Parses {min}, {min,} or {min,max} at i. min is -1 when a number is too big.
        private bool ParseRepeat(int i, out int min, out int max, out int after)
        {
            min = max = 0;
            after = i;
            int t = i + 1;
            if (!ParseInt(ref t, out min) || t >= _n)
            {
                return false;
            }

            if (_s[t] != ',')
            {
                max = min;
            }
            else
            {
                t++;
                if (t >= _n)
                {
                    return false;
                }

                if (_s[t] == '}')
                {
                    max = -1;
                }
                else if (!ParseInt(ref t, out max))
                {
                    return false;
                }
                else if (max < 0)
                {
                    min = -1;
                }
            }

            if (t >= _n || _s[t] != '}')
            {
                return false;
            }

            after = t + 1;
            return true;
        }

        private bool ParseInt(ref int t, out int value)
        {
            value = 0;
            if (t >= _n || _s[t] < '0' || _s[t] > '9')
            {
                return false;
            }

            if (t + 1 < _n && _s[t] == '0' && _s[t + 1] >= '0' && _s[t + 1] <= '9')
            {
                return false; // leading zeros are not a repeat
            }

            int start = t;
            while (t < _n && _s[t] >= '0' && _s[t] <= '9')
            {
                t++;
            }

            for (int k = start; k < t; k++)
            {
                if (value >= 100_000_000)
                {
                    value = -1;
                    break;
                }

                value = value * 10 + (_s[k] - '0');
            }

            return true;
        }

    }
}
