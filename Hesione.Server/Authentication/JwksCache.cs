using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using Microsoft.IdentityModel.Tokens;

namespace Hesione.Server.Authentication;

/// <summary>
/// The keys of every <c>jwks_url</c>, fetched on first use and cached for the process (a config reload keeps them).
/// A key set older than <see cref="RefreshAge"/> is refreshed in the background while it goes on serving, so
/// rotated keys arrive without a restart; a token whose <c>kid</c> is unknown triggers a refresh at most once per
/// <see cref="UnknownKidInterval"/>; concurrent refreshes of one URL share one fetch. When the endpoint is down the
/// cached keys keep working. Fetches have a timeout and a size bound, follow no redirect and send no credentials.
/// </summary>
internal sealed partial class JwksCache : IDisposable
{
    public static readonly TimeSpan RefreshAge = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan UnknownKidInterval = TimeSpan.FromSeconds(30);

    /// <summary>How long after a failed fetch with no keys at all the next one is tried.</summary>
    public static readonly TimeSpan RetryWithoutKeys = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Uri, Source> _sources = new();
    private readonly HttpClient _client;
    private readonly TimeProvider _clock;
    private readonly ILogger<JwksCache> _logger;

    public JwksCache(TimeProvider clock, ILogger<JwksCache> logger)
    {
        _clock = clock;
        _logger = logger;
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = FetchTimeout,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            Timeout = FetchTimeout,
            MaxResponseContentBufferSize = JsonWebKeys.MaxDocumentBytes,
        };
    }

    /// <summary>
    /// The cached keys of <paramref name="url"/> for a token with <paramref name="kid"/> (null when it names none):
    /// fetched first when there are none yet, or when <paramref name="kid"/> is not among them and the last fetch is
    /// older than <see cref="UnknownKidInterval"/>. Empty when no keys could be had.
    /// </summary>
    public async Task<ImmutableArray<SecurityKey>> KeysAsync(Uri url, string? kid, CancellationToken cancellationToken)
    {
        var source = _sources.GetOrAdd(url, static u => new Source(u));
        var now = _clock.GetUtcNow().UtcTicks;
        var keys = source.Keys;
        if (keys.IsDefault || (kid is not null && !Holds(keys, kid)))
        {
            var interval = keys.IsDefault ? RetryWithoutKeys : UnknownKidInterval;
            if (source.Fetching is { IsCompleted: false } running) await running.WaitAsync(cancellationToken);
            else if (now - source.LastAttempt >= interval.Ticks) await RefreshAsync(source).WaitAsync(cancellationToken);
        }
        else if (now - source.FetchedAt >= RefreshAge.Ticks && now - source.LastAttempt >= UnknownKidInterval.Ticks)
        {
            _ = RefreshAsync(source);
        }
        return source.Keys.IsDefault ? [] : source.Keys;
    }

    private static bool Holds(ImmutableArray<SecurityKey> keys, string kid)
    {
        foreach (var key in keys)
            if (key.KeyId == kid) return true;
        return false;
    }

    /// <summary>One fetch per source at a time: callers that arrive during a fetch share it.</summary>
    private Task RefreshAsync(Source source)
    {
        lock (source)
        {
            if (source.Fetching is { IsCompleted: false } running) return running;
            source.LastAttempt = _clock.GetUtcNow().UtcTicks;
            return source.Fetching = FetchAsync(source);
        }
    }

    private async Task FetchAsync(Source source)
    {
        try
        {
            using var response = await _client.GetAsync(source.Url, HttpCompletionOption.ResponseContentRead);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                LogHttpStatus(_logger, source.Url, (int)response.StatusCode);
                return;
            }
            var keys = JsonWebKeys.Parse(await response.Content.ReadAsStringAsync());
            source.Keys = keys;
            source.FetchedAt = _clock.GetUtcNow().UtcTicks;
        }
        catch (Exception e)
        {
            // A background fetch: whatever goes wrong, the cached keys stay and the next fetch tries again.
            LogFetchFailed(_logger, source.Url, e);
        }
    }

    public void Dispose() => _client.Dispose();

    private sealed class Source(Uri url)
    {
        public Uri Url { get; } = url;

        public volatile Task? Fetching;

        public ImmutableArray<SecurityKey> Keys
        {
            get => ImmutableInterlocked.InterlockedCompareExchange(ref _keys, default, default);
            set => ImmutableInterlocked.InterlockedExchange(ref _keys, value);
        }

        private ImmutableArray<SecurityKey> _keys;

        private long _fetchedAt;
        private long _lastAttempt;

        /// <summary>When the keys were last fetched (UTC ticks; 0 never).</summary>
        public long FetchedAt
        {
            get => Interlocked.Read(ref _fetchedAt);
            set => Interlocked.Exchange(ref _fetchedAt, value);
        }

        /// <summary>When a fetch was last started (UTC ticks; 0 never).</summary>
        public long LastAttempt
        {
            get => Interlocked.Read(ref _lastAttempt);
            set => Interlocked.Exchange(ref _lastAttempt, value);
        }
    }

    [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "JWKS {Url}: HTTP {Status}; the cached keys stay")]
    private static partial void LogHttpStatus(ILogger logger, Uri url, int status);

    [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "JWKS {Url}: cannot fetch the keys; the cached keys stay")]
    private static partial void LogFetchFailed(ILogger logger, Uri url, Exception exception);
}
