using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using Hesione.PromQL.Ast;
using Hesione.Server.GoJson;

namespace Hesione.Server.Alertmanager;

/// <summary>One matcher of a posted silence, as Alertmanager reads it (<c>isEqual</c> defaults to true).</summary>
internal sealed record SilenceMatcher(string Name, string Value, bool IsRegex, bool IsEqual)
{
    /// <summary>The matcher as a PromQL label matcher.</summary>
    public LabelMatcher ToLabelMatcher() => new(Name, (IsEqual, IsRegex) switch
    {
        (true, false) => MatcherType.Equal,
        (false, false) => MatcherType.NotEqual,
        (true, true) => MatcherType.Regex,
        _ => MatcherType.NotRegex,
    }, Value);
}

/// <summary>
/// A silence posted to <c>/api/v2/silences</c>, read as Alertmanager (Go <c>encoding/json</c> into its
/// <c>PostableSilence</c>) reads it, with <see cref="GoJsonObject"/>: keys in any case Go folds together, two keys for
/// one field refused at every level, unknown keys ignored, Go's types. Only these fields are read, and
/// <see cref="ToJson"/> writes only them: the forwarded silence is this record, never the client's bytes.
/// </summary>
internal sealed record PostedSilence(string? Id, ImmutableArray<SilenceMatcher> Matchers, string StartsAt, string EndsAt, string CreatedBy, string Comment)
{
    private static readonly GoJsonFields SilenceFields = new("id", "matchers", "startsAt", "endsAt", "createdBy", "comment");
    private static readonly GoJsonFields MatcherFields = new("name", "value", "isRegex", "isEqual");

    /// <summary>Reads a client's silence; a <see cref="FormatException"/> or <see cref="JsonException"/> says why it is refused.</summary>
    public static PostedSilence Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        try
        {
            var silence = GoJsonObject.Read(document.RootElement, "silence", SilenceFields);
            var matchers = ImmutableArray.CreateBuilder<SilenceMatcher>();
            foreach (var element in silence.RequiredArray("matchers"))
            {
                var matcher = GoJsonObject.Read(element, $"{silence.PathOf("matchers")}[{matchers.Count}]", MatcherFields);
                matchers.Add(new SilenceMatcher(matcher.RequiredString("name"), matcher.RequiredString("value"),
                    matcher.RequiredBool("isRegex"), matcher.Bool("isEqual") ?? true));
            }
            if (matchers.Count == 0) throw new FormatException("silence.matchers: at least one matcher is needed");
            var id = silence.String("id");
            return new PostedSilence(string.IsNullOrEmpty(id) ? null : id, matchers.ToImmutable(),
                silence.RequiredString("startsAt"), silence.RequiredString("endsAt"), silence.RequiredString("createdBy"), silence.RequiredString("comment"));
        }
        catch (InvalidOperationException e)
        {
            // A key or string with an escaped lone surrogate, which .NET cannot hold as a string.
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>The silence as forwarded: these fields only, in this order, spelled as Alertmanager writes them.</summary>
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (Id is not null) writer.WriteString("id", Id);
            writer.WriteStartArray("matchers");
            foreach (var matcher in Matchers)
            {
                writer.WriteStartObject();
                writer.WriteString("name", matcher.Name);
                writer.WriteString("value", matcher.Value);
                writer.WriteBoolean("isRegex", matcher.IsRegex);
                writer.WriteBoolean("isEqual", matcher.IsEqual);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteString("startsAt", StartsAt);
            writer.WriteString("endsAt", EndsAt);
            writer.WriteString("createdBy", CreatedBy);
            writer.WriteString("comment", Comment);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <inheritdoc/>
    public bool Equals(PostedSilence? other) =>
        other is not null && Id == other.Id && Matchers.AsSpan().SequenceEqual(other.Matchers.AsSpan()) && StartsAt == other.StartsAt
        && EndsAt == other.EndsAt && CreatedBy == other.CreatedBy && Comment == other.Comment;

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Id);
        foreach (var matcher in Matchers) hash.Add(matcher);
        hash.Add(StartsAt);
        hash.Add(EndsAt);
        hash.Add(CreatedBy);
        hash.Add(Comment);
        return hash.ToHashCode();
    }
}
