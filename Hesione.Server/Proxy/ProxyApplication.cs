using Hesione.Server.Config;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hesione.Server.Proxy;

/// <summary>Builds the Kestrel application (no MVC, no routing: one terminal middleware) for a config and a listen address.</summary>
internal static class ProxyApplication
{
    public static WebApplication Build(ProxyConfig config, ListenAddress listen)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, config, listen));
        builder.Logging
            .AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                options.UseUtcTimestamp = true;
            })
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton<Forwarder>();
        builder.Services.AddSingleton<HealthProbe>();
        builder.Services.AddSingleton<ProxyHandler>();
        UpstreamClients.Add(builder.Services, config);

        var app = builder.Build();
        var handler = app.Services.GetRequiredService<ProxyHandler>();
        app.Run(handler.InvokeAsync);
        return app;
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel, ProxyConfig config, ListenAddress listen)
    {
        kestrel.AddServerHeader = false;
        var limits = kestrel.Limits;
        limits.MaxRequestBodySize = config.MaxBodyBytes;
        limits.MaxRequestLineSize = Math.Max(16 * 1024, 3 * config.ParserOptions.MaxQueryLength + 4096);
        limits.MaxRequestHeadersTotalSize = 64 * 1024;
        limits.MaxRequestHeaderCount = 100;
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);

        void Configure(ListenOptions options)
        {
            if (config.TlsCertificate is { } certificate)
            {
                options.Protocols = HttpProtocols.Http1AndHttp2;
                options.UseHttps(certificate);
            }
            else
            {
                options.Protocols = HttpProtocols.Http1;
            }
        }
        if (listen.Localhost) kestrel.ListenLocalhost(listen.Port, Configure);
        else kestrel.Listen(listen.Address!, listen.Port, Configure);
    }
}
