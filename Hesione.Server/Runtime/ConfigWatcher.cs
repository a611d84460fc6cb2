using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Hesione.Server.Runtime;

/// <summary>
/// Triggers config reloads: on SIGHUP, and when the config file changes in its directory (debounced, and only when
/// the file's content changed; watching the directory also catches editors that replace the file, and Kubernetes
/// ConfigMap symlink swaps through its <c>..data</c> entries). Other files of the directory (a log written next to
/// the config) trigger nothing. After a failed attempt the watcher tries again by itself, 1 s later, doubling up to
/// 60 s, and no event brings the next attempt closer: a config that cannot be read (out of descriptors) is not
/// retried in a tight loop.
/// </summary>
internal sealed partial class ConfigWatcher(ConfigFile file, ConfigReloader reloader, ILogger<ConfigWatcher> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(60);

    private readonly string _fileName = Path.GetFileName(file.Path);
    private readonly Lock _schedule = new();
    private FileSystemWatcher? _watcher;
    private Timer? _timer;
    private PosixSignalRegistration? _sighup;
    private int _failures;
    private long _notBefore;

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
            LogCannotWatch(logger, file.Path, e);
        }
        try
        {
            _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                Run(reloader.ReloadNowAsync);
            });
        }
        catch (PlatformNotSupportedException)
        {
            LogNoSighup(logger);
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
        if (!Concerns(e.Name) && !(e is RenamedEventArgs renamed && Concerns(renamed.OldName))) return;
        lock (_schedule)
        {
            var wait = TimeSpan.FromTicks(Math.Max(Debounce.Ticks, _notBefore - DateTime.UtcNow.Ticks));
            Schedule(wait);
        }
    }

    /// <summary>The config file itself, or a Kubernetes atomic-writer entry (<c>..data</c>, <c>..2024_01_01_...</c>).</summary>
    private bool Concerns(string? name) => name is not null && (name == _fileName || name.StartsWith("..", StringComparison.Ordinal));

    private void Schedule(TimeSpan wait)
    {
        try
        {
            _timer?.Change(wait, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private void Run(Func<Task<ReloadOutcome>> reload) => _ = RunAsync(reload);

    private async Task RunAsync(Func<Task<ReloadOutcome>> reload)
    {
        ReloadOutcome outcome;
        try
        {
            outcome = await reload();
        }
        catch (Exception e)
        {
            LogReloadFailed(logger, file.Path, e);
            outcome = ReloadOutcome.Failed;
        }
        lock (_schedule)
        {
            if (outcome != ReloadOutcome.Failed)
            {
                _failures = 0;
                _notBefore = 0;
                return;
            }
            var wait = RetryDelay(++_failures);
            _notBefore = DateTime.UtcNow.Ticks + wait.Ticks;
            Schedule(wait);
        }
    }

    /// <summary>1 s after the first failure in a row, doubling up to 60 s.</summary>
    internal static TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks << Math.Min(failures - 1, 16)));

    public void Dispose()
    {
        _sighup?.Dispose();
        _watcher?.Dispose();
        _timer?.Dispose();
    }

    [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "config {Path}: cannot watch for changes; reload with SIGHUP")]
    private static partial void LogCannotWatch(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 0, Level = LogLevel.Debug, Message = "SIGHUP is not available on this platform")]
    private static partial void LogNoSighup(ILogger logger);

    [LoggerMessage(EventId = 0, Level = LogLevel.Error, Message = "config {Path}: reload failed")]
    private static partial void LogReloadFailed(ILogger logger, string path, Exception exception);
}
