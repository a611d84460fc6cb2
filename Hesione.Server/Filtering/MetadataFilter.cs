using System.Text.Json.Nodes;

namespace Hesione.Server.Filtering;

/// <summary>
/// Filters a Prometheus <c>/api/v1/metadata</c> answer (<c>{"data":{"metric":[{type,help,unit}]}}</c>) to the metric
/// names a tenant has series of. Metadata is kept per metric family, so a family is visible when the tenant has a
/// series of that name or of a sample name of the family (<c>_bucket</c>, <c>_count</c>, <c>_sum</c>, <c>_total</c>,
/// <c>_created</c>, <c>_info</c>, <c>_gcount</c>, <c>_gsum</c>). <c>limit</c> counts visible metrics only.
/// </summary>
internal static class MetadataFilter
{
    private static readonly string[] SampleSuffixes = ["_bucket", "_count", "_sum", "_total", "_created", "_info", "_gcount", "_gsum"];

    /// <summary>The metric names of a <c>/api/v1/label/__name__/values</c> answer.</summary>
    public static HashSet<string> Names(JsonNode root)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in JsonShape.Array(JsonShape.Object(root, "answer")["data"], "data"))
            names.Add(JsonShape.String(name, "data[]"));
        return names;
    }

    /// <summary>Removes every metric not visible through <paramref name="names"/>; keeps at most <paramref name="limit"/> (negative: all).</summary>
    public static void Apply(JsonNode root, IReadOnlySet<string> names, int limit)
    {
        var data = JsonShape.Object(JsonShape.Object(root, "answer")["data"], "data");
        var kept = 0;
        foreach (var family in data.Select(p => p.Key).ToList())
        {
            if (Visible(family, names) && (limit < 0 || kept < limit)) kept++;
            else data.Remove(family);
        }
    }

    private static bool Visible(string family, IReadOnlySet<string> names)
    {
        if (names.Contains(family)) return true;
        foreach (var suffix in SampleSuffixes)
            if (names.Contains(family + suffix)) return true;
        return false;
    }
}
