using System.Text;
using System.Text.Json;
using FluentAssertions;
using Hesione.Server.Alertmanager;
using Hesione.Server.GoJson;
using Xunit;

namespace Hesione.Tests.Server;

/// <summary>Client JSON read as Go's encoding/json reads it: key folding, duplicate fields, unknown keys, types.</summary>
public sealed class GoJsonTests
{
    private static readonly GoJsonFields Matcher = new("name", "value", "isRegex", "isEqual");

    [Theory]
    [InlineData("isRegex", "ISREGEX")]
    [InlineData("IsRegex", "ISREGEX")]
    [InlineData("i\u017FRegex", "ISREGEX")]
    [InlineData("\u212Aind", "KIND")]
    [InlineData("\u0131d", "\u0131D")]
    [InlineData("\u0130D", "\u0130D")]
    [InlineData("ID_9", "ID_9")]
    public void Keys_fold_as_Go_folds_them(string key, string folded) => GoKeyFold.Fold(key).Should().Be(folded);

    [Theory]
    [InlineData("value", "value")]
    [InlineData("Value", "value")]
    [InlineData("VALUE", "value")]
    [InlineData("iſregex", "isRegex")]
    [InlineData("IſEQUAL", "isEqual")]
    [InlineData("nAmE", "name")]
    [InlineData("n\u0430me", null)]
    [InlineData("\u0131sRegex", null)]
    [InlineData("\u0130sRegex", null)]
    [InlineData("value ", null)]
    [InlineData("values", null)]
    [InlineData("", null)]
    public void A_key_names_the_field_Go_would_bind_it_to(string key, string? field) => Matcher.Find(key).Should().Be(field);

    [Fact]
    public void Field_names_must_be_ASCII_so_that_the_fold_is_exactly_Gos()
    {
        var act = () => new GoJsonFields("naïve");
        act.Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData("""{"value":"a","Value":"b"}""")]
    [InlineData("""{"Value":"b","value":"a"}""")]
    [InlineData("""{"value":null,"VALUE":"b"}""")]
    [InlineData("""{"isRegex":false,"iſRegex":true}""")]
    [InlineData("""{"\u0069sRegex":false,"isRegex":true}""")]
    public void Two_keys_for_one_field_are_refused(string json)
    {
        var act = () => GoJsonObject.Read(JsonDocument.Parse(json).RootElement, "matcher", Matcher);
        act.Should().Throw<FormatException>().WithMessage("matcher: keys * both name the field *");
    }

    [Fact]
    public void Unknown_keys_are_ignored_and_null_leaves_a_field_unset()
    {
        var matcher = GoJsonObject.Read(JsonDocument.Parse("""{"Name":"a","vaLue":null,"status":{"x":[1,2]},"ıd":"x"}""").RootElement, "matcher", Matcher);
        matcher.String("name").Should().Be("a");
        matcher.String("value").Should().BeNull();
        matcher.Bool("isEqual").Should().BeNull();
    }

    [Theory]
    [InlineData("""{"isRegex":"true"}""", "matcher.isRegex: expected true or false")]
    [InlineData("""{"isRegex":1}""", "matcher.isRegex: expected true or false")]
    [InlineData("""{"name":5}""", "matcher.name: expected a string")]
    [InlineData("""{"name":["a"]}""", "matcher.name: expected a string")]
    [InlineData("""{"name":true}""", "matcher.name: expected a string")]
    public void Types_are_checked_as_Go_checks_them(string json, string message)
    {
        var matcher = GoJsonObject.Read(JsonDocument.Parse(json).RootElement, "matcher", Matcher);
        var act = () => (object?)matcher.Bool("isRegex") ?? matcher.String("name");
        act.Should().Throw<FormatException>().WithMessage(message);
    }
}

/// <summary>A posted silence: read as Alertmanager reads it, written back as rebuilt from the fields read only.</summary>
public sealed class PostedSilenceTests
{
    private const string Times = "\"startsAt\":\"2024-01-01T00:00:00Z\",\"endsAt\":\"2024-01-01T01:00:00Z\",\"createdBy\":\"me\",\"comment\":\"c\"";

    private static string Rebuilt(string json) => Encoding.UTF8.GetString(PostedSilence.Read(json).ToJson());

    [Fact]
    public void A_silence_is_forwarded_as_rebuilt_in_one_canonical_spelling()
    {
        var json = """{"Matchers":[{"Name":"alertname","Value":"A<1>","IsRegex":false,"status":"x"}],"ſtartsAt":"2024-01-01T00:00:00Z","ENDSAT":"2024-01-01T01:00:00Z","CreatedBy":"me","comment":"c","updatedAt":"x","\u0131d":"x"}""";
        Rebuilt(json).Should().Be("""{"matchers":[{"name":"alertname","value":"A\u003C1\u003E","isRegex":false,"isEqual":true}],""" + Times + "}");
    }

    [Fact]
    public void The_id_is_read_in_any_spelling_Go_accepts_and_empty_means_none()
    {
        PostedSilence.Read("""{"ID":"abc","matchers":[{"name":"a","value":"b","isRegex":true,"isEqual":false}],""" + Times + "}").Id.Should().Be("abc");
        PostedSilence.Read("""{"\u0049d":"abc","matchers":[{"name":"a","value":"b","isRegex":true}],""" + Times + "}").Id.Should().Be("abc");
        PostedSilence.Read("""{"id":"","matchers":[{"name":"a","value":"b","isRegex":true}],""" + Times + "}").Id.Should().BeNull();
        PostedSilence.Read("""{"id":null,"matchers":[{"name":"a","value":"b","isRegex":true}],""" + Times + "}").Id.Should().BeNull();
    }

    [Theory]
    [InlineData("""{"matchers":[{"name":"a","value":"b","isRegex":false,"Value":".+"}],""", "silence.matchers[0]: keys \"value\" and \"Value\" both name the field \"value\"")]
    [InlineData("""{"matchers":[{"name":"a","value":"b","isRegex":false}],"Matchers":[],""", "silence: keys \"matchers\" and \"Matchers\" both name the field \"matchers\"")]
    [InlineData("""{"Id":"x","id":"y","matchers":[{"name":"a","value":"b","isRegex":false}],""", "silence: keys \"Id\" and \"id\" both name the field \"id\"")]
    [InlineData("""{"matchers":[{"name":"a","value":"b"}],""", "silence.matchers[0].isRegex: required")]
    [InlineData("""{"matchers":[{"name":"a","value":"b","isRegex":"false"}],""", "silence.matchers[0].isRegex: expected true or false")]
    [InlineData("""{"matchers":[{"name":"a","value":"b","isRegex":false},null],""", "silence.matchers[1]: expected an object")]
    [InlineData("""{"matchers":[],""", "silence.matchers: at least one matcher is needed")]
    [InlineData("""{"matchers":{},""", "silence.matchers: expected an array")]
    [InlineData("""{"id":5,"matchers":[{"name":"a","value":"b","isRegex":false}],""", "silence.id: expected a string")]
    public void Ambiguous_incomplete_or_mistyped_silences_are_refused(string start, string message)
    {
        var act = () => PostedSilence.Read(start + Times + "}");
        act.Should().Throw<FormatException>().WithMessage(message);
    }

    [Theory]
    [InlineData("""{"matchers":[{"name":"a","value":"b","isRegex":false}],"comment":"c"}""")]
    [InlineData("""{"matchers":[{"name":"a","value":"b","isRegex":false}],"startsAt":null,"endsAt":"x","createdBy":"me","comment":"c"}""")]
    [InlineData("""{"matchers":[{"name":"a","value":"b","isRegex":false}],"startsAt":1,"endsAt":"x","createdBy":"me","comment":"c"}""")]
    [InlineData("""{"matchers":[{"name":"\ud800","value":"b","isRegex":false}],"startsAt":"x","endsAt":"x","createdBy":"me","comment":"c"}""")]
    [InlineData("""{"\ud800":1,"matchers":[{"name":"a","value":"b","isRegex":false}],"startsAt":"x","endsAt":"x","createdBy":"me","comment":"c"}""")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Missing_fields_and_strings_dotnet_cannot_hold_are_refused(string json)
    {
        var act = () => PostedSilence.Read(json);
        act.Should().Throw<FormatException>();
    }

    [Theory]
    [InlineData("""{"matchers":[{"name":"a","value":"b","isRegex":false}],"startsAt":"x","endsAt":"x","createdBy":"me","comment":"c"} trailing""")]
    [InlineData("""{"matchers":[{"name":"a","value":"b","isRegex":false},],"startsAt":"x","endsAt":"x","createdBy":"me","comment":"c"}""")]
    public void Invalid_JSON_is_refused(string json)
    {
        var act = () => PostedSilence.Read(json);
        act.Should().Throw<JsonException>();
    }

    [Fact]
    public void Equal_silences_compare_equal_by_value()
    {
        var json = """{"matchers":[{"name":"a","value":"b","isRegex":false}],""" + Times + "}";
        var a = PostedSilence.Read(json);
        var b = PostedSilence.Read(json);
        a.Should().Be(b);
        a.GetHashCode().Should().Be(b.GetHashCode());
        (a with { Matchers = [new SilenceMatcher("a", "c", false, true)] }).Should().NotBe(b);
    }
}
