using System.Security.Cryptography;
using System.Text;
using Hesione.Server.Configuration;
using Hesione.Server.Hosting;
using Hesione.Server.Observability;
using Hesione.Server.Plan;
using Hesione.Server.Upstream;

namespace Hesione.Server.Runtime;

/// <summary>
/// Reloads the config file: a valid file becomes the new <see cref="ProxySnapshot"/> (requests in flight keep the
/// one they started with); an invalid one is logged with every problem and the last good config stays. One reload
/// at a time. <c>listen</c>, <c>internal_listen</c>, <c>tls</c>, <c>max_connections</c>, <c>request_headers_timeout</c> and
/// <c>keep_alive_timeout</c> take effect only at the next start.
/// </summary>
internal sealed partial class ConfigReloader(ConfigFile file, LiveConfig live, UpstreamClientFactory clients, ConcurrencyLimiter limiter, ProxyMetrics metrics, ILogger<ConfigReloader> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _loadedHash = HashOf(file.Path);

    /// <summary>Reloads unconditionally (<see cref="ProxyHost.ReloadAsync"/>); true when the new config took effect.</summary>
    public async Task<bool> ReloadAsync() => await ReloadAsync(onlyIfChanged: false) == ReloadOutcome.Reloaded;

    /// <summary>Reloads unconditionally (SIGHUP).</summary>
    public Task<ReloadOutcome> ReloadNowAsync() => ReloadAsync(onlyIfChanged: false);

    /// <summary>Reloads when the file's content differs from the last one loaded (file watcher events).</summary>
    public Task<ReloadOutcome> ReloadIfChangedAsync() => ReloadAsync(onlyIfChanged: true);

    private async Task<ReloadOutcome> ReloadAsync(bool onlyIfChanged)
    {
        await _gate.WaitAsync();
        try
        {
            string text;
            try
            {
                text = await File.ReadAllTextAsync(file.Path);
            }
            catch (Exception e) when (ConfigReadError.IsReadFailure(e))
            {
                return Fail([ConfigReadError.Describe(file.Path, e)]);
            }
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
            if (onlyIfChanged && _loadedHash is not null && hash.AsSpan().SequenceEqual(_loadedHash)) return ReloadOutcome.Unchanged;
            _loadedHash = hash;

            ProxyConfig next;
            try
            {
                next = ConfigLoader.Parse(text, Path.GetDirectoryName(Path.GetFullPath(file.Path))!);
            }
            catch (ConfigException e)
            {
                return Fail(e.Problems);
            }
            var current = live.Current.Config;
            if (next.Listen != current.Listen || next.InternalListen != current.InternalListen || next.TlsCertificate?.Thumbprint != current.TlsCertificate?.Thumbprint || next.MaxConnections != current.MaxConnections
                || next.RequestHeadersTimeout != current.RequestHeadersTimeout || next.KeepAliveTimeout != current.KeepAliveTimeout)
                LogListenerChangesWait(logger, file.Path);
            live.Swap(new ProxySnapshot(next, clients));
            limiter.Forget(next.ReceiversByName.Keys.ToHashSet(StringComparer.Ordinal));
            metrics.Reload(success: true);
            LogReloaded(logger, file.Path, next.Receivers.Length, string.Join(", ", next.Receivers.Select(r => r.Name)));
            return ReloadOutcome.Reloaded;
        }
        finally
        {
            _gate.Release();
        }
    }

    private ReloadOutcome Fail(IReadOnlyList<string> problems)
    {
        foreach (var problem in problems) LogNotReloaded(logger, file.Path, problem);
        metrics.Reload(success: false);
        return ReloadOutcome.Failed;
    }

    private static byte[]? HashOf(string path)
    {
        try
        {
            return SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose() => _gate.Dispose();


    [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "config {Path}: listen, internal_listen, tls, max_connections and connection timeout changes take effect at the next start")]
    private static partial void LogListenerChangesWait(ILogger logger, string path);

    [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "config {Path} reloaded: {Count} receiver(s): {Receivers}")]
    private static partial void LogReloaded(ILogger logger, string path, int count, string receivers);

    [LoggerMessage(EventId = 0, Level = LogLevel.Error, Message = "config {Path} not reloaded, the last good config stays: {Problem}")]
    private static partial void LogNotReloaded(ILogger logger, string path, string problem);
}

/// <summary>What a reload attempt did.</summary>
internal enum ReloadOutcome
{
    /// <summary>The new config took effect.</summary>
    Reloaded,

    /// <summary>The file's content is the one already loaded (or already refused).</summary>
    Unchanged,

    /// <summary>The file could not be read, or is invalid: the last good config stays.</summary>
    Failed,
}
