using System.Net;
using System.Text.Json;
using FluentAssertions;
using Hesione.Tests.Server;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary>
/// Silences crafted the way Alertmanager (Go encoding/json: keys folded, the last of repeated keys kept) reads them
/// differently from an exact-case reader, posted by team-a to a real Alertmanager through the proxy: each is refused,
/// or stored inside team-a's scope, and team-b's silence stays as it was.
/// </summary>
public sealed class SilenceAttackTests(AlertmanagerFixture fixture) : IClassFixture<AlertmanagerFixture>
{
    private static readonly string Starts = DateTime.UtcNow.ToString("o");
    private static readonly string Ends = DateTime.UtcNow.AddHours(1).ToString("o");
    private static readonly string Times = $"\"startsAt\":\"{Starts}\",\"endsAt\":\"{Ends}\",\"createdBy\":\"test\",\"comment\":\"test\"";

    private TestProxy Proxy => fixture.Proxy;

    private Task<(HttpStatusCode Status, JsonElement Json)> PostAsync(string json) => Proxy.SendJsonAsync(HttpMethod.Post, "team-a/api/v2/silences", json);

    private async Task<int> SilenceCountAsync() => JsonDocument.Parse(await fixture.Direct.GetStringAsync("api/v2/silences")).RootElement.GetArrayLength();

    private async Task TeamBSilenceIsUntouchedAsync()
    {
        var silence = await fixture.DirectSilenceAsync(fixture.TeamBSilence);
        silence.GetProperty("status").GetProperty("state").GetString().Should().Be("active");
        silence.GetProperty("matchers").EnumerateArray().Select(m => (m.GetProperty("name").GetString(), m.GetProperty("value").GetString(), m.GetProperty("isRegex").GetBoolean()))
            .Should().Equal(("namespace", "team-b", false));
    }

    /// <summary>The silence Alertmanager stored, as (name, value, isRegex, isEqual) tuples.</summary>
    private async Task<List<(string?, string?, bool, bool)>> StoredMatchersAsync(JsonElement created) =>
        (await fixture.DirectSilenceAsync(created.GetProperty("silenceID").GetString()!)).GetProperty("matchers").EnumerateArray()
            .Select(m => (m.GetProperty("name").GetString(), m.GetProperty("value").GetString(), m.GetProperty("isRegex").GetBoolean(), m.GetProperty("isEqual").GetBoolean()))
            .ToList();

    private async Task RefusedAsync(string json, HttpStatusCode status, string because)
    {
        var before = await SilenceCountAsync();
        var (answer, error) = await PostAsync(json);
        answer.Should().Be(status, because: because);
        error.GetProperty("status").GetString().Should().Be("error");
        (await SilenceCountAsync()).Should().Be(before, because: "nothing reached the Alertmanager");
        await TeamBSilenceIsUntouchedAsync();
    }

    [OperationsTheory]
    [InlineData("Id")]
    [InlineData("ID")]
    [InlineData("iD")]
    [InlineData("\\u0049d")]
    public async Task An_id_in_any_spelling_naming_another_tenants_silence_is_refused(string key) =>
        await RefusedAsync($$"""{"{{key}}":"{{fixture.TeamBSilence}}","matchers":[{"name":"namespace","value":"team-a","isRegex":false}],{{Times}}}""",
            HttpStatusCode.NotFound, "the id names team-b's silence, as Alertmanager reads it");

    [OperationsFact]
    public async Task A_key_Go_does_not_fold_to_id_is_ignored_by_both_and_creates_a_new_silence()
    {
        var (status, created) = await PostAsync($$"""{"ıd":"{{fixture.TeamBSilence}}","İd":"{{fixture.TeamBSilence}}","matchers":[{"name":"alertname","value":"A1","isRegex":false}],{{Times}}}""");

        status.Should().Be(HttpStatusCode.OK);
        created.GetProperty("silenceID").GetString().Should().NotBe(fixture.TeamBSilence);
        (await StoredMatchersAsync(created)).Should().Equal(("alertname", "A1", false, true), ("namespace", "team-a", false, true));
        await TeamBSilenceIsUntouchedAsync();
    }

    [OperationsTheory]
    [InlineData("""{"name":"namespace","value":"team-a","isRegex":false,"Value":".+","IsRegex":true}""")]
    [InlineData("""{"name":"namespace","value":"team-a","isRegex":false,"VALUE":".+"}""")]
    [InlineData("""{"name":"namespace","value":"team-a","isRegex":false,"iſRegex":true}""")]
    [InlineData("""{"name":"namespace","value":"team-a","isRegex":false,"isEqual":true,"IsEqual":false}""")]
    [InlineData("""{"name":"namespace","Name":"alertname","value":"team-a","isRegex":false}""")]
    [InlineData("""{"name":"namespace","value":"team-a","isRegex":false,"\u0069sRegex":true}""")]
    public async Task Duplicate_keys_nested_in_a_matcher_are_refused(string matcher) =>
        await RefusedAsync($$"""{"matchers":[{"name":"alertname","value":"A1","isRegex":false},{{matcher}}],{{Times}}}""",
            HttpStatusCode.BadRequest, "Alertmanager would keep the last spelling, widening the scope");

    [OperationsTheory]
    [InlineData("Matchers")]
    [InlineData("MATCHERS")]
    [InlineData("matcherſ")]
    public async Task A_second_top_level_matchers_in_another_spelling_is_refused(string key) =>
        await RefusedAsync($$"""{"matchers":[{"name":"namespace","value":"team-a","isRegex":false}],"{{key}}":[{"name":"namespace","value":".+","isRegex":true}],{{Times}}}""",
            HttpStatusCode.BadRequest, "Alertmanager would keep the last matchers, silencing every tenant");

    [OperationsFact]
    public async Task A_lone_top_level_Matchers_is_read_as_the_matchers_and_held_to_the_scope()
    {
        var (status, created) = await PostAsync($$"""{"Matchers":[{"name":"namespace","value":".+","isRegex":true}],{{Times}}}""");

        status.Should().Be(HttpStatusCode.OK);
        (await StoredMatchersAsync(created)).Should().Equal(("namespace", ".+", true, true), ("namespace", "team-a", false, true));
        await TeamBSilenceIsUntouchedAsync();
    }

    [OperationsFact]
    public async Task Go_style_capitalised_and_long_s_keys_are_accepted_and_read_as_Alertmanager_reads_them()
    {
        var (status, created) = await PostAsync($$"""
            {"Matchers":[{"Name":"alertname","Value":"A2","IsRegex":false,"IsEqual":true},{"NAME":"severity","vAlUe":"warn.*","iſRegex":true,"iſEqual":false}],
             "ſtartsAt":"{{Starts}}","EndſAt":"{{Ends}}","CreatedBy":"test","Comment":"go style","Status":{"state":"active"} }
            """);

        status.Should().Be(HttpStatusCode.OK);
        (await StoredMatchersAsync(created)).Should().Equal(("alertname", "A2", false, true), ("severity", "warn.*", true, false), ("namespace", "team-a", false, true));
        (await fixture.DirectSilenceAsync(created.GetProperty("silenceID").GetString()!)).GetProperty("comment").GetString().Should().Be("go style");
    }

    [OperationsTheory]
    [InlineData("""{"name":"namespace","value":"team-a","isRegex":"false"}""")]
    [InlineData("""{"name":"namespace","value":"team-a","isRegex":0}""")]
    [InlineData("""{"name":"namespace","value":"team-a","isRegex":false,"isEqual":"true"}""")]
    [InlineData("""{"name":"namespace","value":["team-a"],"isRegex":false}""")]
    [InlineData("""{"name":"namespace","value":"team-a"}""")]
    public async Task Wrong_types_and_missing_fields_are_refused(string matcher) =>
        await RefusedAsync($$"""{"matchers":[{{matcher}}],{{Times}}}""", HttpStatusCode.BadRequest, "Alertmanager refuses it too");

    [OperationsFact]
    public async Task An_update_of_an_own_silence_in_Go_style_keeps_to_the_scope()
    {
        var (_, created) = await PostAsync($$"""{"matchers":[{"name":"alertname","value":"A1","isRegex":false}],{{Times}}}""");
        var id = created.GetProperty("silenceID").GetString()!;

        var times = Times.Replace("\"comment\":\"test\"", "\"Comment\":\"updated\"", StringComparison.Ordinal);
        var (status, updated) = await PostAsync($$"""{"ID":"{{id.ToUpperInvariant()}}","Matchers":[{"Name":"alertname","Value":"A1","IsRegex":false}],{{times}}}""");

        status.Should().Be(HttpStatusCode.OK);
        var stored = await fixture.DirectSilenceAsync(updated.GetProperty("silenceID").GetString()!);
        stored.GetProperty("comment").GetString().Should().Be("updated");
        (await StoredMatchersAsync(updated)).Should().Contain(("namespace", "team-a", false, true));
    }

    [OperationsFact]
    public async Task Random_key_spellings_posted_to_the_real_Alertmanager_are_refused_or_stored_inside_the_scope()
    {
        var (_, own) = await PostAsync($$"""{"matchers":[{"name":"alertname","value":"A1","isRegex":false}],{{Times}}}""");
        var payloads = new SilencePayloads(new Random(1130), own.GetProperty("silenceID").GetString()!, fixture.TeamBSilence);
        var stored = 0;
        for (var i = 0; i < 150; i++)
        {
            var payload = payloads.Next();
            var (status, answer) = await PostAsync(payload.Json);
            ((int)status).Should().Be(payload.Status, because: $"payload {i}: {payload.Json} answered {answer}");
            if (payload.Forwarded is null) continue;
            (await StoredMatchersAsync(answer)).Should().BeEquivalentTo(payload.Matchers.Select(m => ((string?)m.Name, (string?)m.Value, m.IsRegex, m.IsEqual)),
                because: $"payload {i}: {payload.Json}");
            stored++;
        }

        stored.Should().BeGreaterThan(20);
        await TeamBSilenceIsUntouchedAsync();
        var silences = JsonDocument.Parse(await fixture.Direct.GetStringAsync("api/v2/silences")).RootElement.EnumerateArray()
            .Where(s => s.GetProperty("id").GetString() != fixture.TeamBSilence).ToList();
        silences.Should().OnlyContain(s => s.GetProperty("matchers").EnumerateArray().Any(m =>
            m.GetProperty("name").GetString() == "namespace" && m.GetProperty("value").GetString() == "team-a" && m.GetProperty("isEqual").GetBoolean()),
            "everything team-a stored silences only team-a's alerts (=\"team-a\" or =~\"team-a\")");
        var (_, teamB) = await Proxy.GetJsonAsync("team-b/api/v2/silences");
        teamB.EnumerateArray().Select(s => s.GetProperty("id").GetString()).Should().Equal(fixture.TeamBSilence);
    }
}
