using FluentAssertions;
using Hesione.Server.PrometheusApi;
using Hesione.Server.Routing;
using Xunit;

namespace Hesione.Tests.Server;

public class RequestRoutingTests
{
    [Theory]
    [InlineData("/team-a/api/v1/query")]
    [InlineData("/team-a/api/v1/query?query=a/../b&x=%2e%2e%2f")]
    [InlineData("/team-a/api/v1/label/my.label/values")]
    [InlineData("/health")]
    public void Accepts_plain_paths(string target) => RequestTarget.SafePath(target).Should().NotBeNull();

    [Theory]
    [InlineData("/team-a/../admin/api/v1/query")]
    [InlineData("/team-a/api/v1/./query")]
    [InlineData("/team-a/api/v1/query/..")]
    [InlineData("/team-a/api/v1/query/.")]
    [InlineData("/team-a/%2e%2e/api/v1/query")]
    [InlineData("/team-a/%2E/api/v1/query")]
    [InlineData("/team-a/api%2fv1/query")]
    [InlineData("/team-a/api%2Fv1/query")]
    [InlineData("/team-a/api%5cv1/query")]
    [InlineData("/team-a/api\\v1/query")]
    [InlineData("/team-a//api/v1/query")]
    [InlineData("//team-a/api/v1/query")]
    [InlineData("http://evil/team-a/api/v1/query")]
    [InlineData("*")]
    [InlineData("")]
    public void Refuses_path_tricks(string target) => RequestTarget.SafePath(target).Should().BeNull();

    [Theory]
    [InlineData("api/v1/query", "Query", "/api/v1/query")]
    [InlineData("api/v1/query_range", "Query", "/api/v1/query_range")]
    [InlineData("api/v1/query_exemplars", "Query", "/api/v1/query_exemplars")]
    [InlineData("api/v1/format_query", "FormatQuery", "")]
    [InlineData("api/v1/series", "Series", "/api/v1/series")]
    [InlineData("api/v1/labels", "Series", "/api/v1/labels")]
    [InlineData("api/v1/label/job/values", "Series", "/api/v1/label/job/values")]
    [InlineData("api/v1/label/my.label/values", "Series", "/api/v1/label/my.label/values")]
    [InlineData("api/v1/label/caf%C3%A9%20name/values", "Series", "/api/v1/label/caf%C3%A9%20name/values")]
    [InlineData("api/v1/label/a%3Fb/values", "Series", "/api/v1/label/a%3Fb/values")]
    [InlineData("federate", "Series", "/federate")]
    [InlineData("api/v1/status/buildinfo", "PassThrough", "/api/v1/status/buildinfo")]
    [InlineData("api/v1/rules", "Rules", "/api/v1/rules")]
    [InlineData("api/v1/alerts", "Alerts", "/api/v1/alerts")]
    [InlineData("api/v1/metadata", "Metadata", "/api/v1/metadata")]
    [InlineData("api/v2/alerts", "AlertmanagerAlerts", "/api/v2/alerts")]
    [InlineData("api/v2/alerts/groups", "AlertmanagerAlerts", "/api/v2/alerts/groups")]
    [InlineData("api/v2/silences", "AlertmanagerSilences", "/api/v2/silences")]
    [InlineData("api/v2/silence/0A6A8F9E-4C1B-4F51-9B3E-2D1D6F3A5B7C", "AlertmanagerSilence", "/api/v2/silence/0a6a8f9e-4c1b-4f51-9b3e-2d1d6f3a5b7c")]
    public void Maps_the_endpoint_table(string rest, string kind, string upstreamPath)
    {
        var endpoint = EndpointTable.Match(rest);
        endpoint.Should().NotBeNull();
        endpoint!.Kind.Should().Be(Enum.Parse<EndpointKind>(kind));
        endpoint.UpstreamPath.Should().Be(upstreamPath);
    }

    [Theory]
    [InlineData("")]
    [InlineData("api/v1/query/")]
    [InlineData("api/v1/query/extra")]
    [InlineData("API/v1/query")]
    [InlineData("%61pi/v1/query")]
    [InlineData("api/v1/admin/tsdb/delete_series")]
    [InlineData("api/v1/admin/tsdb/snapshot")]
    [InlineData("api/v1/status/config")]
    [InlineData("api/v1/status/flags")]
    [InlineData("api/v1/status/tsdb")]
    [InlineData("api/v1/status/runtimeinfo")]
    [InlineData("api/v1/targets")]
    [InlineData("api/v1/write")]
    [InlineData("api/v1/read")]
    [InlineData("api/v1/otlp/v1/metrics")]
    [InlineData("api/v1/import/prometheus")]
    [InlineData("-/reload")]
    [InlineData("-/quit")]
    [InlineData("graph")]
    [InlineData("api/v1/label//values")]
    [InlineData("api/v1/label/a/b/values")]
    [InlineData("api/v1/label/%00/values")]
    [InlineData("api/v1/label/%FF/values")]
    [InlineData("api/v1/label/%zz/values")]
    [InlineData("api/v1/label/.../values")]
    [InlineData("api/v1/label/job/values/extra")]
    [InlineData("api/v2/silence/a/b")]
    [InlineData("api/v2/silence/abc")]
    [InlineData("api/v2/silence/0a6a8f9e-4c1b-4f51-9b3e-2d1d6f3a5b7c/extra")]
    [InlineData("api/v2/silence/%30a6a8f9e-4c1b-4f51-9b3e-2d1d6f3a5b7c")]
    [InlineData("api/v2/silence/{0a6a8f9e-4c1b-4f51-9b3e-2d1d6f3a5b7c}")]
    public void Refuses_everything_else(string rest) => EndpointTable.Match(rest).Should().BeNull();

    [Fact]
    public void A_POST_to_label_values_is_forwarded_as_GET() =>
        EndpointTable.Match("api/v1/label/job/values")!.ForwardsAsGet.Should().BeTrue();

    [Fact]
    public void Federate_and_buildinfo_are_GET_only()
    {
        EndpointTable.Match("federate")!.AllowsPost.Should().BeFalse();
        EndpointTable.Match("api/v1/status/buildinfo")!.AllowsPost.Should().BeFalse();
        EndpointTable.Match("api/v1/query")!.AllowsPost.Should().BeTrue();
    }
}
