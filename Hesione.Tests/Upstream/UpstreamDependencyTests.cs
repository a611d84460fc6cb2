using FluentAssertions;
using Hesione.Server.Upstream;
using Hesione.Server.Upstream.Pools;
using Hesione.Tests.Configuration;
using Xunit;

namespace Hesione.Tests.Upstream;

/// <summary>
/// The upstream side knows a receiver only by its <see cref="UpstreamRoute"/>: nothing in <c>Hesione.Server.Upstream</c>
/// uses the runtime plan (<c>Receiver</c>, <c>ProxyConfig</c>), the routing, the metrics exporter or any other server
/// namespace but the configuration's data types, by signatures and by the IL of its method bodies.
/// </summary>
public class UpstreamDependencyTests
{
    private static readonly string[] Allowed = ["Hesione.Server.Upstream", "Hesione.Server.Upstream.Pools", "Hesione.Server.Configuration"];

    [Fact]
    public void Upstream_uses_only_itself_and_the_configuration_data()
    {
        var types = typeof(UpstreamRoute).Assembly.GetTypes()
            .Where(t => ConfigurationDependencyTests.OuterOf(t).Namespace is "Hesione.Server.Upstream" or "Hesione.Server.Upstream.Pools").ToList();
        types.Should().Contain([typeof(Forwarder), typeof(BufferedUpstream), typeof(UpstreamErrors), typeof(UpstreamPool)]);

        var offending = types.SelectMany(t => ConfigurationDependencyTests.Referenced(t).Select(used => (t, used)))
            .Where(x => ConfigurationDependencyTests.OuterOf(x.used).Namespace is { } ns && ns.StartsWith("Hesione.Server", StringComparison.Ordinal) && !Allowed.Contains(ns))
            .Select(x => $"{x.t.FullName} uses {x.used.FullName}")
            .Distinct();
        offending.Should().BeEmpty();
    }
}
