using System.Collections.Concurrent;
using FluentAssertions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Hesione.Tests.Server;

/// <summary>
/// A tiny Kestrel app on 127.0.0.1:0 standing in for Prometheus: records every request and answers with
/// <see cref="Respond"/>, a well-formed HTTP answer (any HTTP version Kestrel speaks). For an upstream that hangs,
/// resets or lies about lengths, <see cref="Backends.RawTcpUpstream"/>.
/// </summary>
internal sealed class KestrelFakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelFakeUpstream(WebApplication app) => _app = app;

    /// <summary>A request as it reached the upstream.</summary>
    public sealed record Recorded(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);

    public ConcurrentQueue<Recorded> Requests { get; } = new();

    public Func<HttpContext, Task> Respond { get; set; } = context =>
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("""{"status":"success","data":[]}""");
    };

    public Uri BaseAddress { get; private set; } = null!;

    public Recorded Single => Requests.Should().ContainSingle().Subject;

    public static async Task<KestrelFakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(System.Net.IPAddress.Loopback, 0);
            k.Limits.MaxRequestLineSize = 1024 * 1024;
        });
        var app = builder.Build();
        var fake = new KestrelFakeUpstream(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            var question = raw.IndexOf('?');
            fake.Requests.Enqueue(new Recorded(context.Request.Method, question < 0 ? raw : raw[..question], question < 0 ? "" : raw[(question + 1)..], headers, body));
            await fake.Respond(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.BaseAddress = new Uri(address);
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
