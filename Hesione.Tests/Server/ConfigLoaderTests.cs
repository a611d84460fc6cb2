using FluentAssertions;
using Hesione.PromQL.Enforcement;
using Hesione.Server.Configuration;
using Hesione.Server.Hosting;
using Hesione.Server.Plan;
using Xunit;

namespace Hesione.Tests.Server;

public class ConfigLoaderTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["TEAM_A_PASSWORD"] = "s3cret",
        ["YAML_HOSTILE"] = "a: b}, {c: [d",
        ["UPSTREAM_HOST"] = "prom.internal",
    };

    private static ProxyConfig Parse(string yaml) => ConfigLoader.Parse(yaml, Path.GetTempPath(), name => Environment.GetValueOrDefault(name));

    private static IReadOnlyList<string> Problems(string yaml)
    {
        var act = () => Parse(yaml);
        return act.Should().Throw<ConfigException>().Which.Problems;
    }

    [Fact]
    public void Loads_the_original_Hesione_form()
    {
        var config = Parse("""
            receivers:
              - name: vmcluster
                label_name: job
                label: elastic_exporters
                prom: "http://192.168.100.113:8427"
                prom_auth:
                  user: "userA"
                  password: "userApass"
              - name: prometheus
                labels:
                  instance: "prometheus:9090"
                  project: standalone_prometheus
                prom: "http://192.168.100.118:9090/"
                auth:
                  user: "userB"
                  password: "userBpass"
                verify: false
            """);

        config.Receivers.Should().HaveCount(2);
        var vm = config.ReceiversByName["vmcluster"];
        vm.Upstream.Base.Should().Be("http://192.168.100.113:8427");
        vm.Scope.DefaultSelector.Should().Be("{job=\"elastic_exporters\"}");
        vm.Upstream.Authorization.Should().Be(TestProxy.Basic("userA", "userApass").ToString());
        vm.ClientCredentials.Should().BeNull();
        var prometheus = config.ReceiversByName["prometheus"];
        prometheus.Scope.DefaultSelector.Should().Be("{instance=\"prometheus:9090\",project=\"standalone_prometheus\"}");
        prometheus.ClientCredentials!.Matches([TestProxy.Basic("userB", "userBpass").ToString()]).Should().BeTrue();
        prometheus.Upstream.Verify.Should().BeFalse();
        prometheus.Upstream.Base.Should().Be("http://192.168.100.118:9090");
    }

    [Fact]
    public void Loads_the_extended_form_with_defaults_and_overrides()
    {
        var config = Parse("""
            listen: 127.0.0.1:8001
            max_body_bytes: 2048
            request_timeout: 1m30s
            retries: 0
            max_query_length: 1000
            max_nesting_depth: 20
            receivers:
              - name: team-a
                prom: http://vmselect:8481/select/0/prometheus
                labels: {namespace: [team-a, team-a-staging], cluster: prod}
                label_regex: {pod: "api-.*"}
                metrics: ['http_.*', 'node_.*']
                on_conflict: reject
                auth: {user: grafana-a, password: ${TEAM_A_PASSWORD}}
                headers: {X-Scope-OrgID: team-a}
                flavor: victoriametrics
                timeout: 5s
                alertmanager: http://127.0.0.1:9093
              - name: all
                prom: http://${UPSTREAM_HOST}:9090
                unrestricted: true
            """);

        config.Listen.Should().Be("127.0.0.1:8001");
        config.MaxBodyBytes.Should().Be(2048);
        config.Retries.Should().Be(0);
        config.ParserOptions.MaxQueryLength.Should().Be(1000);
        config.ParserOptions.MaxNestingDepth.Should().Be(20);
        var team = config.ReceiversByName["team-a"];
        team.Flavor.Should().Be(Flavor.VictoriaMetrics);
        team.Upstream.Base.Should().Be("http://vmselect:8481/select/0/prometheus");
        team.Upstream.Backends[0].Origin.Should().Be("http://vmselect:8481");
        team.Upstream.Timeout.Should().Be(TimeSpan.FromSeconds(5));
        team.Upstream.Headers.Should().ContainSingle().Which.Should().Be(new KeyValuePair<string, string>("X-Scope-OrgID", "team-a"));
        team.ClientCredentials!.Matches([TestProxy.Basic("grafana-a", "s3cret").ToString()]).Should().BeTrue();
        team.Scope.DefaultSelector.Should().Be("{__name__=~\"(?:http_.*)|(?:node_.*)\",cluster=\"prod\",namespace=~\"team-a|team-a-staging\",pod=~\"api-.*\"}");
        team.Scope.EnforceQuery("up{namespace=\"other\"}").Failure.Should().Be(EnforcementFailure.Conflict);
        var all = config.ReceiversByName["all"];
        all.Upstream.Base.Should().Be("http://prom.internal:9090");
        all.Upstream.Timeout.Should().Be(TimeSpan.FromSeconds(90));
        all.Scope.DefaultSelector.Should().BeNull();
        all.Scope.EnforceQuery("up").Value.Should().Be("up");
    }

    [Fact]
    public void Defaults_apply_when_the_top_level_keys_are_absent()
    {
        var config = Parse("receivers: [{name: a, prom: 'http://h:9090', label_name: ns, label: a}]");
        config.Listen.Should().BeNull();
        config.MaxBodyBytes.Should().Be(1024 * 1024);
        config.Retries.Should().Be(2);
        config.Receivers[0].Upstream.Timeout.Should().Be(TimeSpan.FromSeconds(60));
        config.Receivers[0].Flavor.Should().Be(Flavor.Prometheus);
        config.Receivers[0].Upstream.Verify.Should().BeTrue();
    }

    [Fact]
    public void A_substituted_secret_is_taken_literally_even_when_it_looks_like_YAML()
    {
        var config = Parse("""
            receivers:
              - name: a
                prom: http://h:9090
                label_name: ns
                label: a
                auth: {user: u, password: ${YAML_HOSTILE}}
            """);
        config.Receivers[0].ClientCredentials!.Matches([TestProxy.Basic("u", "a: b}, {c: [d").ToString()]).Should().BeTrue();
    }

    [Fact]
    public void Reports_every_problem_with_its_yaml_path()
    {
        var problems = Problems("""
            listen: nope
            retries: many
            surprise: 1
            receivers:
              - name: team-a
                prom: http://127.0.0.1:9090
                label_name: namespace
                label: team-a
              - name: team-a
                prom: ftp://example
                labels: {namespace: [a, ""]}
                label_regex: {pod: ".*"}
                metrics: ['ok_.*', 'http_(']
                on_conflict: sometimes
                auth: preserve
                bogus: 1
              - name: "bad/name"
                prom: http://user:pass@h/
                auth: {user: "a:b", password: ${MISSING_SECRET}}
                headers: {Host: x, Authorization: y}
                prom_auth: {user: r, password: p}
                timeout: 5x
                flavor: cortex
              - name: open
                prom: http://h
              - name: both
                prom: http://h
                label_name: a
                label: b
                labels: {c: d}
              - name: half
                prom: http://h
                label_name: a
              - name: contradictory
                prom: http://h
                label_name: a
                label: b
                unrestricted: true
              - name: health
                prom: http://h
                unrestricted: yes
            """);

        problems.Should().BeEquivalentTo(
            "listen: expected HOST:PORT with an IP address, localhost or * as HOST",
            "retries: expected an integer from 0 to 10",
            "surprise: unknown key",
            "receivers[1].name: duplicate receiver name team-a (also receivers[0])",
            "receivers[1].bogus: unknown key",
            "receivers[1].prom: not an absolute http(s) URL",
            "receivers[1].labels.namespace[1]: must not be empty",
            "receivers[1].label_regex.pod: label pod: regex \".*\" matches the empty string",
            "receivers[1].metrics[1]: metric pattern: error parsing regexp: missing closing ): `http_(`",
            "receivers[1].on_conflict: expected one of intersect, reject",
            "receivers[1].auth: preserve needs prom_auth (the credentials clients must send, which are then forwarded)",
            "receivers[2].name: bad/name: a receiver name may only hold A-Z a-z 0-9 _ . -",
            "receivers[2].prom: credentials in the URL are not allowed; use prom_auth",
            "receivers[2]: no label scope; set labels/label_name/metrics or unrestricted: true",
            "receivers[2].auth.password: environment variable MISSING_SECRET is not set",
            "receivers[2].auth.user: a Basic auth user name cannot contain ':'",
            "receivers[2].headers.Host: this header is set by the proxy itself",
            "receivers[2].headers.Authorization: conflicts with prom_auth",
            "receivers[2].flavor: expected one of prometheus, victoriametrics, thanos, mimir",
            "receivers[2].timeout: expected a positive duration such as 30s or 1m30s",
            "receivers[3]: no label scope; set labels/label_name/metrics or unrestricted: true",
            "receivers[4]: label_name/label and labels are exclusive; use one form",
            "receivers[5]: label_name and label go together",
            "receivers[6].unrestricted: true contradicts the label scope that is also set",
            "receivers[7].name: health is reserved",
            "receivers[7].unrestricted: expected true or false");
    }

    [Theory]
    [InlineData("", "the config is empty")]
    [InlineData("receivers: [", "not valid YAML at line")]
    [InlineData("receivers: []", "receivers: at least one receiver is needed")]
    [InlineData("listen: 127.0.0.1:8000", "receivers: missing: at least one receiver is needed")]
    [InlineData("receivers: {a: 1}", "receivers: expected a list")]
    [InlineData("- a", "expected a mapping")]
    [InlineData("receivers: [{name: a, prom: 'http://h', label_name: n, label: '${BAD-NAME}'}]", "receivers[0].label: malformed ${NAME} reference")]
    [InlineData("receivers: [{name: a, prom: 'http://h', labels: {__name__: x}}]", "receivers[0]: restrict metric names with the metric patterns")]
    [InlineData("receivers: [{name: a, prom: 'http://h', label_name: n, label: v, cert: c.pem}]", "receivers[0]: cert and key go together")]
    [InlineData("receivers: [{name: a, prom: 'http://h', label_name: n, label: v, cert: /nonexistent.pem, key: /nonexistent.key}]", "receivers[0].cert: cannot load the certificate and key")]
    [InlineData("tls: {cert: a}\nproxy_ssl: {cert: b}\nreceivers: [{name: a, prom: 'http://h', unrestricted: true}]", "tls: tls and proxy_ssl are the same setting")]
    public void Refuses(string yaml, string expected)
    {
        Problems(yaml).Should().Contain(p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProxyHost_refuses_an_invalid_config_file_with_every_problem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hesione-test-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(path, "receivers:\n  - name: a\n    prom: nope\n  - name: b\n    prom: http://h\n");
        try
        {
            var start = () => ProxyHost.StartAsync(path);
            var problems = (await start.Should().ThrowAsync<ConfigException>()).Which.Problems;
            problems.Should().BeEquivalentTo(
                "receivers[0].prom: not an absolute http(s) URL",
                "receivers[0]: no label scope; set labels/label_name/metrics or unrestricted: true",
                "receivers[1]: no label scope; set labels/label_name/metrics or unrestricted: true");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_is_a_config_error()
    {
        var load = () => ConfigLoader.Load("/nonexistent/hesione.yml");
        load.Should().Throw<ConfigException>().Which.Problems.Should().ContainSingle().Which.Should().Be("cannot read the config: no such file");
    }
}
