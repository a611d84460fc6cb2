using FluentAssertions;
using Hesione.PromQL.Parsing;
using Hesione.Server.Configuration;
using Hesione.Server.Plan;
using Xunit;

namespace Hesione.Tests.Server;

/// <summary>The receiver key <c>dialect</c>: MetricsQL by default for VictoriaMetrics, PromQL otherwise, and what each reads.</summary>
public class DialectConfigTests
{
    private static ProxyConfig Parse(string yaml) => ConfigLoader.Parse(yaml, Path.GetTempPath(), _ => null);

    private const string Yaml = """
        receivers:
          - {name: vm, prom: http://vm:8428, labels: {ns: a}, flavor: victoriametrics}
          - {name: vm-promql, prom: http://vm:8428, labels: {ns: a}, flavor: victoriametrics, dialect: promql}
          - {name: prom, prom: http://prom:9090, labels: {ns: a}}
          - {name: prom-metricsql, prom: http://prom:9090, labels: {ns: a}, dialect: metricsql}
          - {name: open, prom: http://vm:8428, unrestricted: true, flavor: victoriametrics}
        """;

    [Theory]
    [InlineData("vm", QueryDialect.MetricsQL)]
    [InlineData("vm-promql", QueryDialect.PromQL)]
    [InlineData("prom", QueryDialect.PromQL)]
    [InlineData("prom-metricsql", QueryDialect.MetricsQL)]
    [InlineData("open", QueryDialect.MetricsQL)]
    public void Defaults_by_flavor_and_can_be_set(string receiver, QueryDialect dialect)
    {
        Parse(Yaml).ReceiversByName[receiver].Scope.Dialect.Should().Be(dialect);
    }

    [Fact]
    public void MetricsQL_receivers_enforce_MetricsQL_and_PromQL_receivers_refuse_it()
    {
        var config = Parse(Yaml);
        config.ReceiversByName["vm"].Scope.EnforceQuery("rate(x) keep_metric_names").Value.Should().Be("rate(x{ns=\"a\"}) keep_metric_names");
        config.ReceiversByName["open"].Scope.EnforceQuery("with (w = 5m) rate(x[w])").Value.Should().Be("rate(x[5m])");
        config.ReceiversByName["vm-promql"].Scope.EnforceQuery("rate(x)").Success.Should().BeFalse();
        config.ReceiversByName["prom"].Scope.EnforceQuery("rate(x[5m])").Value.Should().Be("rate(x{ns=\"a\"}[5m])");
        config.ReceiversByName["vm"].Scope.EnforceSeriesSelector("up").Value.Should().Be("up{ns=\"a\"}", "series selectors are read as PromQL");
        var templates = string.Join(", ", Enumerable.Range(1, 13).Select(i => $"t{i} = t{i - 1} + t{i - 1}"));
        config.ReceiversByName["open"].Scope.EnforceQuery($"with (t0 = a_rather_long_metric_name_total, {templates}) t13").Error.Should().Contain("expands to");
    }

    [Fact]
    public void An_unknown_dialect_is_a_config_problem()
    {
        var act = () => Parse("receivers:\n  - {name: x, prom: http://vm:8428, labels: {ns: a}, dialect: sql}\n");
        act.Should().Throw<ConfigException>().Which.Problems.Should().Contain("receivers[0].dialect: expected one of promql, metricsql");
    }
}
