using System.Globalization;
using System.Net.Http.Headers;
using FluentAssertions;
using Hesione.Tests.Backends;
using Hesione.Tests.Isolation;
using Xunit;

namespace Hesione.Tests.Identity;

/// <summary>
/// The isolation oracle for identities: one receiver on the all-tenant Prometheus, whose scope comes from each token's
/// <c>namespaces</c> claim. Every identity sharing it sees exactly what the backend holding only its tenants shows,
/// for every oracle query and for label values.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class IdentityOracleTests(BackendFixture fixture)
{
    private const string Issuer = "https://idp.oracle.test";
    private static readonly string End = TestData.End.ToString(CultureInfo.InvariantCulture);
    private static readonly string SeriesStart = (TestData.End - 3 * 3600).ToString(CultureInfo.InvariantCulture);

    [BackendFact]
    public async Task Identities_sharing_one_receiver_each_see_exactly_their_oracle()
    {
        var rsa = TestKey.Rsa("oracle-rsa");
        var ec = TestKey.Ecdsa("oracle-ec");
        var directory = BackendProcess.CreateTempDirectory("identity-oracle");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "keys.json"), TestKey.Jwks(rsa, ec));
            var yaml = $$"""
                request_timeout: 30s
                identities:
                  idp:
                    issuer: {{Issuer}}
                    jwks_file: keys.json
                receivers:
                  - name: shared
                    prom: {{fixture.Prometheus.BaseAddress.ToString().TrimEnd('/')}}
                    auth: {identity: idp}
                    scopes:
                      - labels: {namespace: "{claim:namespaces}"}
                """;
            await using var host = await IsolationProxy.StartProxyAsync(yaml, directory);
            var through = new Uri(host.BaseAddress, "shared/");
            var failures = new List<string>();
            foreach (var (scope, key) in new[] { (TenantScope.TeamA, rsa), (TenantScope.TeamAB, ec), (TenantScope.DotNs, rsa) })
            {
                var token = key.Sign(Issuer, null, new Dictionary<string, object> { ["sub"] = scope.Key, ["namespaces"] = scope.Namespaces.ToArray() });
                var auth = new AuthenticationHeaderValue("Bearer", token);
                var oracle = fixture.Oracle(BackendFlavor.Prometheus, scope).BaseAddress;
                foreach (var query in OracleQueries.All)
                {
                    var parameters = Api.P(("query", query), ("time", End));
                    var expected = await Api.GetAsync(oracle, "api/v1/query", parameters);
                    var actual = await Api.GetAsync(through, "api/v1/query", parameters, auth);
                    if (actual.Normalised != expected.Normalised) failures.Add($"{scope} {query}:\n expected {PromJson.Truncate(expected.Normalised, 500)}\n actual {PromJson.Truncate(actual.Normalised, 500)}");
                }
                var values = Api.P(("start", SeriesStart), ("end", End));
                var expectedValues = await Api.GetAsync(oracle, "api/v1/label/namespace/values", values);
                var actualValues = await Api.GetAsync(through, "api/v1/label/namespace/values", values, auth);
                if (actualValues.Normalised != expectedValues.Normalised) failures.Add($"{scope} namespace values: {actualValues.Normalised}");
                PromJson.Strings(actualValues.Body).Should().BeEquivalentTo(scope.Namespaces);
            }
            failures.Should().BeEmpty();
        }
        finally
        {
            BackendProcess.TryDeleteDirectory(directory);
        }
    }
}
