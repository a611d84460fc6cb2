using System.Text;
using System.Text.Json;

namespace Hesione.Tests.Operations;

/// <summary>
/// Random silence payloads posted by a receiver scoped to <c>namespace="team-a"</c> (with <c>on_conflict: reject</c>
/// when <c>rejectConflicts</c>, <c>intersect</c> otherwise), each with what must happen to it,
/// worked out independently of the proxy's reader from how it was built: every key is generated as a spelling of a
/// known field (random case, <c>ſ</c> for <c>s</c>, <c>\u00XX</c> escapes) or as a key Go folds to no field (<c>ıd</c>,
/// <c>İd</c>, a Kelvin sign, full-width letters), sometimes twice for one field; values are sometimes of the wrong type,
/// null or missing.
/// </summary>
internal sealed class SilencePayloads(Random random, string ownId, string otherId, bool rejectConflicts = false)
{
    /// <summary>A payload and its fate: refused with <see cref="Status"/>, or forwarded as exactly <see cref="Forwarded"/>.</summary>
    public sealed record Case(string Json, int Status, string? Forwarded, IReadOnlyList<Matcher> Matchers)
    {
        public override string ToString() => $"{Status} {Json}";
    }

    public sealed record Matcher(string Name, string Value, bool IsRegex, bool IsEqual);

    private sealed record Canonical(string? Id, Matcher[] Matchers, string StartsAt, string EndsAt, string CreatedBy, string Comment);

    private static readonly JsonSerializerOptions CanonicalOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly string[] UnknownKeys = ["status", "updatedAt", "\u0131d", "\u0130D", "\u212Aey", "ｉｄ", "matcher", "values", "is_regex", "\u0131sRegex", "n\u0430me"];

    private const int BadRequest = 400;
    private const int NotFound = 404;

    private bool Chance(double p) => random.NextDouble() < p;

    private T Pick<T>(params T[] items) => items[random.Next(items.Length)];

    /// <summary>A spelling Go folds to <paramref name="field"/>.</summary>
    private string Spell(string field)
    {
        var key = new StringBuilder();
        foreach (var c in field)
        {
            var spelled = char.IsAsciiLetter(c) && Chance(0.3) ? (char.IsAsciiLetterUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)) : c;
            if (c is 's' or 'S' && Chance(0.2)) spelled = '\u017F';
            key.Append(spelled);
        }
        return key.ToString();
    }

    /// <summary>A key as written in the JSON text, sometimes with a <c>\u</c> escape.</summary>
    private string KeyText(string key)
    {
        var text = new StringBuilder("\"");
        foreach (var c in key)
        {
            if (c < 0x80 && Chance(0.05)) text.Append($"\\u{(int)c:x4}");
            else text.Append(c);
        }
        return text.Append('"').ToString();
    }

    private static string Text(string value) => JsonSerializer.Serialize(value);

    /// <summary>One object of <paramref name="entries"/> (field, value JSON): each field sometimes twice, unknown keys added, in random order.</summary>
    private string Object(List<(string Field, string Value)> entries, ref bool duplicated)
    {
        var members = new List<string>();
        foreach (var (field, value) in entries)
        {
            members.Add($"{KeyText(Spell(field))}:{value}");
            if (Chance(0.04))
            {
                duplicated = true;
                members.Add($"{KeyText(Spell(field))}:{(Chance(0.5) ? value : Pick("\".+\"", "true", "false", "null", Text(otherId)))}");
            }
        }
        while (Chance(0.25)) members.Add($"{KeyText(Pick(UnknownKeys))}:{Pick("\".+\"", "true", "[1]", "{\"a\":1}", Text(otherId), "null")}");
        return "{" + string.Join(",", members.OrderBy(_ => random.Next())) + "}";
    }

    public Case Next()
    {
        var refused = false;
        var duplicated = false;
        var matchers = new List<Matcher>();
        var matcherTexts = new List<string>();
        var count = Chance(0.02) ? 0 : random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            if (Chance(0.01))
            {
                matcherTexts.Add(Pick("null", "1", "[]"));
                refused = true;
                continue;
            }
            var name = Pick("alertname", "namespace", "severity");
            var value = name == "namespace" ? Pick("team-a", "team-b", ".+", "team-.*") : Pick("A1", "B.*", "x\"y", "ü<>&");
            var isRegex = Chance(0.4);
            var isEqual = !Chance(0.2);
            var entries = new List<(string, string)> { ("name", Text(name)), ("value", Text(value)) };
            entries.Add(("isRegex", Chance(0.03) ? Pick("\"true\"", "0", "null") : isRegex ? "true" : "false"));
            if (entries[^1].Item2 is not ("true" or "false")) refused = true;
            switch (random.Next(10))
            {
                case < 6: entries.Add(("isEqual", isEqual ? "true" : "false")); break;
                case 6: entries.Add(("isEqual", "null")); isEqual = true; break;
                case 7 when Chance(0.3): entries.Add(("isEqual", "\"false\"")); refused = true; break;
                default: isEqual = true; break;
            }
            if (Chance(0.02)) { entries.RemoveAt(random.Next(3)); refused = true; }
            matcherTexts.Add(Object(entries, ref duplicated));
            matchers.Add(new Matcher(name, value, isRegex, isEqual));
        }
        if (count == 0) refused = true;

        var silence = new List<(string, string)> { ("matchers", "[" + string.Join(",", matcherTexts) + "]") };
        string? id = null;
        var otherTenant = false;
        switch (random.Next(8))
        {
            case 0: silence.Add(("id", Text(ownId))); id = ownId; break;
            case 1: silence.Add(("id", Text(ownId.ToUpperInvariant()))); id = ownId; break;
            case 2: silence.Add(("id", Text(otherId))); otherTenant = true; break;
            case 3: silence.Add(("id", Pick("\"\"", "null"))); break;
            case 4 when Chance(0.2): silence.Add(("id", "5")); refused = true; break;
        }
        var starts = DateTime.UtcNow.ToString("o");
        var ends = DateTime.UtcNow.AddHours(1).ToString("o");
        var createdBy = Pick("test", "ſ\u212A", "a\"b");
        var comment = Pick("fuzz", "<script>", "\u0131");
        foreach (var (field, value) in new[] { ("startsAt", Text(starts)), ("endsAt", Text(ends)), ("createdBy", Text(createdBy)), ("comment", Text(comment)) })
        {
            if (Chance(0.01)) { refused = true; continue; }
            if (Chance(0.01)) { silence.Add((field, Pick("null", "1", "false"))); refused = true; continue; }
            silence.Add((field, value));
        }
        var json = Object(silence, ref duplicated);

        if (refused || duplicated) return new Case(json, BadRequest, null, []);
        if (rejectConflicts && matchers.Where(m => m.Name == "namespace").Any(m => !Admits(m, "team-a"))) return new Case(json, BadRequest, null, []);
        if (otherTenant) return new Case(json, NotFound, null, []);
        // Inside already: an equality or a literal regex with the scope's value.
        if (!matchers.Exists(m => m is { Name: "namespace", Value: "team-a", IsEqual: true })) matchers.Add(new Matcher("namespace", "team-a", false, true));
        var forwarded = JsonSerializer.Serialize(new Canonical(id, [.. matchers], starts, ends, createdBy, comment), CanonicalOptions);
        return new Case(json, 200, forwarded, matchers);
    }

    /// <summary>Whether the matcher admits the label value (a conflict with the scope when it does not).</summary>
    private static bool Admits(Matcher matcher, string value)
    {
        var matches = matcher.IsRegex ? System.Text.RegularExpressions.Regex.IsMatch(value, $"^(?:{matcher.Value})$") : matcher.Value == value;
        return matches == matcher.IsEqual;
    }
}
