using FluentAssertions;
using Hesione.Server.Enforcement;
using Hesione.Server.Plan;
using Hesione.Server.PrometheusApi;
using Hesione.Server.Upstream;
using Xunit;

namespace Hesione.Tests.Server;

public class ParameterRulesTests
{
    private static readonly ProxyConfig Config = ConfigLoader.Parse("""
        receivers:
          - {name: prom, prom: 'http://h', label_name: namespace, label: team-a, on_conflict: reject}
          - {name: vm, prom: 'http://h', label_name: namespace, label: team-a, flavor: victoriametrics}
          - {name: open, prom: 'http://h', unrestricted: true}
        """, Path.GetTempPath());

    private static (List<KeyValuePair<string, string>> Parameters, ApiError? Error) Run(string receiver, string rest, string encoded)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        FormEncoding.Decode(encoded, parameters);
        var error = ParameterRules.Canonicalize(parameters, EndpointTable.Match(rest)!, Config.ReceiversByName[receiver].Scope, Config.ReceiversByName[receiver].Flavor);
        return (parameters, error);
    }

    private static string Canonical(string receiver, string rest, string encoded)
    {
        var (parameters, error) = Run(receiver, rest, encoded);
        error.Should().BeNull();
        return FormEncoding.Encode(parameters);
    }

    [Fact]
    public void Enforces_the_query_and_keeps_other_parameters_in_order() =>
        Canonical("prom", "api/v1/query_range", "start=1&query=rate(x%5B5m%5D)&end=2&step=15&timeout=5s")
            .Should().Be("start=1&query=rate%28x%7Bnamespace%3D%22team-a%22%7D%5B5m%5D%29&end=2&step=15&timeout=5s");

    [Theory]
    [InlineData("extra_label=namespace%3Dteam-b&query=up")]
    [InlineData("query=up&extra_filters=%7Bnamespace%3D%22team-b%22%7D")]
    [InlineData("extra_filters%5B%5D=%7Bnamespace%3D%22team-b%22%7D&query=up&extra_filters[]=x")]
    public void Removes_client_extra_label_and_extra_filters(string encoded) =>
        Canonical("prom", "api/v1/query", encoded).Should().Be("query=up%7Bnamespace%3D%22team-a%22%7D");

    [Theory]
    [InlineData("query=up&query=down", "query")]
    [InlineData("query=up&time=1&time=2", "time")]
    [InlineData("query=up&start=1&start=1", "start")]
    [InlineData("query=up&end=1&end=2", "end")]
    [InlineData("query=up&step=1&step=2", "step")]
    public void Refuses_repeated_single_parameters(string encoded, string name)
    {
        var error = Run("prom", "api/v1/query_range", encoded).Error;
        error.Should().NotBeNull();
        error!.Status.Should().Be(400);
        error.Message.Should().Be($"parameter \"{name}\" given more than once");
    }

    [Theory]
    [InlineData("query=up%7B", "invalid parameter \"query\": 1:4: parse error: unexpected end of input inside braces")]
    [InlineData("time=1", "invalid parameter \"query\": missing")]
    [InlineData("query=up%7Bnamespace%3D%22team-b%22%7D", "invalid parameter \"query\": ")]
    public void Refuses_invalid_missing_and_conflicting_queries(string encoded, string message)
    {
        var error = Run("prom", "api/v1/query", encoded).Error;
        error.Should().NotBeNull();
        error!.Type.Should().Be("bad_data");
        error.Message.Should().StartWith(message);
    }

    [Fact]
    public void Enforces_every_match_and_adds_one_when_there_is_none()
    {
        Canonical("prom", "api/v1/series", "match%5B%5D=up&match[]=%7Bjob%3D%22a%22%7D&start=1")
            .Should().Be("match%5B%5D=up%7Bnamespace%3D%22team-a%22%7D&match%5B%5D=%7Bjob%3D%22a%22%2Cnamespace%3D%22team-a%22%7D&start=1");
        Canonical("prom", "api/v1/labels", "").Should().Be("match%5B%5D=%7Bnamespace%3D%22team-a%22%7D");
        Canonical("prom", "api/v1/label/job/values", "start=1").Should().Be("start=1&match%5B%5D=%7Bnamespace%3D%22team-a%22%7D");
        Canonical("prom", "federate", "match[]=up").Should().Be("match%5B%5D=up%7Bnamespace%3D%22team-a%22%7D");
    }

    [Fact]
    public void Refuses_an_invalid_match() =>
        Run("prom", "api/v1/series", "match[]=sum(up)").Error!.Message.Should().StartWith("invalid parameter \"match[]\": ");

    [Fact]
    public void Adds_the_proxy_own_extra_filters_for_VictoriaMetrics()
    {
        Canonical("vm", "api/v1/query", "query=up&extra_filters[]=%7B%7D")
            .Should().Be("query=up%7Bnamespace%3D%22team-a%22%7D&extra_filters%5B%5D=%7Bnamespace%3D%22team-a%22%7D");
        Canonical("vm", "api/v1/series", "")
            .Should().Be("match%5B%5D=%7Bnamespace%3D%22team-a%22%7D&extra_filters%5B%5D=%7Bnamespace%3D%22team-a%22%7D");
    }

    [Fact]
    public void An_unrestricted_receiver_still_checks_and_canonicalises()
    {
        Canonical("open", "api/v1/query", "query=sum(rate(x%5B5m%5D))by(job)").Should().Be("query=sum%20by%20%28job%29%20%28rate%28x%5B5m%5D%29%29");
        Canonical("open", "api/v1/series", "").Should().BeEmpty();
        Run("open", "api/v1/query", "query=rate(x)").Error.Should().NotBeNull();
    }

    [Fact]
    public void Passes_other_endpoints_parameters_unchanged_but_still_strips() =>
        Canonical("prom", "api/v1/status/buildinfo", "a=1&extra_label=x").Should().Be("a=1");
}
