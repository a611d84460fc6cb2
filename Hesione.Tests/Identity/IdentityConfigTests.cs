using FluentAssertions;
using Hesione.Server.Cli;
using Hesione.Server.Configuration;
using Hesione.Server.Plan;
using Xunit;

namespace Hesione.Tests.Identity;

/// <summary><c>identities</c>, <c>auth.users</c>, <c>auth.identity</c> and <c>scopes</c> in the config: every mistake named with its YAML path.</summary>
public sealed class IdentityConfigTests
{
    private const string Identities = """
        identities:
          idp:
            issuer: https://idp.test
            jwks_url: https://idp.test/keys
        """;

    private static IReadOnlyList<string> Problems(string yaml)
    {
        var act = () => ConfigLoader.Parse(yaml, Path.GetTempPath());
        return act.Should().Throw<ConfigException>().Which.Problems;
    }

    private static string Receiver(string body) => $"""
        {Identities}
        receivers:
          - name: r
            prom: http://prom:9090
        {string.Join('\n', body.Split('\n').Select(l => "    " + l))}
        """;

    [Fact]
    public void A_valid_config_loads_with_a_warning_for_an_http_JWKS_URL()
    {
        var config = ConfigLoader.Parse($"""
            identities:
              grafana:
                issuer: http://grafana:3000
                jwks_url: http://grafana:3000/api/signing-keys/keys
                header: X-Grafana-Id
                algorithms: [ES256, RS256]
                clock_skew: 10s
            receivers:
              - name: r
                prom: http://prom:9090
                auth:
                  users: [{"{"}user: alice, password_hash: "{IdentityTests.AliceHash}"{"}"}]
                  identity: grafana
                labels: {"{"}namespace: shared{"}"}
                scopes:
                  - when: {"{"}claim: groups, contains: team-a{"}"}
                    labels: {"{"}namespace: [team-a]{"}"}
                  - labels: {"{"}namespace: "{"{"}claim:namespace{"}"}"{"}"}
            """, Path.GetTempPath());
        config.Receivers.Single().Authentication!.Identity!.Header.Should().Be("X-Grafana-Id");
        config.Warnings.Should().ContainSingle().Which.Should().StartWith("identities.grafana.jwks_url: plain http");
    }

    public static TheoryData<string, string, string> Mistakes() => new()
    {
        { "unknown identity", "auth: {identity: nope}\nscopes: [{labels: {namespace: a}}]", "receivers[0].auth.identity: unknown identity nope (defined: idp)" },
        { "identity without scopes", "auth: {identity: idp}", "receivers[0].scopes: missing: auth.identity needs scopes" },
        { "scopes without identity", "labels: {namespace: a}\nscopes: [{labels: {namespace: a}}]", "receivers[0].scopes: scopes need auth.identity" },
        { "rules with different labels", "auth: {identity: idp}\nscopes: [{labels: {namespace: a}}, {labels: {team: b}}]", "receivers[0].scopes[1].labels: sets team, but the first rule sets namespace" },
        { "two tests in a when", "auth: {identity: idp}\nscopes: [{when: {claim: g, equals: a, contains: a}, labels: {namespace: a}}]", "receivers[0].scopes[0].when: give exactly one of equals, contains and matches" },
        { "invalid regex", "auth: {identity: idp}\nscopes: [{when: {claim: g, matches: '(a'}, labels: {namespace: a}}]", "receivers[0].scopes[0].when.matches: error parsing regexp" },
        { "claim reference inside a value", "auth: {identity: idp}\nscopes: [{labels: {namespace: 'ns-{claim:x}'}}]", "receivers[0].scopes[0].labels.namespace: ns-{claim:x}: a value is either a literal or exactly {claim:NAME}" },
        { "empty label value", "auth: {identity: idp}\nscopes: [{labels: {namespace: ['']}}]", "receivers[0].scopes[0].labels.namespace[0]: must not be empty" },
        { "__name__ label", "auth: {identity: idp}\nscopes: [{labels: {__name__: up}}]", "receivers[0].scopes[0].labels: restrict metric names" },
        { "unknown when key", "auth: {identity: idp}\nscopes: [{when: {claim: g, startswith: a}, labels: {namespace: a}}]", "receivers[0].scopes[0].when.startswith: unknown key" },
        { "bad bcrypt hash", "labels: {namespace: a}\nauth: {users: [{user: a, password_hash: '{SHA}abc'}]}", "receivers[0].auth.users[0].password_hash: expected a bcrypt hash" },
        { "duplicate user", $"labels: {{namespace: a}}\nauth: {{users: [{{user: a, password_hash: '{IdentityTests.AliceHash}'}}, {{user: a, password_hash: '{IdentityTests.AliceHash}'}}]}}", "receivers[0].auth.users[1].user: user a is given twice" },
        { "user with a colon", $"labels: {{namespace: a}}\nauth: {{users: [{{user: 'a:b', password_hash: '{IdentityTests.AliceHash}'}}]}}", "receivers[0].auth.users[0].user: a Basic auth user name cannot contain ':'" },
        { "user without labels needs the receiver's scope", $"auth: {{users: [{{user: a, password_hash: '{IdentityTests.AliceHash}'}}]}}", "receivers[0]: no label scope" },
        { "unknown users key", $"labels: {{namespace: a}}\nauth: {{users: [{{user: a, password: x, password_hash: '{IdentityTests.AliceHash}'}}]}}", "receivers[0].auth.users[0].password: unknown key" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Each_mistake_is_named_with_its_path(string what, string receiverKeys, string problem)
    {
        Problems(Receiver(receiverKeys)).Should().Contain(p => p.StartsWith(problem, StringComparison.Ordinal), because: what);
    }

    public static TheoryData<string, string> IdentityMistakes() => new()
    {
        { "issuer: x\njwks_url: https://k/keys\nalgorithms: [HS256]", "identities.bad.algorithms: HS256: expected asymmetric signature algorithms" },
        { "issuer: x\njwks_url: https://k/keys\nalgorithms: [none]", "identities.bad.algorithms: none: expected asymmetric" },
        { "issuer: x", "identities.bad: give exactly one of jwks_url and jwks_file" },
        { "issuer: x\njwks_url: https://k/keys\njwks_file: keys.json", "identities.bad: give exactly one of jwks_url and jwks_file" },
        { "jwks_url: https://k/keys", "identities.bad.issuer: missing" },
        { "issuer: x\njwks_url: ftp://k/keys", "identities.bad.jwks_url: not an absolute http(s) URL" },
        { "issuer: x\njwks_file: does-not-exist.json", "identities.bad.jwks_file: does-not-exist.json:" },
        { "issuer: x\njwks_url: https://k/keys\nheader: 'Bad Header'", "identities.bad.header: Bad Header: not a valid header name" },
        { "issuer: x\njwks_url: https://k/keys\nclock_skew: 1h", "identities.bad.clock_skew: at most 5m" },
        { "issuer: x\njwks_url: https://k/keys\nkid: y", "identities.bad.kid: unknown key" },
    };

    [Theory]
    [MemberData(nameof(IdentityMistakes))]
    public void Each_identity_mistake_is_named_with_its_path(string keys, string problem)
    {
        var yaml = "identities:\n  bad:\n" + string.Join('\n', keys.Split('\n').Select(l => "    " + l)) + "\nreceivers:\n  - {name: r, prom: 'http://p:9090', labels: {namespace: a}}\n";
        Problems(yaml).Should().Contain(p => p.StartsWith(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void A_JWKS_file_with_only_a_symmetric_key_is_refused()
    {
        var directory = Directory.CreateTempSubdirectory("hesione-jwks-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "keys.json"), """{"keys":[{"kty":"oct","kid":"h","k":"c2VjcmV0"}]}""");
            var act = () => ConfigLoader.Parse("identities:\n  f:\n    issuer: x\n    jwks_file: keys.json\nreceivers:\n  - {name: r, prom: 'http://p:9090', labels: {namespace: a}}\n", directory.FullName);
            act.Should().Throw<ConfigException>().Which.Problems.Should().Contain("identities.f.jwks_file: keys.json: the JWKS holds no RSA or EC signature key");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_compose_variants_config_is_valid()
    {
        var path = Path.Combine(Readme.ReadmeTests.RepositoryRoot(), "deploy", "hesione-teams.yml");
        var config = ConfigLoader.Load(path, name => name == "ALERTING_PASSWORD_HASH" ? IdentityTests.AliceHash : null);
        config.Receivers.Single().Authentication!.Identity!.Header.Should().Be("X-Grafana-Id");
    }

    [Fact]
    public void Check_config_prints_the_warnings()
    {
        var directory = Directory.CreateTempSubdirectory("hesione-check-");
        try
        {
            var path = Path.Combine(directory.FullName, "config.yml");
            File.WriteAllText(path, Receiver("auth: {identity: idp}\nscopes: [{labels: {namespace: '{claim:ns}'}}]").Replace("https://idp.test/keys", "http://idp.test/keys", StringComparison.Ordinal));
            var output = new StringWriter();
            var error = new StringWriter();
            CheckConfigCommand.Run(path, output, error).Should().Be(0, error.ToString());
            error.ToString().Should().Contain("warning: identities.idp.jwks_url: plain http; https is recommended");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
