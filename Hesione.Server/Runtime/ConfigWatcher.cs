using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hesione.Server.Runtime;

/// <summary>
/// Triggers config reloads: on SIGHUP, and when anything changes in the config file's directory (debounced, and
/// only when the file's content changed; watching the directory also catches editors that replace the file and
/// Kubernetes ConfigMap symlink swaps).
/// </summary>
internal sealed class ConfigWatcher(ConfigFile file, ConfigReloader reloader, ILogger<ConfigWatcher> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    private FileSystemWatcher? _watcher;
    private Timer? _timer;
    private PosixSignalRegistration? _sighup;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new Timer(_ => Run(reloader.ReloadIfChangedAsync), null, Timeout.Infinite, Timeout.Infinite);
        var directory = Path.GetDirectoryName(Path.GetFullPath(file.Path))!;
        try
        {
            _watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += OnChange;
            _watcher.Created += OnChange;
            _watcher.Deleted += OnChange;
            _watcher.Renamed += OnChange;
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            logger.LogWarning("config {Path}: cannot watch for changes ({Message}); reload with SIGHUP", file.Path, e.Message);
        }
        try
        {
            _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                Run(reloader.ReloadAsync);
            });
        }
        catch (PlatformNotSupportedException)
        {
            logger.LogDebug("SIGHUP is not available on this platform");
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    private void OnChange(object sender, FileSystemEventArgs e)
    {
        try
        {
            _timer?.Change(Debounce, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private void Run(Func<Task<bool>> reload) => _ = RunAsync(reload);

    private async Task RunAsync(Func<Task<bool>> reload)
    {
        try
        {
            await reload();
        }
        catch (Exception e)
        {
            logger.LogError("config {Path}: reload failed: {Message}", file.Path, e.Message);
        }
    }

    public void Dispose()
    {
        _sighup?.Dispose();
        _watcher?.Dispose();
        _timer?.Dispose();
    }
}
