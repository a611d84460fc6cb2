using FluentAssertions;
using Hesione.PromQL.Enforcement;
using Hesione.Server.Authentication;
using Hesione.Server.Configuration;
using Hesione.Server.Plan;
using Xunit;

namespace Hesione.Tests.Configuration;

/// <summary>The compile stage: validated settings into the runtime plan, defaults applied, runtime objects built.</summary>
public class PlanCompilerTests
{
    private static ProxyConfig Compile(string yaml)
    {
        var (settings, problems) = ConfigReaderTests.Read(yaml);
        var warnings = new List<string>();
        ConfigValidator.Validate(settings!, problems, warnings);
        var files = ConfigFiles.Load(settings!, Path.GetTempPath(), problems);
        problems.Count.Should().Be(0);
        return PlanCompiler.Compile(settings!, files, warnings);
    }

    [Fact]
    public void Applies_defaults_and_lets_a_receiver_override_the_top_level()
    {
        var config = Compile("""
            request_timeout: 20s
            max_range: 31d
            rate_limit: {requests_per_second: 2.5}
            receivers:
              - {name: a, prom: 'http://h', unrestricted: true}
              - {name: b, prom: 'http://h', unrestricted: true, timeout: 5s, max_range: 0, max_points: 100}
            """);

        config.Retries.Should().Be(ProxyConfig.DefaultRetries);
        var (a, b) = (config.ReceiversByName["a"], config.ReceiversByName["b"]);
        a.Upstream.Timeout.Should().Be(TimeSpan.FromSeconds(20));
        a.Guards.Should().Be(new Guards(TimeSpan.FromDays(31), Guards.DefaultMaxPoints, new RateLimit(2.5, 3)));
        b.Upstream.Timeout.Should().Be(TimeSpan.FromSeconds(5));
        b.Guards.Should().Be(new Guards(null, 100, new RateLimit(2.5, 3)));
        a.Scope.Labels.Should().BeNull();
    }

    [Fact]
    public void Builds_scopes_credentials_and_identities()
    {
        var config = Compile("""
            identities: {sso: {issuer: https://issuer, jwks_url: 'https://keys', algorithms: [ES256]}}
            receivers:
              - {name: basic, prom: 'http://h', labels: {team: [a, b]}, metrics: 'up', on_conflict: reject, auth: {user: u, password: p}}
              - {name: preserved, prom: 'http://h', label_name: team, label: a, auth: preserve, prom_auth: {user: r, password: s}}
              - name: tokens
                prom: 'http://h'
                auth: {identity: sso}
                scopes: [{when: {claim: groups, contains: ops}, labels: {team: '{claim:team}'}}]
            """);

        var basic = config.ReceiversByName["basic"];
        basic.Scope.Labels!.OnConflict.Should().Be(OnConflict.Reject);
        basic.Scope.Labels.MetricPatterns.Should().Equal("up");
        basic.ClientCredentials!.HeaderValue.Should().Be("Basic dTpw");
        basic.Upstream.Authorization.Should().BeNull();

        var preserved = config.ReceiversByName["preserved"];
        preserved.ClientCredentials!.HeaderValue.Should().Be(preserved.Upstream.Authorization);

        var tokens = config.ReceiversByName["tokens"];
        tokens.Scope.Labels!.Constraints.Should().ContainSingle().Which.Name.Should().Be(ClientScopedReceiver.Label);
        tokens.Authentication!.Identity!.Algorithms.Should().BeEquivalentTo(["ES256"]);
        var rule = tokens.Authentication.ClaimScopes!.Rules.Should().ContainSingle().Subject;
        rule.When.Should().Be(new ClaimCondition("groups", ClaimTest.Contains, "ops"));
        rule.Labels.Should().ContainSingle().Which.Values.Should().Equal(new RuleValue("team", FromClaim: true));
    }

    [Fact]
    public void Files_are_loaded_before_the_plan_and_their_problems_have_paths()
    {
        var (settings, problems) = ConfigReaderTests.Read("receivers: [{name: a, prom: 'http://h', unrestricted: true, prom_auth: {user: u, password: p, cert: no.pem, key: no.key}}]");
        ConfigFiles.Load(settings!, "/nonexistent", problems);
        problems.Messages.Should().ContainSingle().Which.Should().StartWith("receivers[0].prom_auth.cert: cannot load the certificate and key");
    }
}
