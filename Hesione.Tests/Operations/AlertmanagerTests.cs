using System.Net;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Hesione.Tests.Backends;
using Hesione.Tests.Server;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary>
/// A real Alertmanager holding alerts and a silence of team-a and team-b (posted to it directly), and a proxy with
/// receivers team-a and team-b on it, plus one without an Alertmanager.
/// </summary>
public sealed class AlertmanagerFixture : IAsyncLifetime, IStartsRealBackends
{
    private BackendProcess? _alertmanager;
    private TestProxy? _proxy;

    internal TestProxy Proxy => _proxy ?? throw new InvalidOperationException("not started");

    internal HttpClient Direct { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The id of a silence of team-b, created directly on the Alertmanager.</summary>
    internal string TeamBSilence { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (new OperationsFactAttribute().Skip is not null) return;
        _alertmanager = await Servers.StartAlertmanagerAsync();
        Direct.BaseAddress = _alertmanager.BaseAddress;
        var starts = DateTime.UtcNow.AddMinutes(-1).ToString("o");
        var ends = DateTime.UtcNow.AddHours(1).ToString("o");
        var alerts = new[] { ("A1", "team-a"), ("A2", "team-a"), ("B1", "team-b"), ("G1", "") }
            .Select(a => $$"""{"labels":{"alertname":"{{a.Item1}}"{{(a.Item2.Length > 0 ? $",\"namespace\":\"{a.Item2}\"" : "")}}},"startsAt":"{{starts}}","endsAt":"{{ends}}"}""");
        (await Direct.PostAsync("api/v2/alerts", Json("[" + string.Join(",", alerts) + "]"))).EnsureSuccessStatusCode();
        TeamBSilence = await CreateSilenceDirectlyAsync("team-b");
        await WaitForAlertsAsync(4);
        var am = _alertmanager.BaseAddress;
        _proxy = await TestProxy.StartAsync("receivers:\n" + Receiver("team-a", "team-a", am) + Receiver("team-b", "team-b", am)
            + Receiver("team-a-strict", "team-a", am, rejectConflicts: true) + Receiver("no-am", "team-a", alertmanager: null));
    }

    /// <summary>A <c>receivers</c> entry scoped to <c>namespace=<paramref name="team"/></c>, with an Alertmanager when given.</summary>
    internal static string Receiver(string name, string team, Uri? alertmanager, bool rejectConflicts = false) =>
        $"  - name: {name}\n    prom: http://127.0.0.1:1\n    label_name: namespace\n    label: {team}\n"
        + (rejectConflicts ? "    on_conflict: reject\n" : "")
        + (alertmanager is null ? "" : $"    alertmanager: {alertmanager}\n");

    internal static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    internal static string Silence(string matchers, string? id = null) => $$"""
        {{{(id is null ? "" : $"\"id\":\"{id}\",")}}"matchers":[{{matchers}}],"startsAt":"{{DateTime.UtcNow.ToString("o")}}","endsAt":"{{DateTime.UtcNow.AddHours(1).ToString("o")}}","createdBy":"test","comment":"test"}
        """;

    internal static string Matcher(string name, string value, bool isRegex = false, bool isEqual = true) =>
        $$"""{"name":"{{name}}","value":"{{value}}","isRegex":{{(isRegex ? "true" : "false")}},"isEqual":{{(isEqual ? "true" : "false")}}}""";

    internal async Task<string> CreateSilenceDirectlyAsync(string ns, bool isRegex = false)
    {
        using var response = await Direct.PostAsync("api/v2/silences", Json(Silence(Matcher("namespace", ns, isRegex))));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("silenceID").GetString()!;
    }

    /// <summary>A silence as the Alertmanager itself holds it.</summary>
    internal async Task<JsonElement> DirectSilenceAsync(string id) =>
        JsonDocument.Parse(await Direct.GetStringAsync($"api/v2/silence/{id}")).RootElement.Clone();

    private async Task WaitForAlertsAsync(int count)
    {
        for (var i = 0; i < 100; i++)
        {
            if (JsonDocument.Parse(await Direct.GetStringAsync("api/v2/alerts")).RootElement.GetArrayLength() >= count) return;
            await Task.Delay(100);
        }
        throw new InvalidOperationException("the posted alerts did not appear");
    }

    public async Task DisposeAsync()
    {
        Direct.Dispose();
        if (_proxy is not null) await _proxy.DisposeAsync();
        if (_alertmanager is not null) await _alertmanager.DisposeAsync();
    }
}

/// <summary>The Alertmanager API through the proxy: other tenants' alerts and silences stay invisible and untouchable.</summary>
public sealed class AlertmanagerTests(AlertmanagerFixture fixture) : IClassFixture<AlertmanagerFixture>
{
    private TestProxy Proxy => fixture.Proxy;

    private static IEnumerable<string> Names(JsonElement alerts) =>
        alerts.EnumerateArray().Select(a => a.GetProperty("labels").GetProperty("alertname").GetString()!);

    /// <summary>Posts a silence with one matcher through <paramref name="receiver"/>; expects 200 and returns its id.</summary>
    private async Task<string> PostSilenceAsync(string receiver, string name, string value, bool isRegex = false)
    {
        var (status, created) = await Proxy.SendJsonAsync(HttpMethod.Post, $"{receiver}/api/v2/silences",
            AlertmanagerFixture.Silence(AlertmanagerFixture.Matcher(name, value, isRegex)));
        status.Should().Be(HttpStatusCode.OK, because: created.ToString());
        return created.GetProperty("silenceID").GetString()!;
    }

    private static bool HasMatcher(JsonElement silence, string name, string value) =>
        silence.GetProperty("matchers").EnumerateArray().Any(m => m.GetProperty("name").GetString() == name && m.GetProperty("value").GetString() == value);

    [OperationsFact]
    public async Task A_tenant_sees_only_its_alerts()
    {
        var (status, alerts) = await Proxy.GetJsonAsync("team-a/api/v2/alerts");
        status.Should().Be(HttpStatusCode.OK);
        Names(alerts).Should().BeEquivalentTo("A1", "A2");

        var (_, teamB) = await Proxy.GetJsonAsync("team-b/api/v2/alerts");
        Names(teamB).Should().BeEquivalentTo("B1");
    }

    [OperationsFact]
    public async Task A_client_filter_cannot_widen_the_scope()
    {
        var (_, alerts) = await Proxy.GetJsonAsync("team-a/api/v2/alerts?filter=" + Uri.EscapeDataString("namespace=\"team-b\""));
        alerts.GetArrayLength().Should().Be(0);

        var (_, narrowed) = await Proxy.GetJsonAsync("team-a/api/v2/alerts?filter=" + Uri.EscapeDataString("alertname=\"A1\""));
        Names(narrowed).Should().Equal("A1");
    }

    [OperationsFact]
    public async Task Alert_groups_hold_only_the_tenants_alerts()
    {
        var (status, groups) = await Proxy.GetJsonAsync("team-a/api/v2/alerts/groups");

        status.Should().Be(HttpStatusCode.OK);
        groups.EnumerateArray().SelectMany(g => Names(g.GetProperty("alerts"))).Should().BeEquivalentTo("A1", "A2");
    }

    [OperationsFact]
    public async Task Another_tenants_silence_is_invisible_and_untouchable()
    {
        var id = fixture.TeamBSilence;

        var (_, list) = await Proxy.GetJsonAsync("team-a/api/v2/silences");
        list.EnumerateArray().Select(s => s.GetProperty("id").GetString()).Should().NotContain(id);
        (await Proxy.GetJsonAsync($"team-a/api/v2/silence/{id}")).Status.Should().Be(HttpStatusCode.NotFound);
        (await Proxy.SendJsonAsync(HttpMethod.Delete, $"team-a/api/v2/silence/{id}")).Status.Should().Be(HttpStatusCode.NotFound);
        var update = AlertmanagerFixture.Silence(AlertmanagerFixture.Matcher("namespace", "team-a"), id);
        (await Proxy.SendJsonAsync(HttpMethod.Post, "team-a/api/v2/silences", update)).Status.Should().Be(HttpStatusCode.NotFound);

        (await fixture.DirectSilenceAsync(id)).GetProperty("status").GetProperty("state").GetString().Should().Be("active");
        var (status, own) = await Proxy.GetJsonAsync($"team-b/api/v2/silence/{id}");
        status.Should().Be(HttpStatusCode.OK);
        own.GetProperty("id").GetString().Should().Be(id);
    }

    [OperationsFact]
    public async Task A_new_silence_carries_the_scope_and_its_owner_can_list_and_delete_it()
    {
        var id = await PostSilenceAsync("team-a", "alertname", "A1");

        HasMatcher(await fixture.DirectSilenceAsync(id), "namespace", "team-a").Should().BeTrue();
        var (_, list) = await Proxy.GetJsonAsync("team-a/api/v2/silences");
        list.EnumerateArray().Select(s => s.GetProperty("id").GetString()).Should().Contain(id);
        (await Proxy.GetJsonAsync($"team-b/api/v2/silence/{id}")).Status.Should().Be(HttpStatusCode.NotFound);

        (await Proxy.SendJsonAsync(HttpMethod.Delete, $"team-a/api/v2/silence/{id}")).Status.Should().Be(HttpStatusCode.OK);
        (await fixture.DirectSilenceAsync(id)).GetProperty("status").GetProperty("state").GetString().Should().Be("expired");
    }

    [OperationsFact]
    public async Task A_silence_with_a_conflicting_matcher_is_refused_with_on_conflict_reject()
    {
        var before = JsonDocument.Parse(await fixture.Direct.GetStringAsync("api/v2/silences")).RootElement.GetArrayLength();

        var (status, error) = await Proxy.SendJsonAsync(HttpMethod.Post, "team-a-strict/api/v2/silences",
            AlertmanagerFixture.Silence(AlertmanagerFixture.Matcher("namespace", "team-b")));

        status.Should().Be(HttpStatusCode.BadRequest);
        error.GetProperty("status").GetString().Should().Be("error");
        JsonDocument.Parse(await fixture.Direct.GetStringAsync("api/v2/silences")).RootElement.GetArrayLength().Should().Be(before);
    }

    [OperationsFact]
    public async Task A_conflicting_matcher_is_kept_next_to_the_scope_by_default_and_the_silence_is_no_tenants()
    {
        var id = await PostSilenceAsync("team-a", "namespace", "team-b");
        var silence = await fixture.DirectSilenceAsync(id);
        HasMatcher(silence, "namespace", "team-b").Should().BeTrue();
        HasMatcher(silence, "namespace", "team-a").Should().BeTrue(because: "it silences nothing outside team-a, in fact nothing");
        (await Proxy.GetJsonAsync($"team-b/api/v2/silence/{id}")).Status.Should().Be(HttpStatusCode.NotFound, because: "team-a's text must not reach team-b");
        (await Proxy.GetJsonAsync($"team-a/api/v2/silence/{id}")).Status.Should().Be(HttpStatusCode.NotFound);
        (await Proxy.SendJsonAsync(HttpMethod.Delete, $"team-b/api/v2/silence/{id}")).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [OperationsFact]
    public async Task A_silence_scoped_by_a_literal_regex_is_the_tenants_own()
    {
        var id = await fixture.CreateSilenceDirectlyAsync("team-b", isRegex: true);

        (await Proxy.GetJsonAsync($"team-b/api/v2/silence/{id}")).Status.Should().Be(HttpStatusCode.OK);
        (await Proxy.GetJsonAsync($"team-a/api/v2/silence/{id}")).Status.Should().Be(HttpStatusCode.NotFound);
        var (_, list) = await Proxy.GetJsonAsync("team-b/api/v2/silences");
        list.EnumerateArray().Select(s => s.GetProperty("id").GetString()).Should().Contain(id);
        (await Proxy.SendJsonAsync(HttpMethod.Delete, $"team-b/api/v2/silence/{id}")).Status.Should().Be(HttpStatusCode.OK);
    }

    [OperationsFact]
    public async Task A_regex_matcher_on_the_scoped_label_is_narrowed_to_the_scope()
    {
        var silence = await fixture.DirectSilenceAsync(await PostSilenceAsync("team-a", "namespace", "team-.*", isRegex: true));
        HasMatcher(silence, "namespace", "team-a").Should().BeTrue();
    }

    [OperationsFact]
    public async Task Bad_ids_and_receivers_without_an_Alertmanager_get_404()
    {
        (await Proxy.GetJsonAsync("team-a/api/v2/silence/not-a-uuid")).Status.Should().Be(HttpStatusCode.NotFound);
        (await Proxy.GetJsonAsync($"team-a/api/v2/silence/{Guid.NewGuid()}")).Status.Should().Be(HttpStatusCode.NotFound);
        (await Proxy.GetJsonAsync("no-am/api/v2/alerts")).Status.Should().Be(HttpStatusCode.NotFound);
        (await Proxy.SendJsonAsync(HttpMethod.Post, "team-a/api/v2/alerts", "[]")).Status.Should().Be(HttpStatusCode.MethodNotAllowed);
    }
}
