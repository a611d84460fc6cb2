using System.Globalization;
using System.Text.Json;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Hesione.Tests.Backends;

/// <summary>The fixture itself: data loaded as designed, oracles hold only their scope, closed-form values hold.</summary>
[Collection(BackendCollection.Name)]
public sealed class BackendFixtureTests(BackendFixture fixture, ITestOutputHelper output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static TheoryData<BackendFlavor> Flavors => new() { BackendFlavor.Prometheus, BackendFlavor.VictoriaMetrics };

    [BackendFact]
    public void Fixture_starts_all_backends_within_a_minute()
    {
        output.WriteLine($"8 backends (2 all-tenant, 6 oracles) started in {fixture.StartDuration.TotalSeconds:0.0} s");
        fixture.Available.Should().BeTrue();
        fixture.StartDuration.Should().BeLessThan(TimeSpan.FromSeconds(60));
    }

    [BackendTheory]
    [MemberData(nameof(Flavors))]
    public async Task All_tenant_backend_has_closed_form_request_rates(BackendFlavor flavor)
    {
        var result = await InstantAsync(fixture.All(flavor), "sum by (namespace) (rate(http_requests_total[5m]))");

        // Prometheus extrapolates to the window edges, so allow rounding in the last bits.
        var expected = TestData.Tenants.ToDictionary(t => t, t => (double)TestData.TenantRequestRate(t));
        expected[""] = 7; // the foreign series without namespace
        result.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (ns, value) in expected)
        {
            double.Parse(result[ns], CultureInfo.InvariantCulture).Should().BeApproximately(value, 1e-9, because: ns);
        }
    }

    [BackendTheory]
    [MemberData(nameof(Flavors))]
    public async Task All_tenant_backend_holds_every_series(BackendFlavor flavor)
    {
        var result = await InstantAsync(fixture.All(flavor), "count({__name__=~\".+\"})");

        result.Should().Equal(new Dictionary<string, string> { [""] = TestData.Series.Count.ToString(CultureInfo.InvariantCulture) });
    }

    [BackendTheory]
    [MemberData(nameof(Flavors))]
    public async Task Oracles_hold_only_their_scope(BackendFlavor flavor)
    {
        foreach (var scope in TenantScope.All)
        {
            var result = await InstantAsync(fixture.Oracle(flavor, scope), "count by (namespace) ({__name__=~\".+\"})");

            result.Keys.Should().BeEquivalentTo(scope.Namespaces, because: $"the {scope} oracle holds only its namespaces");
            var perTenant = TestData.ForTenants([scope.Namespaces[0]]).Count();
            result[scope.Namespaces[0]].Should().Be(perTenant.ToString(CultureInfo.InvariantCulture));
        }
    }

    [BackendTheory]
    [MemberData(nameof(Flavors))]
    public async Task Histogram_quantile_is_exact(BackendFlavor flavor)
    {
        var result = await InstantAsync(fixture.All(flavor), "histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))");

        result.Should().Equal(new Dictionary<string, string> { [""] = "0.5" });
    }

    [BackendFact]
    public async Task Alertmanager_starts_on_loopback_without_cluster_listener()
    {
        await using var am = await Servers.StartAlertmanagerAsync();

        using var response = await Http.GetAsync(new Uri(am.BaseAddress, "api/v2/status"));
        response.IsSuccessStatusCode.Should().BeTrue();
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Contain("\"cluster\"");
    }

    /// <summary>Instant query at <see cref="TestData.End"/>; result keyed by the value of <c>namespace</c> ("" when absent).</summary>
    private static async Task<Dictionary<string, string>> InstantAsync(Backend backend, string query)
    {
        var url = new Uri(backend.BaseAddress, $"api/v1/query?query={Uri.EscapeDataString(query)}&time={TestData.End}");
        using var response = await Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(because: $"{backend} answered {body}");
        using var doc = JsonDocument.Parse(body);
        var result = new Dictionary<string, string>();
        foreach (var sample in doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var ns = sample.GetProperty("metric").TryGetProperty("namespace", out var n) ? n.GetString()! : "";
            result[ns] = sample.GetProperty("value")[1].GetString()!;
        }

        return result;
    }
}
