using System.Diagnostics;
using System.Net;
using System.Text;
using FluentAssertions;
using Hesione.Server.Hosting;
using Hesione.Tests.Backends;
using Xunit;
using Xunit.Abstractions;

namespace Hesione.Tests.Isolation;

/// <summary>Runs alone (no other test in parallel), so timings and the process's managed memory are meaningful.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProxyFaultCollection
{
    public const string Name = "Proxy faults";
}

/// <summary>
/// Upstream faults, with small local fake upstreams instead of real backends: backend down (502 then recovery),
/// backend stuck (504 at the receiver's timeout), connection reset (success through a retry), upstream errors passed
/// through, and a 100 MB answer streamed with flat managed memory.
/// </summary>
[Collection(ProxyFaultCollection.Name)]
public sealed class FaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string End = TestData.End.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private readonly string _directory = BackendProcess.CreateTempDirectory("faults");
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_owned))
        {
            await d.DisposeAsync();
        }

        BackendProcess.TryDeleteDirectory(_directory);
    }

    [Fact]
    public async Task Backend_down_gives_502_unavailable_then_recovers()
    {
        var port = BackendProcess.FreePort();
        var proxy = await StartProxyAsync(new Uri($"http://127.0.0.1:{port}/"), "request_timeout: 5s\n", "");

        var down = await QueryAsync(proxy);
        down.ShouldBeApiError(HttpStatusCode.BadGateway, "unavailable");

        await using (var upstream = RawTcpUpstream.Start(port: port))
        {
            var up = await QueryAsync(proxy);
            up.Status.Should().Be(HttpStatusCode.OK, because: $"the backend is back: {up}");
            up.Body.Should().Contain("\"resultType\":\"vector\"");
            upstream.Requests.Should().NotBeEmpty();
        }

        var downAgain = await QueryAsync(proxy);
        downAgain.ShouldBeApiError(HttpStatusCode.BadGateway, "unavailable");
    }

    [Fact]
    public async Task Stuck_backend_gives_504_timeout_at_the_receiver_timeout()
    {
        await using var upstream = RawTcpUpstream.Start(mode: FakeMode.Hang);
        var proxy = await StartProxyAsync(upstream.BaseAddress, "request_timeout: 30s\n", "    timeout: 1s\n");

        var sw = Stopwatch.StartNew();
        var answer = await QueryAsync(proxy);
        sw.Stop();
        output.WriteLine($"stuck backend answered {(int)answer.Status} after {sw.Elapsed.TotalMilliseconds:0} ms ({upstream.Requests.Count} upstream attempts)");

        answer.ShouldBeApiError(HttpStatusCode.GatewayTimeout, "timeout");
        sw.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(0.9)).And.BeLessThan(TimeSpan.FromSeconds(2.5), because: "the receiver's timeout is 1s");
        upstream.Requests.Should().NotBeEmpty(because: "the request reached the stuck backend");
    }

    [Fact]
    public async Task Connection_reset_is_retried()
    {
        await using var upstream = RawTcpUpstream.Start(resetFirstConnections: 1);
        var proxy = await StartProxyAsync(upstream.BaseAddress, "retries: 2\n", "");

        var answer = await QueryAsync(proxy);

        answer.Status.Should().Be(HttpStatusCode.OK, because: $"a reset connection is retried for an idempotent read (upstream saw {upstream.ConnectionCount} connection(s)): {answer}");
        upstream.ConnectionCount.Should().BeGreaterThanOrEqualTo(2);
        upstream.Requests.Count.Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task Upstream_error_with_a_body_is_passed_through()
    {
        const string body = "{\"status\":\"error\",\"errorType\":\"422\",\"error\":\"cannot execute: too many series\"}";
        await using var upstream = RawTcpUpstream.Start(_ => FakeResponse.Json(body, 422));
        var proxy = await StartProxyAsync(upstream.BaseAddress, "", "    flavor: victoriametrics\n");

        var answer = await QueryAsync(proxy);

        ((int)answer.Status).Should().Be(422);
        answer.Body.Should().Be(body);
    }

    [Fact]
    public async Task Hundred_megabyte_answer_is_streamed_with_flat_memory()
    {
        var (length, write) = LargeVector(100L * 1024 * 1024);
        await using var upstream = RawTcpUpstream.Start(_ => new FakeResponse { Length = length, WriteBody = write });
        var proxy = await StartProxyAsync(upstream.BaseAddress, "request_timeout: 120s\n", "");

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        var sw = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, Api.Url(new Uri(proxy.BaseAddress, "big/"), "api/v1/query", Api.P(("query", "up"), ("time", End))));
        using var response = await Api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var firstByte = sw.Elapsed;
        response.StatusCode.Should().Be(HttpStatusCode.OK);

        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        long nextSample = 0;
        var head = new List<byte>();
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            if (head.Count < 64)
            {
                head.AddRange(buffer.Take(Math.Min(n, 64 - head.Count)));
            }

            total += n;
            if (total >= nextSample)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                nextSample += 8 * 1024 * 1024;
            }
        }

        sw.Stop();
        var growth = peak - baseline;
        output.WriteLine($"{total / 1048576.0:0.0} MiB through the proxy in {sw.Elapsed.TotalSeconds:0.00} s (first byte after {firstByte.TotalMilliseconds:0} ms); managed heap growth at peak {growth / 1048576.0:0.0} MiB");

        total.Should().Be(length, because: "the whole answer arrives");
        Encoding.ASCII.GetString(head.ToArray()).Should().StartWith("{\"status\":\"success\"");
        growth.Should().BeLessThan(32L * 1024 * 1024, because: "the proxy streams the answer instead of buffering it (same process, so its buffers count here)");
    }

    /// <summary>A syntactically valid instant-query answer of at least <paramref name="minimum"/> bytes, generated on the fly.</summary>
    private static (long Length, Func<Stream, CancellationToken, Task> Write) LargeVector(long minimum)
    {
        var prefix = Encoding.ASCII.GetBytes("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
        var suffix = Encoding.ASCII.GetBytes("]}}");
        static byte[] Record(long i) => Encoding.ASCII.GetBytes(
            $"{{\"metric\":{{\"__name__\":\"up\",\"namespace\":\"team-a\",\"pod\":\"pod-{i:D10}\"}},\"value\":[{End},\"1\"]}}");
        var recordLength = Record(0).Length;
        var count = ((minimum - prefix.Length - suffix.Length) / (recordLength + 1)) + 1;
        var length = prefix.Length + suffix.Length + (count * recordLength) + (count - 1);

        async Task WriteAsync(Stream s, CancellationToken ct)
        {
            await s.WriteAsync(prefix, ct);
            var batch = new MemoryStream(1 << 17);
            for (long i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    batch.WriteByte((byte)',');
                }

                batch.Write(Record(i));
                if (batch.Length >= 1 << 16)
                {
                    await s.WriteAsync(batch.GetBuffer().AsMemory(0, (int)batch.Length), ct);
                    batch.SetLength(0);
                }
            }

            await s.WriteAsync(batch.GetBuffer().AsMemory(0, (int)batch.Length), ct);
            await s.WriteAsync(suffix, ct);
        }

        return (length, WriteAsync);
    }

    private static Task<Answer> QueryAsync(ProxyHost proxy) =>
        Api.GetAsync(new Uri(proxy.BaseAddress, "big/"), "api/v1/query", Api.P(("query", "up"), ("time", End)));

    /// <summary>A proxy with one receiver "big" (team-a) on <paramref name="upstream"/>.</summary>
    private async Task<ProxyHost> StartProxyAsync(Uri upstream, string global, string receiverExtra)
    {
        var yaml = global + "receivers:\n" +
            IsolationProxy.ReceiverYaml("big", upstream, TenantScope.TeamA, BackendFlavor.Prometheus, receiverExtra);
        var proxy = await IsolationProxy.StartProxyAsync(yaml, _directory);
        _owned.Add(proxy);
        return proxy;
    }
}
