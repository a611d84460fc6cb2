using System.Collections.Immutable;

namespace Hesione.PromQL.Ast;

/// <summary>Element-wise equality and hashing for the immutable lists held by nodes.</summary>
internal static class NodeEquality
{
    public static bool ListEqual<T>(ImmutableArray<T> a, ImmutableArray<T> b)
    {
        if (a.IsDefaultOrEmpty || b.IsDefaultOrEmpty) return a.IsDefaultOrEmpty == b.IsDefaultOrEmpty;
        if (a.Length != b.Length) return false;
        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < a.Length; i++)
            if (!comparer.Equals(a[i], b[i])) return false;
        return true;
    }

    public static int ListHash<T>(ImmutableArray<T> list)
    {
        var hash = new HashCode();
        if (!list.IsDefault)
            foreach (var item in list) hash.Add(item);
        return hash.ToHashCode();
    }

    /// <summary>Bitwise equality for doubles, so that NaN equals NaN and a tree equals itself.</summary>
    public static bool NumberEqual(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) || a == b;

    /// <summary>Equality of two lists as multisets: the same elements, in any order.</summary>
    public static bool SetEqual<T>(ImmutableArray<T> a, ImmutableArray<T> b) where T : notnull
    {
        if (ListEqual(a, b)) return true;
        if (a.IsDefaultOrEmpty || b.IsDefaultOrEmpty || a.Length != b.Length) return false;
        var counts = new Dictionary<T, int>();
        foreach (var item in a) counts[item] = counts.GetValueOrDefault(item) + 1;
        foreach (var item in b)
        {
            if (!counts.TryGetValue(item, out var n) || n == 0) return false;
            counts[item] = n - 1;
        }
        return true;
    }

    /// <summary>A hash that ignores element order, consistent with <see cref="SetEqual{T}"/>.</summary>
    public static int SetHash<T>(ImmutableArray<T> list)
    {
        var hash = 0;
        if (!list.IsDefault)
            foreach (var item in list) hash += item is null ? 0 : EqualityComparer<T>.Default.GetHashCode(item);
        return hash;
    }
}
