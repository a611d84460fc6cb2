using FluentAssertions;
using Hesione.Server.Configuration;
using Xunit;

namespace Hesione.Tests.Configuration;

/// <summary>The validation stage: one rule per concern, on settings as read, nothing loaded or built.</summary>
public class ConfigValidatorTests
{
    private const string Receiver = "receivers: [{name: a, prom: 'http://h', unrestricted: true}]\n";

    private static (IReadOnlyList<string> Problems, List<string> Warnings) Validate(string yaml)
    {
        var (settings, problems) = ConfigReaderTests.Read(yaml);
        problems.Count.Should().Be(0, "the examples are well-shaped: only validation finds their problems");
        var warnings = new List<string>();
        ConfigValidator.Validate(settings!, problems, warnings);
        return (problems.Messages, warnings);
    }

    [Fact]
    public void Listen_rule_refuses_an_operational_address_that_clashes_with_listen() =>
        Validate("listen: '*:9090'\ninternal_listen: 127.0.0.1:9090\n" + Receiver).Problems.Should().Equal(
            "internal_listen: 127.0.0.1:9090 clashes with listen *:9090: the operational endpoints need an address of their own");

    [Fact]
    public void Tls_rule_wants_one_name_and_a_pair() =>
        Validate("proxy_ssl: {cert: c.pem}\n" + Receiver).Problems.Should().Equal("proxy_ssl: cert and key go together");

    [Fact]
    public void Name_rule_refuses_reserved_and_repeated_names() =>
        Validate("receivers: [{name: metrics, prom: 'http://h', unrestricted: true}, {name: a, prom: 'http://h', unrestricted: true}, {name: a, prom: 'http://h', unrestricted: true}]")
            .Problems.Should().Equal("receivers[0].name: metrics is reserved", "receivers[2].name: duplicate receiver name a (also receivers[1])");

    [Fact]
    public void Prom_rule_checks_each_url_of_a_pool() =>
        Validate("receivers: [{name: a, unrestricted: true, prom: ['http://h', 'http://u:p@h', 'http://h/']}]").Problems.Should().Equal(
            "receivers[0].prom[1]: credentials in the URL are not allowed; use prom_auth",
            "receivers[0].prom[2]: http://h is listed twice");

    [Fact]
    public void Scope_rule_needs_a_scope_and_reports_the_library_problem_at_its_key() =>
        Validate("receivers: [{name: a, prom: 'http://h'}, {name: b, prom: 'http://h', label_regex: {pod: '.*'}}]").Problems.Should().Equal(
            "receivers[0]: no label scope; set labels/label_name/metrics or unrestricted: true",
            "receivers[1].label_regex.pod: label pod: regex \".*\" matches the empty string");

    [Fact]
    public void Auth_rule_ties_identity_to_defined_identities_and_scopes() =>
        Validate("receivers: [{name: a, prom: 'http://h', auth: {identity: sso}}]").Problems.Should().Equal(
            "receivers[0].scopes: missing: auth.identity needs scopes (which labels a token's claims give)",
            "receivers[0].auth.identity: unknown identity sso: no identities are defined");

    [Fact]
    public void Claim_scopes_rule_wants_the_same_labels_in_every_rule() =>
        Validate("""
            identities: {sso: {issuer: i, jwks_url: 'https://k'}}
            receivers:
              - name: a
                prom: 'http://h'
                auth: {identity: sso}
                scopes: [{labels: {team: '{claim:team}'}}, {when: {claim: admin, equals: 'yes'}, labels: {tenant: x}}]
            """).Problems.Should().Equal(
            "receivers[0].scopes[1].labels: sets tenant, but the first rule sets team: every rule of a receiver must set the same labels");

    [Fact]
    public void Upstream_credentials_rule_refuses_headers_the_proxy_sets() =>
        Validate("receivers: [{name: a, prom: 'http://h', unrestricted: true, headers: {Proxy-Authorization: x, X-Org: 'a'}}]").Problems.Should().Equal(
            "receivers[0].headers.Proxy-Authorization: this header is set by the proxy itself");

    [Fact]
    public void Alertmanager_rule_needs_matcher_label_names() =>
        Validate("receivers: [{name: a, prom: 'http://h', labels: {'k8s.ns': x}, alertmanager: 'http://am'}]").Problems.Should().Equal(
            "receivers[0].alertmanager: scope label k8s.ns cannot be written as an Alertmanager matcher");

    [Fact]
    public void Identity_rule_warns_about_plain_http_and_limits_the_clock_skew()
    {
        var (problems, warnings) = Validate("identities: {sso: {issuer: i, jwks_url: 'http://k', clock_skew: 6m}}\n" + Receiver);
        problems.Should().Equal("identities.sso.clock_skew: at most 5m");
        warnings.Should().Equal("identities.sso.jwks_url: plain http; https is recommended unless the key server is on a trusted network");
    }

    [Fact]
    public void Validation_opens_no_file() =>
        Validate("tls: {cert: /nonexistent.pem, key: /nonexistent.key}\nidentities: {sso: {issuer: i, jwks_file: /nonexistent.json}}\n" + Receiver)
            .Problems.Should().BeEmpty();
}
