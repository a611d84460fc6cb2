using System.Net;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace Hesione.Tests.Server;

/// <summary>Runs alone (no other test allocating at the same time), since it measures this process's memory.</summary>
[CollectionDefinition(nameof(StreamingTests), DisableParallelization = true)]
public sealed class StreamingCollection;

[Collection(nameof(StreamingTests))]
public sealed class StreamingTests(ITestOutputHelper output)
{
    private const long ResponseBytes = 100L * 1024 * 1024;
    private const int ChunkBytes = 64 * 1024;

    [Fact]
    public async Task A_100_MB_response_is_streamed_with_flat_memory()
    {
        await using var upstream = await KestrelFakeUpstream.StartAsync();
        var chunk = new byte[ChunkBytes];
        Array.Fill(chunk, (byte)'x');
        upstream.Respond = async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = ResponseBytes;
            for (long sent = 0; sent < ResponseBytes; sent += ChunkBytes)
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        };
        await using var proxy = await TestProxy.StartAsync(TestProxy.Config(upstream.BaseAddress));

        using var warmup = await proxy.Client.GetAsync("team-a/api/v1/status/buildinfo", HttpCompletionOption.ResponseHeadersRead);
        await warmup.Content.CopyToAsync(Stream.Null);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;

        using var response = await proxy.Client.GetAsync("team-a/api/v1/query?query=up", HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.Should().Be(ResponseBytes);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[ChunkBytes];
        long received = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            received += read;
            if ((received & 0xFFFFF) < read) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        }

        received.Should().Be(ResponseBytes);
        var growth = peak - baseline;
        output.WriteLine($"managed heap growth while streaming {ResponseBytes >> 20} MiB: {growth >> 10} KiB");
        growth.Should().BeLessThan(ResponseBytes / 5, "the response must be streamed, not buffered");
    }
}
