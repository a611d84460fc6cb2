using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit;
using Xunit.Sdk;

namespace Hesione.Tests.Backends;

/// <summary>A tenant scope: the values of <c>namespace</c> one receiver (and its oracle backend) may see.</summary>
public sealed record TenantScope(string Key, IReadOnlyList<string> Namespaces)
{
    public static readonly TenantScope TeamA = new("team-a", ["team-a"]);
    public static readonly TenantScope DotNs = new("dot.ns", ["dot.ns"]);
    public static readonly TenantScope TeamAB = new("team-a+team-b", ["team-a", "team-b"]);

    public static readonly IReadOnlyList<TenantScope> All = [TeamA, DotNs, TeamAB];

    public static TenantScope Get(string key) => All.Single(s => s.Key == key);

    public override string ToString() => Key;
}

/// <summary>
/// Shared real backends for every test in <see cref="BackendCollection"/>: one Prometheus and one VictoriaMetrics
/// holding all of <see cref="TestData"/>, and per <see cref="TenantScope"/> an "oracle" Prometheus and VictoriaMetrics
/// holding only that scope's series. Everything starts in parallel; disposing kills every process.
/// <para>When the binaries are missing <see cref="InitializeAsync"/> throws, saying what to install, and every test of
/// the collection fails; only with the opt-out <c>HESIONE_SKIP_BACKEND_TESTS=1</c> (and not under <c>CI=true</c>) does the
/// fixture stay empty and <see cref="BackendFactAttribute"/> skip the tests.</para>
/// </summary>
public sealed class BackendFixture : IAsyncLifetime, IStartsRealBackends
{
    private readonly List<Backend> _backends = [];
    private readonly Dictionary<(BackendFlavor, string), Backend> _oracles = [];
    private readonly ConcurrentDictionary<string, Lazy<Task<IAsyncDisposable>>> _resources = new();
    private Backend? _prometheus;
    private Backend? _victoriaMetrics;

    /// <summary>How long starting everything took.</summary>
    public TimeSpan StartDuration { get; private set; }

    public bool Available => _prometheus is not null;

    /// <summary>Prometheus holding every series of <see cref="TestData"/> (all tenants and foreign series).</summary>
    public Backend Prometheus => _prometheus ?? throw NotAvailable();

    /// <summary>VictoriaMetrics holding every series of <see cref="TestData"/>.</summary>
    public Backend VictoriaMetrics => _victoriaMetrics ?? throw NotAvailable();

    public Backend All(BackendFlavor flavor) => flavor == BackendFlavor.Prometheus ? Prometheus : VictoriaMetrics;

    /// <summary>The backend of <paramref name="flavor"/> holding only the series of <paramref name="scope"/>.</summary>
    public Backend Oracle(BackendFlavor flavor, TenantScope scope) =>
        Available ? _oracles[(flavor, scope.Key)] : throw NotAvailable();

    public async Task InitializeAsync()
    {
        if (BackendBinaries.Missing.Count > 0)
        {
            if (!BackendBinaries.SkipAllowed) throw new InvalidOperationException(BackendBinaries.Advice(BackendBinaries.Missing));

            return; // Opted out: the tests are skipped by BackendFactAttribute.
        }

        var sw = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var all = TestData.Series;
        var starts = new List<(string Key, Task<Backend> Task)>
        {
            ("prometheus/all", Servers.StartPrometheusAsync("all tenants", all, cts.Token)),
            ("victoriametrics/all", Servers.StartVictoriaMetricsAsync("all tenants", all, cts.Token)),
        };
        foreach (var scope in TenantScope.All)
        {
            var subset = TestData.ForTenants(scope.Namespaces).ToList();
            var description = $"namespace in [{string.Join(", ", scope.Namespaces)}]";
            starts.Add(($"prometheus/{scope.Key}", Servers.StartPrometheusAsync(description, subset, cts.Token)));
            starts.Add(($"victoriametrics/{scope.Key}", Servers.StartVictoriaMetricsAsync(description, subset, cts.Token)));
        }

        try
        {
            await Task.WhenAll(starts.Select(s => s.Task));
        }
        catch
        {
            foreach (var (_, task) in starts)
            {
                if (task.IsCompletedSuccessfully)
                {
                    await task.Result.DisposeAsync();
                }
            }

            var failures = starts.Where(s => s.Task.IsFaulted).Select(s => $"{s.Key}: {s.Task.Exception!.InnerException!.Message}");
            throw new InvalidOperationException("could not start the real backends:\n" + string.Join("\n", failures));
        }

        foreach (var (key, task) in starts)
        {
            var backend = task.Result;
            _backends.Add(backend);
            var parts = key.Split('/');
            if (parts[1] == "all")
            {
                if (backend.Flavor == BackendFlavor.Prometheus)
                {
                    _prometheus = backend;
                }
                else
                {
                    _victoriaMetrics = backend;
                }
            }
            else
            {
                _oracles[(backend.Flavor, parts[1])] = backend;
            }
        }

        StartDuration = sw.Elapsed;
    }

    /// <summary>
    /// A resource created once per fixture (e.g. a proxy in front of these backends) and disposed with it.
    /// </summary>
    public async Task<T> GetOrAddAsync<T>(string key, Func<Task<T>> factory)
        where T : class, IAsyncDisposable
    {
        var lazy = _resources.GetOrAdd(key, _ => new Lazy<Task<IAsyncDisposable>>(async () => await factory()));
        return (T)await lazy.Value;
    }

    public async Task DisposeAsync()
    {
        foreach (var lazy in _resources.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                await lazy.Value.Result.DisposeAsync();
            }
        }

        await Task.WhenAll(_backends.Select(b => b.DisposeAsync().AsTask()));
    }

    private static InvalidOperationException NotAvailable() =>
        new(BackendBinaries.SkipReason ?? "real backends were not started");
}

/// <summary>The xunit collection of every test that needs the real backends (<see cref="BackendFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class BackendCollection : ICollectionFixture<BackendFixture>
{
    public const string Name = "Real backends";
}

/// <summary>A <see cref="FactAttribute"/> that skips when the backend binaries are missing and the opt-out is set; trait <c>Category=RealBackend</c>.</summary>
[TraitDiscoverer(RealBackendTrait.DiscovererTypeName, RealBackendTrait.AssemblyName)]
public sealed class BackendFactAttribute : FactAttribute, ITraitAttribute
{
    public BackendFactAttribute()
    {
        if (BackendBinaries.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A <see cref="TheoryAttribute"/> that skips when the backend binaries are missing and the opt-out is set; trait <c>Category=RealBackend</c>.</summary>
[TraitDiscoverer(RealBackendTrait.DiscovererTypeName, RealBackendTrait.AssemblyName)]
public sealed class BackendTheoryAttribute : TheoryAttribute, ITraitAttribute
{
    public BackendTheoryAttribute()
    {
        if (BackendBinaries.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
