using FluentAssertions;
using Hesione.Server.Authentication;
using Hesione.Tests.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Hesione.Tests.Identity;

/// <summary>The JWKS cache against a local key server: one fetch at a time, bounded, no redirects, symmetric keys dropped, the last good keys kept.</summary>
public sealed class JwksCacheTests : IAsyncLifetime
{
    private readonly TestKey _rsa = TestKey.Rsa("k1");
    private readonly ManualClock _clock = new();
    private KestrelFakeUpstream _server = null!;
    private JwksCache _cache = null!;
    private int _fetches;

    private Uri Keys => new(_server.BaseAddress, "keys");

    public async Task InitializeAsync()
    {
        _server = await KestrelFakeUpstream.StartAsync();
        _cache = new JwksCache(_clock, NullLogger<JwksCache>.Instance);
        Serve(TestKey.Jwks(_rsa));
    }

    public async Task DisposeAsync()
    {
        _cache.Dispose();
        await _server.DisposeAsync();
    }

    private void Serve(string body, int status = 200, TimeSpan delay = default, string? location = null) =>
        _server.Respond = async context =>
        {
            Interlocked.Increment(ref _fetches);
            if (delay > TimeSpan.Zero) await Task.Delay(delay);
            context.Response.StatusCode = status;
            if (location is not null) context.Response.Headers.Location = location;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        };

    [Fact]
    public async Task Concurrent_requests_for_an_unknown_kid_share_one_fetch()
    {
        (await _cache.KeysAsync(Keys, "k1", CancellationToken.None)).Should().ContainSingle();
        var rotated = TestKey.Rsa("k2");
        Serve(TestKey.Jwks(rotated), delay: TimeSpan.FromMilliseconds(300));
        _clock.Advance(TimeSpan.FromSeconds(31));
        var before = _fetches;

        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _cache.KeysAsync(Keys, "k2", CancellationToken.None)));

        _fetches.Should().Be(before + 1);
        all.Should().AllSatisfy(keys => keys.Select(k => k.KeyId).Should().Equal("k2"));
    }

    [Fact]
    public async Task A_document_over_the_size_bound_is_not_read()
    {
        Serve("{\"keys\":[],\"pad\":\"" + new string('x', JsonWebKeys.MaxDocumentBytes) + "\"}");
        (await _cache.KeysAsync(Keys, "k1", CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        await using var other = await KestrelFakeUpstream.StartAsync();
        other.Respond = context => context.Response.WriteAsync(TestKey.Jwks(_rsa));
        Serve("", status: 302, location: new Uri(other.BaseAddress, "keys").ToString());
        (await _cache.KeysAsync(Keys, "k1", CancellationToken.None)).Should().BeEmpty();
        other.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Symmetric_and_encryption_keys_are_dropped()
    {
        var jwks = TestKey.Jwks(_rsa);
        Serve(jwks.Replace("{\"keys\":[", "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"c2VjcmV0\"},{\"kty\":\"RSA\",\"kid\":\"enc\",\"use\":\"enc\",\"n\":\"AQAB\",\"e\":\"AQAB\"},", StringComparison.Ordinal));
        (await _cache.KeysAsync(Keys, null, CancellationToken.None)).Select(k => k.KeyId).Should().Equal("k1");
    }

    [Fact]
    public async Task A_bad_answer_keeps_the_last_good_keys()
    {
        (await _cache.KeysAsync(Keys, "k1", CancellationToken.None)).Should().ContainSingle();
        foreach (var (body, status) in new[] { ("not json", 200), ("{\"keys\":[]}", 200), ("", 500) })
        {
            Serve(body, status);
            _clock.Advance(TimeSpan.FromSeconds(31));
            (await _cache.KeysAsync(Keys, "unknown", CancellationToken.None)).Select(k => k.KeyId).Should().Equal("k1");
        }
    }

    [Fact]
    public async Task Without_keys_a_failed_fetch_is_retried_only_after_a_pause()
    {
        Serve("", status: 503);
        (await _cache.KeysAsync(Keys, "k1", CancellationToken.None)).Should().BeEmpty();
        var after = _fetches;
        (await _cache.KeysAsync(Keys, "k1", CancellationToken.None)).Should().BeEmpty();
        _fetches.Should().Be(after);
        Serve(TestKey.Jwks(_rsa));
        _clock.Advance(JwksCache.RetryWithoutKeys);
        (await _cache.KeysAsync(Keys, "k1", CancellationToken.None)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_failed_fetch_is_logged_with_its_exception_not_its_message_in_the_text()
    {
        var logger = new RecordingLogger();
        using var cache = new JwksCache(_clock, logger);
        Serve("{not json");
        (await cache.KeysAsync(Keys, "k1", CancellationToken.None)).Should().BeEmpty();
        var (level, message, exception) = logger.Entries.Should().ContainSingle().Subject;
        level.Should().Be(LogLevel.Warning);
        message.Should().Be($"JWKS {Keys}: cannot fetch the keys; the cached keys stay");
        exception.Should().NotBeNull();
    }

    private sealed class RecordingLogger : ILogger<JwksCache>
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries) Entries.Add((logLevel, formatter(state, exception), exception));
        }
    }
}
