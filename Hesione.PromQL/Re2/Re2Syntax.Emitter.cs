using System.Globalization;
using System.Text;

namespace Hesione.PromQL.Re2;

// Emission of .NET regex syntax from the parse tree.
public static partial class Re2Syntax
{
    private const string WordClass = "[0-9A-Za-z_]";

    /// <summary>An empty class: matches nothing, and, unlike <c>(?!)</c>, is not a lookaround.</summary>
    private const string NoCodeUnit = @"[^\u0000-\uFFFF]";

    /// <summary>Whether the tree has a word boundary, the one node emitted as lookarounds.</summary>
    private static bool HasWordBoundary(Node node) =>
        node.Kind is Kind.WordBoundary or Kind.NoWordBoundary || node.Subs.Any(HasWordBoundary);

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
            sb.Append(NoCodeUnit); // a surrogate code point never occurs in well-formed text
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
            sb.Append(NoCodeUnit);
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
            Units(h1, h2);
            Units(l1, l2);
            parts.Add(sb.ToString());
        }

        // One code unit, or a class of them.
        void Units(int first, int last)
        {
            if (first == last)
            {
                AppendUnit((char)first, sb);
            }
            else
            {
                sb.Append('[');
                AppendClassRange(first, last, sb);
                sb.Append(']');
            }
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
