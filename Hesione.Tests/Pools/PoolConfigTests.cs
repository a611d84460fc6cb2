using FluentAssertions;
using Hesione.Server.Configuration;
using Hesione.Server.Plan;
using Xunit;

namespace Hesione.Tests.Pools;

/// <summary><c>prom:</c> as one URL or a list, and <c>balance</c>, as the config loader (and so <c>check-config</c>) reads them.</summary>
public sealed class PoolConfigTests
{
    private static ProxyConfig Parse(string receiver) =>
        ConfigLoader.Parse($"receivers:\n  - {{name: team-a, label_name: namespace, label: team-a, {receiver}}}\n", Path.GetTempPath());

    private static IReadOnlyList<string> Problems(string receiver)
    {
        var act = () => Parse(receiver);
        return act.Should().Throw<ConfigException>().Which.Problems;
    }

    [Fact]
    public void One_URL_is_a_pool_of_one_read_first_available()
    {
        var receiver = Parse("prom: 'http://prom:9090/'").Receivers.Single();

        receiver.Upstream.Backends.Should().Equal(new UpstreamBackend("http://prom:9090", "http://prom:9090"));
        receiver.Upstream.IsPool.Should().BeFalse();
        receiver.Upstream.Balance.Should().Be(Balance.FirstAvailable);
        receiver.Upstream.Base.Should().Be("http://prom:9090");
    }

    [Fact]
    public void A_list_keeps_its_order_and_path_prefixes()
    {
        var receiver = Parse("prom: ['http://vmselect-0:8481/select/0/prometheus/', 'https://vmselect-1:8481/select/0/prometheus'], balance: least_loaded").Receivers.Single();

        receiver.Upstream.Backends.Select(b => b.Base).Should().Equal("http://vmselect-0:8481/select/0/prometheus", "https://vmselect-1:8481/select/0/prometheus");
        receiver.Upstream.Backends.Select(b => b.Origin).Should().Equal("http://vmselect-0:8481", "https://vmselect-1:8481");
        receiver.Upstream.IsPool.Should().BeTrue();
        receiver.Upstream.Balance.Should().Be(Balance.LeastLoaded);
        receiver.Upstream.Base.Should().Be("http://vmselect-0:8481/select/0/prometheus");
    }

    [Fact]
    public void Balance_first_available_can_be_written_out()
    {
        Parse("prom: ['http://a:9090', 'http://b:9090'], balance: first_available").Receivers.Single().Upstream.Balance.Should().Be(Balance.FirstAvailable);
    }

    [Theory]
    [InlineData("prom: []", "receivers[0].prom: an empty list; give at least one URL")]
    [InlineData("prom: ['http://a:9090', 'http://a:9090/']", "receivers[0].prom[1]: http://a:9090 is listed twice")]
    [InlineData("prom: ['http://a:9090', 'ftp://b']", "receivers[0].prom[1]: not an absolute http(s) URL")]
    [InlineData("prom: ['http://a:9090', 'http://user:pw@b:9090']", "receivers[0].prom[1]: credentials in the URL are not allowed; use prom_auth")]
    [InlineData("prom: ['http://a:9090', {url: 'http://b'}]", "receivers[0].prom[1]: expected a string")]
    [InlineData("prom: 'http://a:9090', balance: random", "receivers[0].balance: expected one of first_available, least_loaded")]
    public void Errors_name_the_entry(string receiver, string problem)
    {
        Problems(receiver).Should().ContainSingle().Which.Should().StartWith(problem);
    }

    [Fact]
    public void At_most_64_backends()
    {
        var urls = string.Join(", ", Enumerable.Range(0, 65).Select(i => $"'http://prom-{i}:9090'"));

        Problems($"prom: [{urls}]").Should().ContainSingle().Which.Should().Be("receivers[0].prom: 65 URLs; at most 64");
    }

    [Fact]
    public void Alertmanager_gets_the_upstream_credentials_when_it_shares_the_origin_of_any_backend()
    {
        var shares = Parse("prom: ['http://a:9090/prometheus', 'http://b:9090/prometheus'], alertmanager: 'http://b:9090/alertmanager'").Receivers.Single();
        var apart = Parse("prom: ['http://a:9090', 'http://b:9090'], alertmanager: 'http://am:9093'").Receivers.Single();

        shares.Upstream.AlertmanagerSharesCredentials.Should().BeTrue();
        apart.Upstream.AlertmanagerSharesCredentials.Should().BeFalse();
    }
}
