using Hesione.Server.Alertmanager;
using Hesione.Server.Config;
using Hesione.Server.Filtering;
using Hesione.Server.Observability;
using Hesione.Server.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hesione.Server.Proxy;

/// <summary>
/// Builds the Kestrel application (no MVC, no routing: one terminal middleware) for a config and a listen address;
/// with a config file, it is watched and reloaded.
/// </summary>
internal static class ProxyApplication
{
    public static WebApplication Build(ProxyConfig config, ListenAddress listen, string? configPath, ProxyHostOptions options)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        // Chosen by measurement (BENCHMARKS.md): the handler never blocks, so Kestrel runs it where the socket
        // completes, without a hop to a thread-pool worker; and it reads requests without a zero-byte read first
        // (one system call less per request, for a buffer kept per idle connection).
        builder.WebHost.UseKestrelCore()
            .UseSockets(sockets =>
            {
                sockets.UnsafePreferInlineScheduling = true;
                sockets.WaitForDataBeforeAllocatingBuffer = false;
            })
            .ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, config, listen));
        builder.Logging
            .SetMinimumLevel(options.MinimumLevel)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            // Its per-request lines are Information and Debug; while the category is enabled at all, hosting makes an
            // Activity for every request. The audit line says the same.
            .AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None)
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.Warning)
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // Made by the container, so that disposing the host flushes the last lines.
        builder.Services.AddSingleton<ILoggerProvider>(_ => new BatchingConsoleLoggerProvider());
        if (options.LoggerProvider is { } provider) builder.Logging.AddProvider(provider);
        builder.Services.AddHttpClient();
        builder.Services.ConfigureHttpClientDefaults(client => client.RemoveAllLoggers());
        builder.Services.AddSingleton<UpstreamClientNames>();
        builder.Services.AddSingleton<IConfigureOptions<HttpClientFactoryOptions>>(services => services.GetRequiredService<UpstreamClientNames>());
        builder.Services.AddSingleton<UpstreamClientFactory>();
        builder.Services.AddSingleton(services => new LiveConfig(new ProxySnapshot(config, services.GetRequiredService<UpstreamClientFactory>())));
        builder.Services.AddSingleton<ProxyMetrics>();
        builder.Services.AddSingleton<ConcurrencyLimiter>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton(options.Clock);
        builder.Services.AddSingleton<Identity.JwksCache>();
        builder.Services.AddSingleton<Identity.TokenVerifier>();
        builder.Services.AddSingleton<Identity.RequestAuthenticator>();
        builder.Services.AddSingleton<Forwarder>();
        builder.Services.AddSingleton<BufferedUpstream>();
        builder.Services.AddSingleton<FilteredEndpoints>();
        builder.Services.AddSingleton<AlertmanagerHandler>();
        builder.Services.AddSingleton<ProxyHandler>();
        if (configPath is not null)
        {
            builder.Services.AddSingleton(new ConfigFile(configPath));
            builder.Services.AddSingleton<ConfigReloader>();
            builder.Services.AddHostedService<ConfigWatcher>();
        }

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
