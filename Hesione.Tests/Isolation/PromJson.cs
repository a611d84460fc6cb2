using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hesione.Tests.Isolation;

/// <summary>
/// Canonical text form of a Prometheus HTTP API answer, for exact comparison: status code, <c>status</c>, then the data
/// with series sorted by label set and values kept verbatim. <c>stats</c>, <c>warnings</c>, <c>infos</c>,
/// <c>isPartial</c> and error messages are ignored (only <c>errorType</c> is kept for errors).
/// </summary>
public static class PromJson
{
    public static string Normalise(HttpStatusCode status, string body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return $"{(int)status} <not JSON> {Truncate(body, 300)}";
        }

        var sb = new StringBuilder();
        sb.Append((int)status).Append(' ').Append(root?["status"]?.GetValue<string>() ?? "<no status>").Append('\n');
        if (root?["status"]?.GetValue<string>() == "error")
        {
            sb.Append("errorType=").Append(root["errorType"]?.ToJsonString() ?? "<none>").Append('\n');
            return sb.ToString();
        }

        AppendData(sb, root?["data"]);
        return sb.ToString();
    }

    /// <summary>Every label set in a vector/matrix result or series list (empty for other answers).</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> LabelSets(string body)
    {
        var data = JsonNode.Parse(body)?["data"];
        var items = data switch
        {
            JsonObject o when o["result"] is JsonArray r => r.Select(x => x?["metric"]),
            JsonArray a when a.All(x => x is JsonObject) => a.AsEnumerable(),
            _ => [],
        };
        return items
            .OfType<JsonObject>()
            .Select(o => (IReadOnlyDictionary<string, string>)o.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? ""))
            .ToList();
    }

    /// <summary>The string list of a labels / label values answer.</summary>
    public static IReadOnlyList<string> Strings(string body) =>
        (JsonNode.Parse(body)?["data"] as JsonArray ?? []).Select(x => x?.GetValue<string>() ?? "").ToList();

    private static void AppendData(StringBuilder sb, JsonNode? data)
    {
        switch (data)
        {
            case null:
                sb.Append("data=null\n");
                break;
            case JsonObject o when o["resultType"] is not null:
                var type = o["resultType"]!.GetValue<string>();
                sb.Append("resultType=").Append(type).Append('\n');
                var result = o["result"];
                if (type is "vector" or "matrix" && result is JsonArray series)
                {
                    foreach (var line in series.Select(s => SeriesLine(s!)).Order(StringComparer.Ordinal))
                    {
                        sb.Append(line).Append('\n');
                    }
                }
                else
                {
                    sb.Append(result?.ToJsonString() ?? "null").Append('\n');
                }

                break;
            case JsonArray a when a.All(x => x is JsonValue):
                foreach (var s in a.Select(x => x!.ToJsonString()).Order(StringComparer.Ordinal))
                {
                    sb.Append(s).Append('\n');
                }

                break;
            case JsonArray a:
                foreach (var s in a.Select(x => x is JsonObject o ? Labels(o) : x?.ToJsonString() ?? "null").Order(StringComparer.Ordinal))
                {
                    sb.Append(s).Append('\n');
                }

                break;
            default:
                sb.Append(data.ToJsonString()).Append('\n');
                break;
        }
    }

    private static string SeriesLine(JsonNode s)
    {
        var sb = new StringBuilder(Labels(s["metric"] as JsonObject));
        if (s["value"] is JsonArray v)
        {
            sb.Append(" => ").Append(Point(v));
        }

        if (s["values"] is JsonArray vs)
        {
            sb.Append(" => ").AppendJoin(' ', vs.Select(p => Point((JsonArray)p!)));
        }

        if (s["histogram"] is { } h)
        {
            sb.Append(" histogram ").Append(h.ToJsonString());
        }

        if (s["histograms"] is { } hs)
        {
            sb.Append(" histograms ").Append(hs.ToJsonString());
        }

        return sb.ToString();
    }

    private static string Point(JsonArray p) => $"{p[0]?.ToJsonString()}:{p[1]?.GetValue<string>()}";

    private static string Labels(JsonObject? metric)
    {
        if (metric is null)
        {
            return "{}";
        }

        var pairs = metric
            .Select(kv => (kv.Key, Value: kv.Value?.GetValue<string>() ?? ""))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}={JsonSerializer.Serialize(kv.Value)}");
        return "{" + string.Join(",", pairs) + "}";
    }

    public static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + $"… ({s.Length} chars)";
}
