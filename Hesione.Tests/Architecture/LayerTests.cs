using FluentAssertions;
using Hesione.Server.Hosting;
using Xunit;

namespace Hesione.Tests.Architecture;

/// <summary>
/// The server's namespaces are layers, listed here from the bottom up (ARCHITECTURE.md says what each one does): each
/// uses only layers below it, read from the compiled IL, so there are no cycles and a new dependency upward is a
/// deliberate change of this table. (The library's namespaces are facets of one parser package, as in Prometheus's
/// <c>promql/parser</c>: a node prints itself with the printer, a call names its function; they are not layers.)
/// </summary>
public sealed class LayerTests
{
    private const string Server = "Hesione.Server";

    private static readonly string[] BottomUp =
    [
        "Configuration", // config.yml as plain settings, validated; uses no other layer
        "Connections",   // the listeners' socket limits and roles
        "GoJson",        // JSON read the way Go's encoding/json reads it
        "Upstream",      // clients, forwarding, retries, pools, failure mapping
        "PrometheusApi", // the endpoint table, the error shape, request bodies and time parameters
        "Enforcement",   // scopes, parameter rules, guards, crash patterns
        "Authentication",// Basic, bcrypt users, tokens and their claims
        "Observability", // metrics, the audit line, the console logger
        "Plan",          // the compiled runtime plan: receivers, the config loader
        "Filtering",     // answers filtered to a scope
        "Alertmanager",  // alerts and silences
        "Runtime",       // the live snapshot, reloads, limits
        "Operations",    // /-/healthy, /-/ready, /health, /metrics
        "Routing",       // the request pipeline
        "Hosting",       // Kestrel, the host and its services
        "Cli",           // the verbs
        "",              // Program
    ];

    private static NamespaceGraph Graph => field ??= NamespaceGraph.Read(typeof(ProxyHostOptions).Assembly.Location, Server);

    [Fact]
    public void Every_server_namespace_is_a_layer_in_the_table()
    {
        Graph.Namespaces.Select(Layer).Should().BeSubsetOf(BottomUp);
    }

    [Fact]
    public void Each_layer_uses_only_layers_below_it()
    {
        var upward = Graph.Namespaces
            .SelectMany(from => Graph.UsesOf(from).Select(use => (From: Layer(from), To: Layer(use.Key), Example: use.Value)))
            .Where(use => Array.IndexOf(BottomUp, use.To) >= Array.IndexOf(BottomUp, use.From))
            .Select(use => $"{use.From} uses {use.To} ({use.Example})");
        string.Join(Environment.NewLine, upward).Should().BeEmpty();
    }

    [Fact]
    public void The_graph_sees_uses_inside_method_bodies()
    {
        Graph.UsesOf(Server + ".Cli").Should().ContainKey(Server + ".Plan", "the check-config verb calls the config loader from its body");
        Graph.Namespaces.Should().HaveCountGreaterThan(10);
    }

    private static string Layer(string ns) => ns == Server ? "" : ns[(Server.Length + 1)..];
}
