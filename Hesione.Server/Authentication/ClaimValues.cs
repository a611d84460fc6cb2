using System.Text.Json;

namespace Hesione.Server.Authentication;

/// <summary>
/// The value of one claim of a verified token, as strings: a string claim gives one, an array of strings each of its
/// elements. Anything else (a number, an object, an array holding a non-string, a claim given twice) is unusable, like
/// a missing claim.
/// </summary>
internal readonly struct ClaimValues(string[] values, bool isArray)
{
    public string[] Values { get; } = values;

    public bool IsArray { get; } = isArray;

    /// <summary>The most values taken from one array claim; a token with more gets no scope.</summary>
    public const int MaxValues = 256;

    /// <summary>The values of claim <paramref name="name"/>, or null when it is missing or unusable.</summary>
    public static ClaimValues? Read(JsonElement claims, string name)
    {
        JsonElement? found = null;
        foreach (var property in claims.EnumerateObject())
        {
            if (!property.NameEquals(name)) continue;
            if (found is not null) return null;
            found = property.Value;
        }
        switch (found?.ValueKind)
        {
            case JsonValueKind.String:
                return new ClaimValues([found.Value.GetString()!], isArray: false);
            case JsonValueKind.Array when found.Value.GetArrayLength() <= MaxValues:
                var values = new string[found.Value.GetArrayLength()];
                var i = 0;
                foreach (var element in found.Value.EnumerateArray())
                {
                    if (element.ValueKind != JsonValueKind.String) return null;
                    values[i++] = element.GetString()!;
                }
                return new ClaimValues(values, isArray: true);
            default:
                return null;
        }
    }

    /// <summary>The values of a string claim (one) or an array claim, or null.</summary>
    public static string[]? Of(JsonElement claims, string name) => Read(claims, name)?.Values;

    /// <summary>
    /// Whether a claim value can become a label value: not empty (an empty value would select the series without the
    /// label), at most 1024 characters, well-formed Unicode, no control characters.
    /// </summary>
    public static bool IsLabelValue(string value)
    {
        if (value.Length is 0 or > 1024) return false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c)) return false;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else if (char.IsSurrogate(c)) return false;
        }
        return true;
    }
}
