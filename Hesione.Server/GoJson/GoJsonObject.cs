using System.Text.Json;

namespace Hesione.Server.GoJson;

/// <summary>
/// A client's JSON object read the way Go's <c>encoding/json</c> reads it into a struct, for JSON bound for an
/// upstream written in Go (Alertmanager): what Hesione checks is then exactly what the upstream would act on.
/// <list type="bullet">
/// <item>A key names a field when it equals the field's name under Go's case folding (<see cref="GoKeyFold"/>), so
/// <c>"Value"</c> and <c>"iſRegex"</c> are read as Go reads them.</item>
/// <item>Two keys naming the same field are refused (Go would keep the last, other readers the first): whichever one
/// a reader picks, an object that could be read two ways is never forwarded.</item>
/// <item>Keys naming no field are ignored, as Go ignores them; the caller forwards only what it rebuilt from the
/// fields it read, so they never reach the upstream.</item>
/// <item>Types are Go's: a string field takes a JSON string, a bool field <c>true</c> or <c>false</c>; <c>null</c>
/// leaves the field unset; anything else (a string where a bool is expected) is refused.</item>
/// </list>
/// Every refusal is a <see cref="FormatException"/> naming the place (<c>silence.matchers[0].isRegex</c>).
/// </summary>
internal sealed class GoJsonObject
{
    private readonly string _what;
    private readonly Dictionary<string, JsonElement> _values;

    private GoJsonObject(string what, Dictionary<string, JsonElement> values)
    {
        _what = what;
        _values = values;
    }

    /// <summary>Reads <paramref name="element"/>, which must be an object, for <paramref name="fields"/>.</summary>
    public static GoJsonObject Read(JsonElement element, string what, GoJsonFields fields)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new FormatException($"{what}: expected an object");
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var key = property.Name;
            if (fields.Find(key) is not { } field) continue;
            if (!keys.TryAdd(field, key))
                throw new FormatException($"{what}: keys \"{keys[field]}\" and \"{key}\" both name the field \"{field}\"");
            if (property.Value.ValueKind != JsonValueKind.Null) values[field] = property.Value;
        }
        return new GoJsonObject(what, values);
    }

    /// <summary>A string field, or null when absent or <c>null</c>.</summary>
    public string? String(string field) => Value(field) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw TypeError(field, "a string"),
    };

    /// <summary>A string field that must be set.</summary>
    public string RequiredString(string field) => String(field) ?? throw Missing(field);

    /// <summary>A bool field, or null when absent or <c>null</c>.</summary>
    public bool? Bool(string field) => Value(field) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw TypeError(field, "true or false"),
    };

    /// <summary>A bool field that must be set.</summary>
    public bool RequiredBool(string field) => Bool(field) ?? throw Missing(field);

    /// <summary>The elements of an array field that must be set.</summary>
    public JsonElement.ArrayEnumerator RequiredArray(string field) => Value(field) switch
    {
        null => throw Missing(field),
        { ValueKind: JsonValueKind.Array } value => value.EnumerateArray(),
        _ => throw TypeError(field, "an array"),
    };

    /// <summary>Where a field stands, for messages and for reading the objects inside it.</summary>
    public string PathOf(string field) => $"{_what}.{field}";

    private JsonElement? Value(string field) => _values.TryGetValue(field, out var value) ? value : null;

    private FormatException TypeError(string field, string expected) => new($"{PathOf(field)}: expected {expected}");

    private FormatException Missing(string field) => new($"{PathOf(field)}: required");
}
