namespace Hesione.Tests.Backends;

/// <summary>
/// Real Prometheus replicas holding the same data (one backfilled TSDB, copied per replica), each on its own fixed
/// port and directory, that a test can kill (SIGKILL, like a crash) and start again on the same address.
/// </summary>
public sealed class PrometheusReplicas : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly string _root;
    private readonly Replica[] _replicas;

    private sealed class Replica(string directory, string config, string tsdb, int port)
    {
        public string Directory { get; } = directory;
        public string Config { get; } = config;
        public string Tsdb { get; } = tsdb;
        public int Port { get; } = port;
        public BackendProcess? Process { get; set; }
    }

    private PrometheusReplicas(string root, Replica[] replicas)
    {
        _root = root;
        _replicas = replicas;
    }

    public int Count => _replicas.Length;

    public Uri BaseAddress(int replica) => new($"http://127.0.0.1:{_replicas[replica].Port}/");

    public bool IsRunning(int replica) => _replicas[replica].Process is { HasExited: false };

    /// <summary>Backfills <paramref name="series"/> once and starts <paramref name="count"/> replicas on copies of it.</summary>
    public static async Task<PrometheusReplicas> StartAsync(int count, IReadOnlyCollection<SyntheticSeries> series, CancellationToken cancellationToken = default)
    {
        BackendBinaries.Require(BackendBinaries.Prometheus);
        var root = BackendProcess.CreateTempDirectory("prometheus-replicas");
        var replicas = new PrometheusReplicas(root, new Replica[count]);
        try
        {
            var (config, tsdb) = await Servers.BackfillPrometheusAsync(series, root, cancellationToken);
            for (var i = 0; i < count; i++)
            {
                var directory = Path.Combine(root, $"replica-{i}");
                CopyDirectory(tsdb, Path.Combine(directory, "tsdb"));
                replicas._replicas[i] = new Replica(directory, config, Path.Combine(directory, "tsdb"), BackendProcess.FreePort());
            }
            await Task.WhenAll(Enumerable.Range(0, count).Select(i => replicas.StartAsync(i, cancellationToken)));
            return replicas;
        }
        catch
        {
            await replicas.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts replica <paramref name="replica"/> (again) on its address and data, and waits until it is ready.</summary>
    public async Task StartAsync(int replica, CancellationToken cancellationToken = default)
    {
        var r = _replicas[replica];
        if (r.Process is not null) await r.Process.DisposeAsync();
        r.Process = BackendProcess.Start($"prometheus replica {replica}", BackendBinaries.Require(BackendBinaries.Prometheus), r.Directory, r.Port,
            Servers.PrometheusArguments(r.Config, r.Tsdb, r.Port), ownsDirectory: false);
        await r.Process.WaitForHttpAsync("/-/ready", ReadyTimeout, cancellationToken);
    }

    /// <summary>Kills replica <paramref name="replica"/> with SIGKILL and waits until it is gone.</summary>
    public async Task KillAsync(int replica)
    {
        var r = _replicas[replica];
        if (r.Process is null) return;
        await r.Process.DisposeAsync();
        r.Process = null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
            if (replica?.Process is { } process) await process.DisposeAsync();
        BackendProcess.TryDeleteDirectory(_root);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.GetDirectories(from)) CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
    }
}
