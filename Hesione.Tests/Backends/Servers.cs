using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Hesione.Tests.Backends;

/// <summary>Which query engine a backend runs.</summary>
public enum BackendFlavor
{
    Prometheus,
    VictoriaMetrics,
}

/// <summary>A running, loaded backend: its process and what it holds.</summary>
public sealed class Backend(BackendFlavor flavor, BackendProcess process, string description, int seriesCount) : IAsyncDisposable
{
    public BackendFlavor Flavor { get; } = flavor;

    public BackendProcess Process { get; } = process;

    public Uri BaseAddress => Process.BaseAddress;

    /// <summary>Human readable content, e.g. "all tenants" or "namespace in [team-a]".</summary>
    public string Description { get; } = description;

    /// <summary>Number of series loaded.</summary>
    public int SeriesCount { get; } = seriesCount;

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    public override string ToString() => $"{Flavor} {Description} at {BaseAddress}";
}

/// <summary>Starts real backend servers on 127.0.0.1, each on a free port with its own temp directory.</summary>
public static class Servers
{
    private const int StartAttempts = 3;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>
    /// Backfills <paramref name="series"/> into a fresh TSDB with <c>promtool tsdb create-blocks-from openmetrics</c> and
    /// starts Prometheus on it (retention 100y so the old blocks survive), waiting for <c>/-/ready</c>.
    /// </summary>
    public static async Task<Backend> StartPrometheusAsync(string description, IReadOnlyCollection<SyntheticSeries> series, CancellationToken cancellationToken = default)
    {
        var prometheus = BackendBinaries.Require(BackendBinaries.Prometheus);
        BackendBinaries.Require(BackendBinaries.Promtool);
        var dir = BackendProcess.CreateTempDirectory("prometheus");
        try
        {
            var (config, tsdb) = await BackfillPrometheusAsync(series, dir, cancellationToken);
            var process = await StartWithRetriesAsync(
                $"prometheus ({description})",
                prometheus,
                dir,
                port => PrometheusArguments(config, tsdb, port),
                "/-/ready",
                TimeSpan.FromSeconds(60),
                cancellationToken);
            return new Backend(BackendFlavor.Prometheus, process, description, series.Count);
        }
        catch
        {
            BackendProcess.TryDeleteDirectory(dir);
            throw;
        }
    }

    /// <summary>Backfills <paramref name="series"/> into a TSDB under <paramref name="dir"/>; returns the paths of a Prometheus config (no scrapes) and of the TSDB.</summary>
    public static async Task<(string Config, string Tsdb)> BackfillPrometheusAsync(IReadOnlyCollection<SyntheticSeries> series, string dir, CancellationToken cancellationToken = default)
    {
        var promtool = BackendBinaries.Require(BackendBinaries.Promtool);
        var dataFile = Path.Combine(dir, "data.om");
        await using (var writer = new StreamWriter(dataFile, append: false, new UTF8Encoding(false), bufferSize: 1 << 16))
        {
            TestData.WriteOpenMetrics(writer, series);
        }

        var tsdb = Path.Combine(dir, "tsdb");
        Directory.CreateDirectory(tsdb);
        await RunToCompletionAsync(promtool, ["tsdb", "create-blocks-from", "openmetrics", "--quiet", dataFile, tsdb], dir, TimeSpan.FromSeconds(120), cancellationToken);
        File.Delete(dataFile);

        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\nscrape_configs: []\n", cancellationToken);
        return (config, tsdb);
    }

    /// <summary>The arguments of a Prometheus serving <paramref name="tsdb"/> (retention 100y, so the old blocks survive) on 127.0.0.1:<paramref name="port"/>.</summary>
    public static string[] PrometheusArguments(string config, string tsdb, int port) =>
    [
        $"--config.file={config}",
        $"--storage.tsdb.path={tsdb}",
        "--storage.tsdb.retention.time=100y",
        $"--web.listen-address=127.0.0.1:{port}",
        "--log.level=warn",
    ];

    /// <summary>
    /// Starts VictoriaMetrics (retention 100y, cache disabled), imports <paramref name="series"/> as Prometheus text with
    /// millisecond timestamps, forces a flush and waits until every series is queryable.
    /// </summary>
    public static async Task<Backend> StartVictoriaMetricsAsync(string description, IReadOnlyCollection<SyntheticSeries> series, CancellationToken cancellationToken = default)
    {
        var vm = BackendBinaries.Require(BackendBinaries.VictoriaMetrics);
        var dir = BackendProcess.CreateTempDirectory("victoriametrics");
        BackendProcess? process = null;
        try
        {
            var storage = Path.Combine(dir, "data");
            process = await StartWithRetriesAsync(
                $"victoria-metrics ({description})",
                vm,
                dir,
                port =>
                [
                    $"-storageDataPath={storage}",
                    "-retentionPeriod=100y",
                    $"-httpListenAddr=127.0.0.1:{port}",
                    "-search.disableCache",
                    "-loggerLevel=WARN",
                ],
                "/health",
                TimeSpan.FromSeconds(30),
                cancellationToken);

            var dataFile = Path.Combine(dir, "data.prom");
            await using (var writer = new StreamWriter(dataFile, append: false, new UTF8Encoding(false), bufferSize: 1 << 16))
            {
                TestData.WritePrometheusText(writer, series);
            }

            await using (var body = File.OpenRead(dataFile))
            {
                using var content = new StreamContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
                using var import = await Http.PostAsync(new Uri(process.BaseAddress, "api/v1/import/prometheus"), content, cancellationToken);
                if (!import.IsSuccessStatusCode)
                {
                    throw new BackendStartException(process, $"import failed: {(int)import.StatusCode} {await import.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }

            File.Delete(dataFile);
            await WaitForVictoriaMetricsDataAsync(process, series.Count, cancellationToken);
            return new Backend(BackendFlavor.VictoriaMetrics, process, description, series.Count);
        }
        catch
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
            else
            {
                BackendProcess.TryDeleteDirectory(dir);
            }

            throw;
        }
    }

    /// <summary>Starts Alertmanager with a null receiver and clustering disabled (no gossip listener on 0.0.0.0:9094).</summary>
    public static async Task<BackendProcess> StartAlertmanagerAsync(CancellationToken cancellationToken = default)
    {
        var am = BackendBinaries.Require(BackendBinaries.Alertmanager);
        var dir = BackendProcess.CreateTempDirectory("alertmanager");
        try
        {
            var config = Path.Combine(dir, "alertmanager.yml");
            await File.WriteAllTextAsync(
                config,
                "route:\n  receiver: blackhole\n  group_by: [alertname, namespace]\nreceivers:\n  - name: blackhole\n",
                cancellationToken);
            var storage = Path.Combine(dir, "data");
            Directory.CreateDirectory(storage);
            return await StartWithRetriesAsync(
                "alertmanager",
                am,
                dir,
                port =>
                [
                    $"--config.file={config}",
                    $"--storage.path={storage}",
                    $"--web.listen-address=127.0.0.1:{port}",
                    "--cluster.listen-address=",
                    "--log.level=warn",
                ],
                "/-/ready",
                TimeSpan.FromSeconds(30),
                cancellationToken);
        }
        catch
        {
            BackendProcess.TryDeleteDirectory(dir);
            throw;
        }
    }

    private static async Task WaitForVictoriaMetricsDataAsync(BackendProcess process, int expectedSeries, CancellationToken cancellationToken)
    {
        using (var flush = await Http.GetAsync(new Uri(process.BaseAddress, "internal/force_flush"), cancellationToken))
        {
            if (!flush.IsSuccessStatusCode)
            {
                throw new BackendStartException(process, $"force_flush failed: {(int)flush.StatusCode}");
            }
        }

        var query = Uri.EscapeDataString("count({__name__=~\".+\"})");
        var url = new Uri(process.BaseAddress, $"api/v1/query?query={query}&time={TestData.End}");
        var sw = Stopwatch.StartNew();
        var last = "";
        while (sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var response = await Http.GetAsync(url, cancellationToken);
            last = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                using var doc = JsonDocument.Parse(last);
                var result = doc.RootElement.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() == 1 && result[0].GetProperty("value")[1].GetString() == expectedSeries.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    return;
                }
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new BackendStartException(process, $"imported data not queryable after 30s (expected {expectedSeries} series, last answer {last})");
    }

    private static async Task<BackendProcess> StartWithRetriesAsync(
        string name,
        string executable,
        string directory,
        Func<int, IEnumerable<string>> arguments,
        string readyPath,
        TimeSpan readyTimeout,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = BackendProcess.FreePort();
            var process = BackendProcess.Start(name, executable, directory, port, arguments(port), ownsDirectory: true);
            try
            {
                await process.WaitForHttpAsync(readyPath, readyTimeout, cancellationToken);
                return process;
            }
            catch (BackendStartException) when (attempt < StartAttempts && process.HasExited)
            {
                // Most likely the port was taken between probing and binding: try another one, same directory.
                process.Kill();
                await DisposeKeepingDirectoryAsync(process);
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }

    private static async Task DisposeKeepingDirectoryAsync(BackendProcess process)
    {
        // The directory holds the data for the next attempt: keep it, and keep the failed attempt's log beside it.
        var log = process.LogPath;
        var kept = log + ".attempt";
        await process.DisposeWithoutDeletingAsync();
        if (File.Exists(log))
        {
            File.Move(log, kept, overwrite: true);
        }
    }

    private static async Task RunToCompletionAsync(string executable, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException($"could not start {executable}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(executable)} {string.Join(' ', psi.ArgumentList)} did not finish within {timeout.TotalSeconds:0}s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(executable)} {string.Join(' ', psi.ArgumentList)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }
}
