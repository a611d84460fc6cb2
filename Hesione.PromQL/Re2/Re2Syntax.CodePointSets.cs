namespace Hesione.PromQL.Re2;

// Code-point sets: Perl and POSIX groups, normalisation, complement.
public static partial class Re2Syntax
{
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
}
