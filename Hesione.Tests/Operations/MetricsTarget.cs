using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Hesione.Tests.Operations;

/// <summary>
/// A tiny in-process scrape target on 127.0.0.1 serving metrics (with <c># HELP</c>/<c># TYPE</c>) for two tenants, so
/// that Prometheus has series and metadata per namespace.
/// </summary>
internal sealed class MetricsTarget : IAsyncDisposable
{
    public const string Exposition = """
        # HELP demo_requests_total Requests served, per tenant.
        # TYPE demo_requests_total counter
        demo_requests_total{namespace="team-a"} 5
        demo_requests_total{namespace="team-b"} 7
        # HELP team_a_only_bytes A gauge only team-a has.
        # TYPE team_a_only_bytes gauge
        team_a_only_bytes{namespace="team-a"} 1
        # HELP team_b_secret_bytes A gauge only team-b has.
        # TYPE team_b_secret_bytes gauge
        team_b_secret_bytes{namespace="team-b"} 1

        """;

    private readonly WebApplication _app;

    private MetricsTarget(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>host:port of the target.</summary>
    public Uri Address { get; }

    public static async Task<MetricsTarget> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4";
            return context.Response.WriteAsync(Exposition.Replace("\r\n", "\n"));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new MetricsTarget(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
