using System.Text;
using Hesione.Server.Hosting;
using Hesione.Tests.Backends;

namespace Hesione.Tests.Isolation;

/// <summary>A receiver of the isolation proxy: its backend flavor and the scope its oracle holds.</summary>
public sealed record ReceiverCase(string Name, BackendFlavor Flavor, TenantScope Scope)
{
    public override string ToString() => Name;
}

/// <summary>
/// One Hesione proxy (started through <see cref="ProxyHost.StartAsync"/>, the same pipeline as <c>hesione serve</c>)
/// in front of the shared all-tenant backends, with receivers for each scope and flavor, a Basic-auth receiver, and
/// two receivers on recording <see cref="RawTcpUpstream"/>s that show what the proxy forwards.
/// </summary>
public sealed class IsolationProxy : IAsyncDisposable
{
    public const string BasicUser = "grafana-a";
    public const string BasicPassword = "s3cret: with spaces & ümlauts";

    public static readonly IReadOnlyList<ReceiverCase> Receivers =
    [
        new("team-a", BackendFlavor.Prometheus, TenantScope.TeamA),
        new("multi", BackendFlavor.Prometheus, TenantScope.TeamAB),
        new("dotns", BackendFlavor.Prometheus, TenantScope.DotNs),
        new("vm-team-a", BackendFlavor.VictoriaMetrics, TenantScope.TeamA),
        new("vm-multi", BackendFlavor.VictoriaMetrics, TenantScope.TeamAB),
        new("vm-dotns", BackendFlavor.VictoriaMetrics, TenantScope.DotNs),
    ];

    /// <summary>Receiver "basic": team-a on Prometheus behind Basic auth.</summary>
    public static readonly ReceiverCase Basic = new("basic", BackendFlavor.Prometheus, TenantScope.TeamA);

    /// <summary>Receiver "rec-prom": team-a, flavor prometheus, on a recording fake upstream.</summary>
    public static readonly ReceiverCase RecordingPrometheus = new("rec-prom", BackendFlavor.Prometheus, TenantScope.TeamA);

    /// <summary>Receiver "rec-vm": team-a, flavor victoriametrics, on a recording fake upstream.</summary>
    public static readonly ReceiverCase RecordingVictoriaMetrics = new("rec-vm", BackendFlavor.VictoriaMetrics, TenantScope.TeamA);

    private readonly string _directory;

    private IsolationProxy(ProxyHost host, string directory, RawTcpUpstream recProm, RawTcpUpstream recVm)
    {
        Host = host;
        _directory = directory;
        RecordingPrometheusUpstream = recProm;
        RecordingVictoriaMetricsUpstream = recVm;
    }

    public ProxyHost Host { get; }

    public Uri BaseAddress => Host.BaseAddress;

    public RawTcpUpstream RecordingPrometheusUpstream { get; }

    public RawTcpUpstream RecordingVictoriaMetricsUpstream { get; }

    public static ReceiverCase Receiver(string name) =>
        Receivers.Concat([Basic, RecordingPrometheus, RecordingVictoriaMetrics]).Single(r => r.Name == name);

    /// <summary>The proxy shared by every test of the backend collection (started on first use).</summary>
    public static Task<IsolationProxy> GetAsync(BackendFixture fixture) =>
        fixture.GetOrAddAsync("isolation-proxy", () => StartAsync(fixture));

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await RecordingPrometheusUpstream.DisposeAsync();
        await RecordingVictoriaMetricsUpstream.DisposeAsync();
        BackendProcess.TryDeleteDirectory(_directory);
    }

    /// <summary>Writes a config.yml into a fresh temp directory and starts a proxy on it.</summary>
    public static async Task<ProxyHost> StartProxyAsync(string yaml, string directory)
    {
        var path = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(path, yaml);
        return await ProxyHost.StartAsync(path, "127.0.0.1:0");
    }

    /// <summary>A YAML double-quoted scalar.</summary>
    public static string Q(string s) =>
        "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>The YAML of a receiver entry (two-space list indentation).</summary>
    public static string ReceiverYaml(string name, Uri upstream, TenantScope scope, BackendFlavor flavor, string? extra = null)
    {
        var sb = new StringBuilder();
        sb.Append("  - name: ").Append(Q(name)).Append('\n');
        sb.Append("    prom: ").Append(Q(upstream.ToString().TrimEnd('/'))).Append('\n');
        if (scope.Namespaces.Count == 1)
        {
            // The original single-label form.
            sb.Append("    label_name: namespace\n");
            sb.Append("    label: ").Append(Q(scope.Namespaces[0])).Append('\n');
        }
        else
        {
            sb.Append("    labels:\n      namespace: [").AppendJoin(", ", scope.Namespaces.Select(Q)).Append("]\n");
        }

        if (flavor == BackendFlavor.VictoriaMetrics)
        {
            sb.Append("    flavor: victoriametrics\n");
        }

        if (extra is not null)
        {
            sb.Append(extra);
        }

        return sb.ToString();
    }

    private static async Task<IsolationProxy> StartAsync(BackendFixture fixture)
    {
        var dir = BackendProcess.CreateTempDirectory("proxy");
        var recProm = RawTcpUpstream.Start();
        var recVm = RawTcpUpstream.Start();
        try
        {
            var yaml = new StringBuilder("request_timeout: 30s\nreceivers:\n");
            foreach (var r in Receivers)
            {
                yaml.Append(ReceiverYaml(r.Name, fixture.All(r.Flavor).BaseAddress, r.Scope, r.Flavor));
            }

            yaml.Append(ReceiverYaml(
                Basic.Name,
                fixture.Prometheus.BaseAddress,
                Basic.Scope,
                Basic.Flavor,
                $"    auth:\n      user: {Q(BasicUser)}\n      password: {Q(BasicPassword)}\n"));
            yaml.Append(ReceiverYaml(RecordingPrometheus.Name, recProm.BaseAddress, RecordingPrometheus.Scope, RecordingPrometheus.Flavor));
            yaml.Append(ReceiverYaml(RecordingVictoriaMetrics.Name, recVm.BaseAddress, RecordingVictoriaMetrics.Scope, RecordingVictoriaMetrics.Flavor));

            var host = await StartProxyAsync(yaml.ToString(), dir);
            return new IsolationProxy(host, dir, recProm, recVm);
        }
        catch
        {
            await recProm.DisposeAsync();
            await recVm.DisposeAsync();
            BackendProcess.TryDeleteDirectory(dir);
            throw;
        }
    }
}
