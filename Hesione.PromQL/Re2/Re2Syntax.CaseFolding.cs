using System.Text;

namespace Hesione.PromQL.Re2;

public static partial class Re2Syntax
{
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
}
