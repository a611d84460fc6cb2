using System.Text.Json.Nodes;

namespace Hesione.Server.Filtering;

/// <summary>
/// Typed access to an upstream JSON answer the proxy filters. Anything not of the expected shape throws
/// <see cref="FormatException"/>, which the caller turns into a 502: an answer that cannot be filtered is never
/// passed on.
/// </summary>
internal static class JsonShape
{
    public static JsonObject Object(JsonNode? node, string what) => node as JsonObject ?? throw new FormatException($"{what}: expected an object");

    public static JsonArray Array(JsonNode? node, string what) => node as JsonArray ?? throw new FormatException($"{what}: expected an array");

    public static string String(JsonNode? node, string what) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new FormatException($"{what}: expected a string");

    /// <summary>An optional boolean: <paramref name="absent"/> when missing or null.</summary>
    public static bool Bool(JsonNode? node, string what, bool absent) => node switch
    {
        null => absent,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        _ => throw new FormatException($"{what}: expected true or false"),
    };

    /// <summary>A label set (<c>{"name":"value",...}</c>); missing or null is the empty set.</summary>
    public static Dictionary<string, string> Labels(JsonNode? node, string what)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null) return labels;
        foreach (var (name, value) in Object(node, what)) labels[name] = String(value, what);
        return labels;
    }

    /// <summary>Removes the elements of <paramref name="array"/> for which <paramref name="keep"/> is false.</summary>
    public static void RemoveUnless(JsonArray array, Func<JsonNode?, bool> keep)
    {
        for (var i = array.Count - 1; i >= 0; i--)
            if (!keep(array[i])) array.RemoveAt(i);
    }
}
