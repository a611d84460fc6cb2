using FluentAssertions;
using Xunit;
using Hesione.Server;

namespace Hesione.Tests.Architecture;

/// <summary>
/// Each namespace of the server is a layer: no two of them use each other, directly or through others. (The library's
/// namespaces are facets of one parser package, as in Prometheus's <c>promql/parser</c>: a node prints itself with the
/// printer, a call names its function; they are not layers.)
/// </summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void No_server_namespace_uses_itself_through_another()
    {
        var graph = NamespaceGraph.Read(ServerAssembly, "Hesione.Server");

        graph.Namespaces.Should().HaveCountGreaterThan(3, "the graph must see the assembly's namespaces");
        var cycles = graph.Cycles().Select(group => Describe(graph, group));
        cycles.Should().BeEmpty();
    }

    [Fact]
    public void The_graph_sees_uses_inside_method_bodies()
    {
        var graph = NamespaceGraph.Read(ServerAssembly, "Hesione.Server");

        graph.UsesOf("Hesione.Server.Cli").Should().NotBeEmpty("the CLI verbs call the config loader and the library");
    }

    private static string ServerAssembly => typeof(ProxyHostOptions).Assembly.Location;

    private static string Describe(NamespaceGraph graph, List<string> group) =>
        string.Join("; ", group.SelectMany(from => graph.UsesOf(from)
            .Where(use => group.Contains(use.Key))
            .Select(use => $"{from} uses {use.Key} ({use.Value})")));
}
