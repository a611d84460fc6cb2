using System.Collections.Immutable;
using Hesione.PromQL.Ast;

namespace Hesione.PromQL.MetricsQL;

/// <summary>Rules for the or-groups of a MetricsQL selector (<c>{a="1",b="2" or c="3"}</c>).</summary>
internal static class SelectorGroups
{
    public static bool IsNameFilter(LabelMatcher m) => m.Name == LabelMatcher.MetricNameLabel && m.Type == MatcherType.Equal;

    /// <summary>The metric name shared by every group as its first filter, or the empty string.</summary>
    public static string MetricName(ImmutableArray<ImmutableArray<LabelMatcher>> groups)
    {
        if (groups.IsDefaultOrEmpty) return "";
        var first = groups[0];
        if (first.IsEmpty || !IsNameFilter(first[0])) return "";
        var name = first[0].Value;
        foreach (var g in groups)
            if (g.IsEmpty || !IsNameFilter(g[0]) || g[0].Value != name) return "";
        return name;
    }

    /// <summary>A group without repeated filters, its metric-name filter (if any) first.</summary>
    public static ImmutableArray<LabelMatcher> Normalize(IEnumerable<LabelMatcher> filters)
    {
        var list = ImmutableArray.CreateBuilder<LabelMatcher>();
        var nameAt = -1;
        foreach (var f in filters)
        {
            if (list.Contains(f)) continue;
            if (nameAt < 0 && IsNameFilter(f)) nameAt = list.Count;
            list.Add(f);
        }
        if (nameAt > 0)
        {
            var name = list[nameAt];
            list.RemoveAt(nameAt);
            list.Insert(0, name);
        }
        return list.ToImmutable();
    }
}
