using System.Globalization;
using System.Text;
using DotNetRegex = System.Text.RegularExpressions.Regex;
using DotNetRegexOptions = System.Text.RegularExpressions.RegexOptions;
using RegexMatchTimeoutException = System.Text.RegularExpressions.RegexMatchTimeoutException;

namespace Hesione.PromQL.Regex;

/// <summary>
/// Validation and translation of Go RE2 (<c>regexp/syntax</c>, Perl flags) regular expressions,
/// the dialect PromQL label matchers (<c>=~</c>, <c>!~</c>) use.
/// </summary>
/// <remarks>
/// <para>
/// The parser is a hand-written, iterative implementation of the RE2 grammar that reproduces
/// Go's accept/reject decisions and error wording (<c>error parsing regexp: &lt;code&gt;: `&lt;expr&gt;`</c>),
/// including the nesting-depth (1000), repeat-count (1000) and program-size limits. It never
/// recurses on the input's nesting, so no input can overflow the stack, and no public member throws.
/// </para>
/// <para>
/// Known deviations from Go: the <c>expression too large</c> check on the total number of
/// character-class runes (e.g. tens of thousands of <c>\pL</c>) is not reproduced; the tree-height
/// limit is computed on an unfactored tree, so alternations right at the 1000 boundary may be
/// judged differently; Unicode class names are matched leniently (case-insensitively, ignoring
/// <c>_</c>, <c>-</c> and spaces, with long general-category aliases, <c>Any</c>, <c>Assigned</c>,
/// <c>ASCII</c> and <c>LC</c>), as newer Go releases do, so a few names older Go releases reject
/// are accepted. Duplicate capture-group names are accepted, as Go accepts them.
/// </para>
/// </remarks>
public static class Re2Syntax
{
    private const string Prefix = "error parsing regexp: ";
    private const string ErrInvalidCharRange = "invalid character class range";
    private const string ErrInvalidEscape = "invalid escape sequence";
    private const string ErrInvalidNamedCapture = "invalid named capture";
    private const string ErrInvalidPerlOp = "invalid or unsupported Perl syntax";
    private const string ErrInvalidRepeatOp = "invalid nested repetition operator";
    private const string ErrInvalidRepeatSize = "invalid repeat count";
    private const string ErrInvalidUtf8 = "invalid UTF-8";
    private const string ErrMissingBracket = "missing closing ]";
    private const string ErrMissingParen = "missing closing )";
    private const string ErrMissingRepeatArgument = "missing argument to repetition operator";
    private const string ErrTrailingBackslash = "trailing backslash at end of expression";
    private const string ErrUnexpectedParen = "unexpected )";
    private const string ErrNestingDepth = "expression nests too deeply";
    private const string ErrLarge = "expression too large";

    private const int MaxHeight = 1000;
    private const long MaxSize = (128 << 20) / 40;
    private const int MaxRune = 0x10FFFF;

    // Parser flags.
    private const int FoldCase = 1;
    private const int DotNl = 2;
    private const int OneLine = 4;
    private const int NonGreedy = 8;

    /// <summary>The pattern emitted for input that is not valid RE2: it never matches.</summary>
    private const string NeverMatches = "(?!)";

    /// <summary>
    /// Checks whether <paramref name="pattern"/> is valid Go RE2 syntax, as Go's
    /// <c>regexp.Compile</c> (Perl flags) would accept it.
    /// </summary>
    /// <param name="pattern">The RE2 pattern to check.</param>
    /// <returns>
    /// <see langword="null"/> when the pattern is valid; otherwise the error message in Go's wording,
    /// e.g. <c>error parsing regexp: missing closing ): `(abc`</c>.
    /// </returns>
    public static string? Validate(string pattern)
    {
        if (pattern is null)
        {
            return Prefix + "regexp/syntax: internal error: ``";
        }

        return TryParse(pattern, out _, out var error) ? null : error;
    }

    /// <summary>
    /// Translates an RE2 pattern into a .NET pattern with the same meaning when evaluated with
    /// <see cref="System.Text.RegularExpressions.RegexOptions.CultureInvariant"/> and no other options.
    /// </summary>
    /// <param name="pattern">An RE2 pattern that <see cref="Validate"/> accepts.</param>
    /// <returns>
    /// The .NET pattern. For a pattern <see cref="Validate"/> rejects, a pattern that never matches (<c>(?!)</c>).
    /// </returns>
    /// <remarks>
    /// <para>
    /// Anchors, <c>.</c>, <c>\d \s \w \b \B</c>, POSIX classes and all character classes are emitted as
    /// explicit code-point sets (ASCII-only where Go is ASCII-only); code points outside the BMP are
    /// emitted as UTF-16 surrogate pairs so that <c>.</c> and classes consume whole code points, as Go
    /// does. Case-insensitivity (<c>(?i)</c>) is resolved at translation time into explicit case-fold
    /// sets (derived from .NET's invariant simple case mappings, which approximate Unicode simple case
    /// folding), so the output never depends on .NET's own case-insensitive matching. <c>(?U)</c> is
    /// resolved by flipping each quantifier's laziness; <c>$</c> without <c>(?m)</c> becomes <c>\z</c>.
    /// </para>
    /// <para>
    /// Approximations: Unicode general categories (<c>\pL</c>, <c>\p{Lu}</c>, ...) use .NET's Unicode
    /// data, whose version may differ slightly from Go's. Unicode scripts (<c>\p{Greek}</c>, ...) are not
    /// available in .NET; common scripts are approximated by the Unicode blocks they mostly occupy (for
    /// example <c>Greek</c> is U+0370–U+03FF without the Coptic letters, plus Greek Extended), and scripts
    /// without an approximation match nothing (their negations match everything). Inputs are assumed to be
    /// well-formed UTF-16: a lone surrogate in the input never matches a class, whereas Go would treat the
    /// corresponding invalid byte as U+FFFD.
    /// </para>
    /// </remarks>
    public static string ToDotNetPattern(string pattern)
    {
        if (pattern is null || !TryParse(pattern, out var root, out _))
        {
            return NeverMatches;
        }

        try
        {
            var sb = new StringBuilder(pattern.Length * 2 + 8);
            Emit(root!, sb);
            return sb.ToString();
        }
        catch (Exception)
        {
            return NeverMatches;
        }
    }

    /// <summary>
    /// Reports whether the fully anchored expression <c>^(?:pattern)$</c> matches the empty string, which is
    /// how Prometheus decides whether a regex matcher matches the empty label value.
    /// </summary>
    /// <param name="pattern">The RE2 pattern.</param>
    /// <returns>
    /// Whether the empty string matches. The check runs the translated pattern (see <see cref="ToDotNetPattern"/>)
    /// with a 100 ms match timeout; on timeout, and for a pattern <see cref="Validate"/> rejects, the result is
    /// <see langword="true"/> — the safe answer for callers that require a matcher that does not match the
    /// empty string.
    /// </returns>
    public static bool MatchesEmptyString(string pattern)
    {
        if (pattern is null || !TryParse(pattern, out var root, out _))
        {
            return true;
        }

        try
        {
            var sb = new StringBuilder(pattern.Length * 2 + 16);
            sb.Append(@"\A(?:");
            Emit(root!, sb);
            sb.Append(@")\z");
            var regex = new DotNetRegex(sb.ToString(), DotNetRegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            return regex.IsMatch(string.Empty);
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
        catch (Exception)
        {
            return true;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Parse tree.

    private enum Kind
    {
        Literal,
        Class,
        BeginLine,
        EndLine,
        BeginText,
        EndText,
        WordBoundary,
        NoWordBoundary,
        Empty,
        Capture,
        Star,
        Plus,
        Quest,
        Repeat,
        Concat,
        Alternate,
    }

    private sealed class Node
    {
        public Kind Kind;
        public int Rune;
        public bool Fold;
        public List<(int Lo, int Hi)>? Ranges;
        public Node[] Subs = [];
        public int Min;
        public int Max;
        public bool NonGreedy;
        public string? Name;
        public int Height;
        public long Size;
    }

    private sealed class Frame
    {
        public List<Node> Items = [];
        public List<Node> Alternatives = [];
        public int SavedFlags;
        public bool Capture;
        public string? Name;
    }

    private sealed class ParseError(string message) : Exception(message);

    private static bool TryParse(string pattern, out Node? root, out string? error)
    {
        try
        {
            root = new Parser(pattern).Parse();
            error = null;
            return true;
        }
        catch (ParseError e)
        {
            root = null;
            error = e.Message;
            return false;
        }
        catch (Exception)
        {
            root = null;
            error = Prefix + "regexp/syntax: internal error: `" + pattern + "`";
            return false;
        }
    }

    private sealed class Parser(string s)
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

        private Node MakeConcat(List<Node> items)
        {
            if (items.Count == 0)
            {
                return Simple(Kind.Empty);
            }

            if (items.Count == 1)
            {
                return items[0];
            }

            var subs = new List<Node>(items.Count);
            foreach (var item in items)
            {
                if (item.Kind == Kind.Concat)
                {
                    subs.AddRange(item.Subs);
                }
                else
                {
                    subs.Add(item);
                }
            }

            return Make(new Node { Kind = Kind.Concat, Subs = [.. subs] });
        }

        private Node MakeAlternate(List<Node> items)
        {
            if (items.Count == 1)
            {
                return items[0];
            }

            var subs = new List<Node>(items.Count);
            foreach (var item in items)
            {
                if (item.Kind == Kind.Alternate)
                {
                    subs.AddRange(item.Subs);
                }
                else
                {
                    subs.Add(item);
                }
            }

            return Make(new Node { Kind = Kind.Alternate, Subs = [.. subs] });
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

    // ------------------------------------------------------------------------------------------------
    // Code-point sets.

    private static readonly (int Lo, int Hi)[] DigitGroup = [('0', '9')];
    private static readonly (int Lo, int Hi)[] SpaceGroup = [('\t', '\n'), ('\f', '\r'), (' ', ' ')];
    private static readonly (int Lo, int Hi)[] WordGroup = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];

    private static bool PerlGroup(char c, out (int Lo, int Hi)[] group, out bool negated)
    {
        negated = char.IsAsciiLetterUpper(c);
        switch (c)
        {
            case 'd':
            case 'D':
                group = DigitGroup;
                return true;
            case 's':
            case 'S':
                group = SpaceGroup;
                return true;
            case 'w':
            case 'W':
                group = WordGroup;
                return true;
            default:
                group = [];
                return false;
        }
    }

    private static bool PosixGroup(string name, out (int Lo, int Hi)[] group, out bool negated)
    {
        // name is "[:alpha:]" or "[:^alpha:]".
        string inner = name[2..^2];
        negated = inner.StartsWith('^');
        if (negated)
        {
            inner = inner[1..];
        }

        (int Lo, int Hi)[]? g = inner switch
        {
            "alnum" => [('0', '9'), ('A', 'Z'), ('a', 'z')],
            "alpha" => [('A', 'Z'), ('a', 'z')],
            "ascii" => [(0, 0x7F)],
            "blank" => [('\t', '\t'), (' ', ' ')],
            "cntrl" => [(0, 0x1F), (0x7F, 0x7F)],
            "digit" => [('0', '9')],
            "graph" => [('!', '~')],
            "lower" => [('a', 'z')],
            "print" => [(' ', '~')],
            "punct" => [('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
            "space" => [('\t', '\r'), (' ', ' ')],
            "upper" => [('A', 'Z')],
            "word" => [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')],
            "xdigit" => [('0', '9'), ('A', 'F'), ('a', 'f')],
            _ => null,
        };
        group = g ?? [];
        return g is not null;
    }

    /// <summary>Sorts and merges ranges.</summary>
    private static List<(int Lo, int Hi)> Clean(List<(int Lo, int Hi)> ranges)
    {
        if (ranges.Count < 2)
        {
            return ranges;
        }

        ranges.Sort((a, b) => a.Lo != b.Lo ? a.Lo.CompareTo(b.Lo) : b.Hi.CompareTo(a.Hi));
        var result = new List<(int Lo, int Hi)>(ranges.Count) { ranges[0] };
        for (int k = 1; k < ranges.Count; k++)
        {
            var (lo, hi) = ranges[k];
            var last = result[^1];
            if (lo <= last.Hi + 1)
            {
                if (hi > last.Hi)
                {
                    result[^1] = (last.Lo, hi);
                }
            }
            else
            {
                result.Add((lo, hi));
            }
        }

        return result;
    }

    /// <summary>Complements a clean set over [0, U+10FFFF].</summary>
    private static List<(int Lo, int Hi)> Negate(List<(int Lo, int Hi)> set)
    {
        var result = new List<(int Lo, int Hi)>(set.Count + 1);
        int next = 0;
        foreach (var (lo, hi) in set)
        {
            if (next <= lo - 1)
            {
                result.Add((next, lo - 1));
            }

            next = hi + 1;
        }

        if (next <= MaxRune)
        {
            result.Add((next, MaxRune));
        }

        return result;
    }

    /// <summary>
    /// Simple case-fold orbits, derived from .NET's invariant simple case mappings (which approximate
    /// Unicode simple case folding, the basis of Go's <c>unicode.SimpleFold</c>).
    /// </summary>
    private static class CaseFolding
    {
        private const int MaxFold = 0x1E943;
        private static readonly Lazy<(int[] Members, Dictionary<int, int[]> Orbits)> Data = new(Build);

        private static (int[] Members, Dictionary<int, int[]> Orbits) Build()
        {
            var parent = new int[MaxFold + 1];
            for (int k = 0; k < parent.Length; k++)
            {
                parent[k] = k;
            }

            int Find(int x)
            {
                while (parent[x] != x)
                {
                    parent[x] = parent[parent[x]];
                    x = parent[x];
                }

                return x;
            }

            void Union(int a, int b)
            {
                if (a > MaxFold || b > MaxFold || IsTurkic(a) || IsTurkic(b))
                {
                    return;
                }

                int ra = Find(a);
                int rb = Find(b);
                if (ra != rb)
                {
                    parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
                }
            }

            for (int cp = 0; cp <= MaxFold; cp++)
            {
                if (!Rune.IsValid(cp) || IsTurkic(cp))
                {
                    continue;
                }

                var r = new Rune(cp);
                Union(cp, Rune.ToUpperInvariant(r).Value);
                Union(cp, Rune.ToLowerInvariant(r).Value);
            }

            // Mappings .NET's invariant casing omits but simple case folding has.
            Union(0x017F, 's'); // LATIN SMALL LETTER LONG S
            Union(0x1E9E, 0x00DF); // LATIN CAPITAL LETTER SHARP S
            Union(0x0390, 0x1FD3);
            Union(0x03B0, 0x1FE3);
            Union(0xFB05, 0xFB06);

            var groups = new Dictionary<int, List<int>>();
            for (int cp = 0; cp <= MaxFold; cp++)
            {
                int root = Find(cp);
                if (root == cp && !groups.ContainsKey(cp))
                {
                    continue;
                }

                if (!groups.TryGetValue(root, out var list))
                {
                    list = [root];
                    groups[root] = list;
                }

                if (root != cp)
                {
                    list.Add(cp);
                }
            }

            var orbits = new Dictionary<int, int[]>();
            foreach (var list in groups.Values)
            {
                var arr = list.Distinct().Order().ToArray();
                if (arr.Length < 2)
                {
                    continue;
                }

                foreach (int m in arr)
                {
                    orbits[m] = arr;
                }
            }

            var members = orbits.Keys.Order().ToArray();
            return (members, orbits);
        }

        private static bool IsTurkic(int cp) => cp is 0x0130 or 0x0131;

        /// <summary>The fold orbit of a code point (including itself), or null when it has none.</summary>
        public static int[]? Orbit(int cp) => Data.Value.Orbits.TryGetValue(cp, out var orbit) ? orbit : null;

        /// <summary>The clean union of the ranges and every code point fold-equivalent to one in them.</summary>
        public static List<(int Lo, int Hi)> Fold(IReadOnlyList<(int Lo, int Hi)> ranges)
        {
            var (members, orbits) = Data.Value;
            var result = new List<(int Lo, int Hi)>(ranges);
            foreach (var (lo, hi) in ranges)
            {
                int k = Array.BinarySearch(members, lo);
                if (k < 0)
                {
                    k = ~k;
                }

                for (; k < members.Length && members[k] <= hi; k++)
                {
                    foreach (int m in orbits[members[k]])
                    {
                        result.Add((m, m));
                    }
                }
            }

            return Clean(result);
        }
    }

    /// <summary>Unicode general categories (from .NET's data) and approximated scripts.</summary>
    private static class UnicodeTables
    {
        private static readonly Lazy<List<(int Lo, int Hi)>[]> Categories = new(BuildCategories);
        private static readonly Lazy<Dictionary<string, Func<(int Lo, int Hi)[]>>> Names = new(BuildNames);

        private static List<(int Lo, int Hi)>[] BuildCategories()
        {
            var result = new List<(int Lo, int Hi)>[30];
            for (int k = 0; k < result.Length; k++)
            {
                result[k] = [];
            }

            int runStart = 0;
            var runCat = CharUnicodeInfo.GetUnicodeCategory(0);
            for (int cp = 1; cp <= MaxRune + 1; cp++)
            {
                var cat = cp <= MaxRune ? CharUnicodeInfo.GetUnicodeCategory(cp) : (UnicodeCategory)(-1);
                if (cat != runCat)
                {
                    result[(int)runCat].Add((runStart, cp - 1));
                    runStart = cp;
                    runCat = cat;
                }
            }

            return result;
        }

        private static (int Lo, int Hi)[] Union(params UnicodeCategory[] cats)
        {
            var all = new List<(int Lo, int Hi)>();
            foreach (var cat in cats)
            {
                all.AddRange(Categories.Value[(int)cat]);
            }

            return [.. Clean(all)];
        }

        private static string Canonical(string name)
        {
            var sb = new StringBuilder(name.Length);
            bool first = true;
            foreach (char c in name)
            {
                if (c is '_' or '-' or ' ')
                {
                    continue;
                }

                if (first)
                {
                    sb.Append(char.IsAsciiLetterLower(c) ? (char)(c - 32) : c);
                    first = false;
                }
                else
                {
                    sb.Append(char.IsAsciiLetterUpper(c) ? (char)(c + 32) : c);
                }
            }

            return sb.ToString();
        }

        private static Dictionary<string, Func<(int Lo, int Hi)[]>> BuildNames()
        {
            var d = new Dictionary<string, Func<(int Lo, int Hi)[]>>(StringComparer.Ordinal);
            void Add(string names, Func<(int Lo, int Hi)[]> f)
            {
                foreach (var name in names.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    d[Canonical(name)] = f;
                }
            }

            const UnicodeCategory Lu = UnicodeCategory.UppercaseLetter, Ll = UnicodeCategory.LowercaseLetter,
                Lt = UnicodeCategory.TitlecaseLetter, Lm = UnicodeCategory.ModifierLetter, Lo = UnicodeCategory.OtherLetter,
                Mn = UnicodeCategory.NonSpacingMark, Mc = UnicodeCategory.SpacingCombiningMark, Me = UnicodeCategory.EnclosingMark,
                Nd = UnicodeCategory.DecimalDigitNumber, Nl = UnicodeCategory.LetterNumber, No = UnicodeCategory.OtherNumber,
                Zs = UnicodeCategory.SpaceSeparator, Zl = UnicodeCategory.LineSeparator, Zp = UnicodeCategory.ParagraphSeparator,
                Cc = UnicodeCategory.Control, Cf = UnicodeCategory.Format, Cs = UnicodeCategory.Surrogate,
                Co = UnicodeCategory.PrivateUse, Pc = UnicodeCategory.ConnectorPunctuation, Pd = UnicodeCategory.DashPunctuation,
                Ps = UnicodeCategory.OpenPunctuation, Pe = UnicodeCategory.ClosePunctuation,
                Pi = UnicodeCategory.InitialQuotePunctuation, Pf = UnicodeCategory.FinalQuotePunctuation,
                Po = UnicodeCategory.OtherPunctuation, Sm = UnicodeCategory.MathSymbol, Sc = UnicodeCategory.CurrencySymbol,
                Sk = UnicodeCategory.ModifierSymbol, So = UnicodeCategory.OtherSymbol, Cn = UnicodeCategory.OtherNotAssigned;

            Add("L Letter", () => Union(Lu, Ll, Lt, Lm, Lo));
            Add("LC Cased_Letter", () => Union(Lu, Ll, Lt));
            Add("Lu Uppercase_Letter", () => Union(Lu));
            Add("Ll Lowercase_Letter", () => Union(Ll));
            Add("Lt Titlecase_Letter", () => Union(Lt));
            Add("Lm Modifier_Letter", () => Union(Lm));
            Add("Lo Other_Letter", () => Union(Lo));
            Add("M Mark Combining_Mark", () => Union(Mn, Mc, Me));
            Add("Mn Nonspacing_Mark", () => Union(Mn));
            Add("Mc Spacing_Mark", () => Union(Mc));
            Add("Me Enclosing_Mark", () => Union(Me));
            Add("N Number", () => Union(Nd, Nl, No));
            Add("Nd Decimal_Number digit", () => Union(Nd));
            Add("Nl Letter_Number", () => Union(Nl));
            Add("No Other_Number", () => Union(No));
            Add("P Punctuation punct", () => Union(Pc, Pd, Ps, Pe, Pi, Pf, Po));
            Add("Pc Connector_Punctuation", () => Union(Pc));
            Add("Pd Dash_Punctuation", () => Union(Pd));
            Add("Ps Open_Punctuation", () => Union(Ps));
            Add("Pe Close_Punctuation", () => Union(Pe));
            Add("Pi Initial_Punctuation", () => Union(Pi));
            Add("Pf Final_Punctuation", () => Union(Pf));
            Add("Po Other_Punctuation", () => Union(Po));
            Add("S Symbol", () => Union(Sm, Sc, Sk, So));
            Add("Sm Math_Symbol", () => Union(Sm));
            Add("Sc Currency_Symbol", () => Union(Sc));
            Add("Sk Modifier_Symbol", () => Union(Sk));
            Add("So Other_Symbol", () => Union(So));
            Add("Z Separator", () => Union(Zs, Zl, Zp));
            Add("Zs Space_Separator", () => Union(Zs));
            Add("Zl Line_Separator", () => Union(Zl));
            Add("Zp Paragraph_Separator", () => Union(Zp));
            Add("C Other", () => Union(Cc, Cf, Cs, Co));
            Add("Cc Control cntrl", () => Union(Cc));
            Add("Cf Format", () => Union(Cf));
            Add("Cs Surrogate", () => Union(Cs));
            Add("Co Private_Use", () => Union(Co));
            Add("Cn Unassigned", () => Union(Cn));
            Add("Any", () => [(0, MaxRune)]);
            Add("ASCII", () => [(0, 0x7F)]);

            foreach (var script in Scripts.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var ranges = ScriptApproximations.TryGetValue(script, out var r) ? r : [];
                d[Canonical(script)] = () => ranges;
            }

            return d;
        }

        public static bool TryLookup(string name, out (int Lo, int Hi)[] table, out bool negated)
        {
            negated = false;
            table = [];
            string canonical = Canonical(name);
            if (canonical.Length == 0 || name.Length == 0)
            {
                return false;
            }

            if (canonical == "Assigned")
            {
                negated = true;
                table = Union(UnicodeCategory.OtherNotAssigned);
                return true;
            }

            if (Names.Value.TryGetValue(canonical, out var f))
            {
                table = f();
                return true;
            }

            return false;
        }

        // The scripts of Go's unicode.Scripts (Unicode 15).
        private const string Scripts =
            "Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Bhaiksuki " +
            "Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Cherokee " +
            "Chorasmian Common Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan " +
            "Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi " +
            "Gurmukhi Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic Inherited " +
            "Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kawi Kayah_Li Kharoshthi " +
            "Khitan_Small_Script Khmer Khojki Khudawadi Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian " +
            "Mahajani Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui " +
            "Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean Nag_Mundari " +
            "Nandinagari New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian Old_Italic " +
            "Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya Osage " +
            "Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan " +
            "Saurashtra Sharada Shavian Siddham SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese Syloti_Nagri " +
            "Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil Tangsa Tangut Telugu Thaana Thai Tibetan " +
            "Tifinagh Tirhuta Toto Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi Zanabazar_Square";

        // Block-based approximations of common scripts (Unicode block ranges).
        private static readonly Dictionary<string, (int Lo, int Hi)[]> ScriptApproximations = new(StringComparer.Ordinal)
        {
            ["Latin"] =
            [
                (0x41, 0x5A), (0x61, 0x7A), (0xAA, 0xAA), (0xBA, 0xBA), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2B8),
                (0x2E0, 0x2E4), (0x1D00, 0x1D25), (0x1D2C, 0x1D5C), (0x1D62, 0x1D65), (0x1D6B, 0x1D77), (0x1D79, 0x1DBE),
                (0x1E00, 0x1EFF), (0x2071, 0x2071), (0x207F, 0x207F), (0x2090, 0x209C), (0x212A, 0x212B), (0x2132, 0x2132),
                (0x214E, 0x214E), (0x2160, 0x2188), (0x2C60, 0x2C7F), (0xA722, 0xA787), (0xA78B, 0xA7FF), (0xAB30, 0xAB5A),
                (0xAB5C, 0xAB64), (0xAB66, 0xAB69), (0xFB00, 0xFB06), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A), (0x10780, 0x107BA),
                (0x1DF00, 0x1DF2A),
            ],
            ["Greek"] =
            [
                (0x370, 0x373), (0x375, 0x377), (0x37A, 0x37D), (0x37F, 0x37F), (0x384, 0x384), (0x386, 0x386),
                (0x388, 0x3E1), (0x3F0, 0x3FF), (0x1D26, 0x1D2A), (0x1D5D, 0x1D61), (0x1D66, 0x1D6A), (0x1DBF, 0x1DBF),
                (0x1F00, 0x1FFE), (0x2126, 0x2126), (0xAB65, 0xAB65), (0x10140, 0x1018E), (0x101A0, 0x101A0),
                (0x1D200, 0x1D245),
            ],
            ["Cyrillic"] = [(0x400, 0x484), (0x487, 0x52F), (0x1C80, 0x1C88), (0x1D2B, 0x1D2B), (0x1D78, 0x1D78), (0x2DE0, 0x2DFF), (0xA640, 0xA69F), (0xFE2E, 0xFE2F), (0x1E030, 0x1E08F)],
            ["Armenian"] = [(0x531, 0x556), (0x559, 0x58A), (0x58D, 0x58F), (0xFB13, 0xFB17)],
            ["Hebrew"] = [(0x591, 0x5C7), (0x5D0, 0x5EA), (0x5EF, 0x5F4), (0xFB1D, 0xFB4F)],
            ["Arabic"] = [(0x600, 0x604), (0x606, 0x60B), (0x60D, 0x61A), (0x61C, 0x61E), (0x620, 0x63F), (0x641, 0x64A), (0x656, 0x66F), (0x671, 0x6DC), (0x6DE, 0x6FF), (0x750, 0x77F), (0x870, 0x8FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFC), (0x10E60, 0x10E7E), (0x1EE00, 0x1EEF1)],
            ["Syriac"] = [(0x700, 0x74F), (0x860, 0x86A)],
            ["Thaana"] = [(0x780, 0x7B1)],
            ["Nko"] = [(0x7C0, 0x7FA), (0x7FD, 0x7FF)],
            ["Samaritan"] = [(0x800, 0x83E)],
            ["Mandaic"] = [(0x840, 0x85E)],
            ["Devanagari"] = [(0x900, 0x950), (0x955, 0x963), (0x966, 0x97F), (0xA8E0, 0xA8FF)],
            ["Bengali"] = [(0x980, 0x9FE)],
            ["Gurmukhi"] = [(0xA01, 0xA76)],
            ["Gujarati"] = [(0xA81, 0xAFF)],
            ["Oriya"] = [(0xB01, 0xB77)],
            ["Tamil"] = [(0xB82, 0xBFA), (0x11FC0, 0x11FFF)],
            ["Telugu"] = [(0xC00, 0xC7F)],
            ["Kannada"] = [(0xC80, 0xCF3)],
            ["Malayalam"] = [(0xD00, 0xD7F)],
            ["Sinhala"] = [(0xD81, 0xDF4), (0x111E1, 0x111F4)],
            ["Thai"] = [(0xE01, 0xE3A), (0xE40, 0xE5B)],
            ["Lao"] = [(0xE81, 0xEDF)],
            ["Tibetan"] = [(0xF00, 0xFD4), (0xFD9, 0xFDA)],
            ["Myanmar"] = [(0x1000, 0x109F), (0xA9E0, 0xA9FE), (0xAA60, 0xAA7F)],
            ["Georgian"] = [(0x10A0, 0x10FA), (0x10FC, 0x10FF), (0x1C90, 0x1CBF), (0x2D00, 0x2D2D)],
            ["Hangul"] = [(0x1100, 0x11FF), (0x302E, 0x302F), (0x3131, 0x318E), (0x3200, 0x321E), (0x3260, 0x327E), (0xA960, 0xA97C), (0xAC00, 0xD7A3), (0xD7B0, 0xD7FB), (0xFFA0, 0xFFDC)],
            ["Ethiopic"] = [(0x1200, 0x139F), (0x2D80, 0x2DDE), (0xAB01, 0xAB2E), (0x1E7E0, 0x1E7FE)],
            ["Cherokee"] = [(0x13A0, 0x13FD), (0xAB70, 0xABBF)],
            ["Canadian_Aboriginal"] = [(0x1400, 0x167F), (0x18B0, 0x18F5), (0x11AB0, 0x11ABF)],
            ["Ogham"] = [(0x1680, 0x169C)],
            ["Runic"] = [(0x16A0, 0x16EA), (0x16EE, 0x16F8)],
            ["Tagalog"] = [(0x1700, 0x171F)],
            ["Khmer"] = [(0x1780, 0x17F9), (0x19E0, 0x19FF)],
            ["Mongolian"] = [(0x1800, 0x1801), (0x1804, 0x1804), (0x1806, 0x18AA), (0x11660, 0x1166C)],
            ["Hiragana"] = [(0x3041, 0x3096), (0x309D, 0x309F), (0x1B001, 0x1B11F), (0x1B132, 0x1B132), (0x1B150, 0x1B152), (0x1F200, 0x1F200)],
            ["Katakana"] = [(0x30A1, 0x30FA), (0x30FD, 0x30FF), (0x31F0, 0x31FF), (0x32D0, 0x32FE), (0x3300, 0x3357), (0xFF66, 0xFF6F), (0xFF71, 0xFF9D), (0x1AFF0, 0x1B000), (0x1B120, 0x1B122), (0x1B155, 0x1B155), (0x1B164, 0x1B167)],
            ["Bopomofo"] = [(0x2EA, 0x2EB), (0x3105, 0x312F), (0x31A0, 0x31BF)],
            ["Han"] = [(0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x3005, 0x3005), (0x3007, 0x3007), (0x3021, 0x3029), (0x3038, 0x303B), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFA6D), (0xFA70, 0xFAD9), (0x16FE2, 0x16FE3), (0x16FF0, 0x16FF1), (0x20000, 0x2A6DF), (0x2A700, 0x2EBE0), (0x2F800, 0x2FA1D), (0x30000, 0x3134A), (0x31350, 0x323AF)],
            ["Yi"] = [(0xA000, 0xA48C), (0xA490, 0xA4C6)],
            ["Braille"] = [(0x2800, 0x28FF)],
            ["Coptic"] = [(0x3E2, 0x3EF), (0x2C80, 0x2CF3), (0x2CF9, 0x2CFF)],
            ["Glagolitic"] = [(0x2C00, 0x2C5F), (0x1E000, 0x1E02A)],
            ["Tifinagh"] = [(0x2D30, 0x2D67), (0x2D6F, 0x2D70), (0x2D7F, 0x2D7F)],
            ["Javanese"] = [(0xA980, 0xA9CD), (0xA9D0, 0xA9D9), (0xA9DE, 0xA9DF)],
            ["Balinese"] = [(0x1B00, 0x1B7E)],
            ["Sundanese"] = [(0x1B80, 0x1BBF), (0x1CC0, 0x1CC7)],
            ["Gothic"] = [(0x10330, 0x1034A)],
            ["Deseret"] = [(0x10400, 0x1044F)],
            ["Linear_B"] = [(0x10000, 0x100FA)],
            ["Cuneiform"] = [(0x12000, 0x12399), (0x12400, 0x12474), (0x12480, 0x12543)],
            ["Egyptian_Hieroglyphs"] = [(0x13000, 0x13455)],
            ["Inherited"] = [(0x300, 0x36F), (0x485, 0x486), (0x64B, 0x655), (0x670, 0x670), (0x951, 0x954), (0x1AB0, 0x1ACE), (0x1CD0, 0x1CD2), (0x1CD4, 0x1CE0), (0x1CE2, 0x1CE8), (0x1CED, 0x1CED), (0x1CF4, 0x1CF4), (0x1CF8, 0x1CF9), (0x1DC0, 0x1DFF), (0x200C, 0x200D), (0x20D0, 0x20F0), (0xFE00, 0xFE0F), (0xFE20, 0xFE2D), (0x101FD, 0x101FD), (0xE0100, 0xE01EF)],
            ["Common"] =
            [
                (0x0, 0x40), (0x5B, 0x60), (0x7B, 0xA9), (0xAB, 0xB9), (0xBB, 0xBF), (0xD7, 0xD7), (0xF7, 0xF7),
                (0x2B9, 0x2DF), (0x2E5, 0x2E9), (0x2EC, 0x2FF), (0x374, 0x374), (0x37E, 0x37E), (0x385, 0x385),
                (0x387, 0x387), (0x605, 0x605), (0x60C, 0x60C), (0x61B, 0x61B), (0x61F, 0x61F), (0x640, 0x640),
                (0x6DD, 0x6DD), (0x964, 0x965), (0xE3F, 0xE3F), (0xFD5, 0xFD8), (0x10FB, 0x10FB), (0x16EB, 0x16ED),
                (0x2000, 0x200B), (0x200E, 0x2064), (0x2066, 0x2070), (0x2074, 0x207E), (0x2080, 0x208E), (0x20A0, 0x20C0),
                (0x2100, 0x2125), (0x2127, 0x2129), (0x212C, 0x2131), (0x2133, 0x214D), (0x214F, 0x215F), (0x2189, 0x218B),
                (0x2190, 0x2426), (0x2440, 0x244A), (0x2460, 0x27FF), (0x2900, 0x2B73), (0x2B76, 0x2B95), (0x2B97, 0x2BFF),
                (0x2E00, 0x2E5D), (0x2FF0, 0x2FFB), (0x3000, 0x3004), (0x3006, 0x3006), (0x3008, 0x3020), (0x3030, 0x3037),
                (0x303C, 0x303F), (0xFE10, 0xFE19), (0xFE30, 0xFE52), (0xFE54, 0xFE66), (0xFE68, 0xFE6B), (0xFEFF, 0xFEFF),
                (0xFF01, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65), (0xFF70, 0xFF70), (0xFF9E, 0xFF9F), (0xFFE0, 0xFFE6),
                (0xFFE8, 0xFFEE), (0xFFF9, 0xFFFD), (0x1D400, 0x1D7FF), (0x1F000, 0x1FAFF), (0xE0001, 0xE0001),
                (0xE0020, 0xE007F),
            ],
        };
    }

    // ------------------------------------------------------------------------------------------------
    // Emission of .NET syntax.

    private const string WordClass = "[0-9A-Za-z_]";

    private static void Emit(Node node, StringBuilder sb)
    {
        switch (node.Kind)
        {
            case Kind.Literal:
            {
                var orbit = node.Fold ? CaseFolding.Orbit(node.Rune) : null;
                if (orbit is null)
                {
                    EmitCodePoint(node.Rune, sb);
                }
                else
                {
                    var set = new List<(int Lo, int Hi)>();
                    foreach (int m in orbit)
                    {
                        set.Add((m, m));
                    }

                    EmitSet(Clean(set), sb);
                }

                break;
            }

            case Kind.Class:
                EmitSet(node.Ranges!, sb);
                break;
            case Kind.BeginLine:
                sb.Append("(?m:^)");
                break;
            case Kind.EndLine:
                sb.Append("(?m:$)");
                break;
            case Kind.BeginText:
                sb.Append(@"\A");
                break;
            case Kind.EndText:
                sb.Append(@"\z");
                break;
            case Kind.WordBoundary:
                sb.Append("(?:(?<=").Append(WordClass).Append(")(?!").Append(WordClass).Append(")|(?<!")
                    .Append(WordClass).Append(")(?=").Append(WordClass).Append("))");
                break;
            case Kind.NoWordBoundary:
                sb.Append("(?:(?<=").Append(WordClass).Append(")(?=").Append(WordClass).Append(")|(?<!")
                    .Append(WordClass).Append(")(?!").Append(WordClass).Append("))");
                break;
            case Kind.Empty:
                sb.Append("(?:)");
                break;
            case Kind.Capture:
                sb.Append('(');
                if (node.Name is { Length: > 0 } name && !char.IsAsciiDigit(name[0]))
                {
                    sb.Append("?<").Append(name).Append('>');
                }

                Emit(node.Subs[0], sb);
                sb.Append(')');
                break;
            case Kind.Star:
            case Kind.Plus:
            case Kind.Quest:
            case Kind.Repeat:
                sb.Append("(?:");
                Emit(node.Subs[0], sb);
                sb.Append(')');
                switch (node.Kind)
                {
                    case Kind.Star:
                        sb.Append('*');
                        break;
                    case Kind.Plus:
                        sb.Append('+');
                        break;
                    case Kind.Quest:
                        sb.Append('?');
                        break;
                    default:
                        sb.Append('{').Append(node.Min.ToString(CultureInfo.InvariantCulture));
                        if (node.Max == -1)
                        {
                            sb.Append(',');
                        }
                        else if (node.Max != node.Min)
                        {
                            sb.Append(',').Append(node.Max.ToString(CultureInfo.InvariantCulture));
                        }

                        sb.Append('}');
                        break;
                }

                if (node.NonGreedy)
                {
                    sb.Append('?');
                }

                break;
            case Kind.Concat:
                foreach (var sub in node.Subs)
                {
                    Emit(sub, sb);
                }

                break;
            case Kind.Alternate:
                sb.Append("(?:");
                for (int k = 0; k < node.Subs.Length; k++)
                {
                    if (k > 0)
                    {
                        sb.Append('|');
                    }

                    Emit(node.Subs[k], sb);
                }

                sb.Append(')');
                break;
        }
    }

    private static void EmitCodePoint(int cp, StringBuilder sb)
    {
        if (cp is >= 0xD800 and <= 0xDFFF)
        {
            sb.Append(NeverMatches); // a surrogate code point never occurs in well-formed text
        }
        else if (cp > 0xFFFF)
        {
            string pair = char.ConvertFromUtf32(cp);
            AppendUnit(pair[0], sb);
            AppendUnit(pair[1], sb);
        }
        else if (char.IsAsciiLetterOrDigit((char)cp) || cp == '_')
        {
            sb.Append((char)cp);
        }
        else
        {
            AppendUnit((char)cp, sb);
        }
    }

    private static void AppendUnit(char c, StringBuilder sb) =>
        sb.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));

    private static void AppendClassUnit(int c, StringBuilder sb)
    {
        if (c < 0x80 && char.IsAsciiLetterOrDigit((char)c))
        {
            sb.Append((char)c);
        }
        else
        {
            AppendUnit((char)c, sb);
        }
    }

    private static void AppendClassRange(int lo, int hi, StringBuilder sb)
    {
        AppendClassUnit(lo, sb);
        if (hi != lo)
        {
            if (hi > lo + 1)
            {
                sb.Append('-');
            }

            AppendClassUnit(hi, sb);
        }
    }

    // Emits a set of code points: BMP code points as one class, supplementary ones as surrogate pairs.
    private static void EmitSet(List<(int Lo, int Hi)> set, StringBuilder sb)
    {
        var bmp = new List<(int Lo, int Hi)>();
        var parts = new List<string>();
        foreach (var (lo, hi) in set)
        {
            if (lo <= 0xD7FF)
            {
                bmp.Add((lo, Math.Min(hi, 0xD7FF)));
            }

            if (hi >= 0xE000 && lo <= 0xFFFF)
            {
                bmp.Add((Math.Max(lo, 0xE000), Math.Min(hi, 0xFFFF)));
            }

            if (hi >= 0x10000)
            {
                AddSupplementary(Math.Max(lo, 0x10000), hi, parts);
            }
        }

        if (bmp.Count == 1 && bmp[0].Lo == bmp[0].Hi)
        {
            var one = new StringBuilder();
            EmitCodePoint(bmp[0].Lo, one);
            parts.Insert(0, one.ToString());
        }
        else if (bmp.Count > 0)
        {
            var cls = new StringBuilder("[");
            foreach (var (lo, hi) in bmp)
            {
                AppendClassRange(lo, hi, cls);
            }

            cls.Append(']');
            parts.Insert(0, cls.ToString());
        }

        if (parts.Count == 0)
        {
            sb.Append(NeverMatches);
        }
        else if (parts.Count == 1)
        {
            sb.Append(parts[0]);
        }
        else
        {
            sb.Append("(?:").AppendJoin('|', parts).Append(')');
        }
    }

    private static void AddSupplementary(int lo, int hi, List<string> parts)
    {
        int hl = 0xD800 + ((lo - 0x10000) >> 10);
        int ll = 0xDC00 + ((lo - 0x10000) & 0x3FF);
        int hh = 0xD800 + ((hi - 0x10000) >> 10);
        int lh = 0xDC00 + ((hi - 0x10000) & 0x3FF);
        var sb = new StringBuilder();
        void Pair(int h1, int h2, int l1, int l2)
        {
            sb.Clear();
            if (h1 == h2)
            {
                AppendUnit((char)h1, sb);
            }
            else
            {
                sb.Append('[');
                AppendClassRange(h1, h2, sb);
                sb.Append(']');
            }

            if (l1 == l2)
            {
                AppendUnit((char)l1, sb);
            }
            else
            {
                sb.Append('[');
                AppendClassRange(l1, l2, sb);
                sb.Append(']');
            }

            parts.Add(sb.ToString());
        }

        if (hl == hh)
        {
            Pair(hl, hl, ll, lh);
            return;
        }

        int midLo = hl;
        int midHi = hh;
        if (ll != 0xDC00)
        {
            Pair(hl, hl, ll, 0xDFFF);
            midLo = hl + 1;
        }

        if (lh != 0xDFFF)
        {
            midHi = hh - 1;
        }

        if (midLo <= midHi)
        {
            Pair(midLo, midHi, 0xDC00, 0xDFFF);
        }

        if (lh != 0xDFFF)
        {
            Pair(hh, hh, 0xDC00, lh);
        }
    }
}
