using System.Security.Cryptography.X509Certificates;
using Hesione.Server.Alertmanager;
using Hesione.Server.Authentication;
using Hesione.Server.Configuration;
using Hesione.Server.Connections;
using Hesione.Server.Filtering;
using Hesione.Server.Observability;
using Hesione.Server.Operations;
using Hesione.Server.Plan;
using Hesione.Server.Routing;
using Hesione.Server.Runtime;
using Hesione.Server.Upstream;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace Hesione.Server.Hosting;

/// <summary>
/// Builds the Kestrel application (no MVC, no routing: one terminal middleware) for a config, a listen address and an
/// optional internal listen address (operational endpoints only); with a config file, it is watched and reloaded.
/// </summary>
internal static partial class ProxyApplication
{
    public static WebApplication Build(ProxyConfig config, ListenAddress listen, ListenAddress? internalListen, string? configPath, ProxyHostOptions options)
    {
        var roles = new ListenerRoles { Separate = internalListen is not null };
        AssemblyPreload.EnsureLoaded();
        DescriptorLimit.RaiseSoftToHard();
        var descriptors = DescriptorLimit.Soft();
        var inUse = DescriptorLimit.InUse();
        var maxConnections = ClientConnectionLimits.MaxConnections(config.MaxConnections, ClientConnectionLimits.Budget(descriptors, inUse));
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        // The options and the services below live as long as the process: they hold nothing of a config's receivers.
        var listener = ListenerSettings.Of(config);
        builder.WebHost.UseKestrelCore()
            .ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, listener, listen, internalListen, roles));
        // The socket transport is Kestrel's, with an accept loop that bounds client connections and survives running
        // out of descriptors. Chosen by measurement (BENCHMARKS.md): the handler never blocks, so Kestrel runs it where
        // the socket completes, without a hop to a thread-pool worker; and it reads requests without a zero-byte read
        // first (one system call less per request, for a buffer kept per idle connection).
        builder.Services.AddSingleton<IConnectionListenerFactory>(services => new GuardedSocketTransport(
            new SocketConnectionFactoryOptions { UnsafePreferInlineScheduling = true, WaitForDataBeforeAllocatingBuffer = false },
            new ConnectionSlots(maxConnections),
            services.GetRequiredService<ILoggerFactory>()));
        builder.Logging
            .SetMinimumLevel(options.MinimumLevel)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            // Its per-request lines are Information and Debug; while the category is enabled at all, hosting makes an
            // Activity for every request. The audit line says the same.
            .AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None)
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.Warning)
            // It logs a failed start (a port in use) with its stack trace; StartAsync throws the same error, and
            // `hesione serve` prints it in one line.
            .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical)
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // Made by the container, so that disposing the host flushes the last lines.
        builder.Services.AddSingleton<ILoggerProvider>(_ => new BatchingConsoleLoggerProvider());
        if (options.LoggerProvider is { } provider) builder.Logging.AddProvider(provider);
        var metrics = new ProxyMetrics();
        var clients = new UpstreamClientFactory(metrics);
        var live = new LiveConfig(new ProxySnapshot(config, clients));
        builder.Services.AddSingleton(clients);
        builder.Services.AddSingleton(_ => live); // made by the container, so that it is disposed with it
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton<IUpstreamMetrics>(metrics);
        builder.Services.AddSingleton<ConcurrencyLimiter>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton(options.Clock);
        builder.Services.AddSingleton<JwksCache>();
        builder.Services.AddSingleton<TokenVerifier>();
        builder.Services.AddSingleton<RequestAuthenticator>();
        builder.Services.AddSingleton<Forwarder>();
        builder.Services.AddSingleton<BufferedUpstream>();
        builder.Services.AddSingleton<FilteredEndpoints>();
        builder.Services.AddSingleton<AlertmanagerHandler>();
        builder.Services.AddSingleton(roles);
        builder.Services.AddSingleton<OperationalEndpoints>();
        builder.Services.AddSingleton<ProxyHandler>();
        if (configPath is not null)
        {
            builder.Services.AddSingleton(new ConfigFile(configPath));
            builder.Services.AddSingleton<ConfigReloader>();
            builder.Services.AddHostedService<ConfigWatcher>();
        }

        var app = builder.Build();
        LogConnectionBound(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClientConnectionLimits)), config.MaxConnections, maxConnections, descriptors, inUse);
        var handler = app.Services.GetRequiredService<ProxyHandler>();
        app.Run(handler.InvokeAsync);
        return app;
    }

    private static void LogConnectionBound(ILogger logger, int? configured, int? bound, long? descriptors, int inUse)
    {
        if (configured > bound)
            LogConnectionsAboveLimit(logger, configured, descriptors, inUse, ClientConnectionLimits.Reserve(descriptors!.Value), bound);
        else
            LogConnectionLimit(logger, bound?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unbounded", descriptors?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none", inUse);
    }

    /// <summary>What Kestrel's options take from the first config.</summary>
    private sealed record ListenerSettings(long MaxBodyBytes, int MaxQueryLength, X509Certificate2? TlsCertificate, TimeSpan RequestHeadersTimeout, TimeSpan KeepAliveTimeout)
    {
        public static ListenerSettings Of(ProxyConfig config) =>
            new(config.MaxBodyBytes, config.ParserOptions.MaxQueryLength, config.TlsCertificate, config.RequestHeadersTimeout, config.KeepAliveTimeout);
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel, ListenerSettings config, ListenAddress listen, ListenAddress? internalListen, ListenerRoles roles)
    {
        kestrel.AddServerHeader = false;
        var limits = kestrel.Limits;
        limits.MaxRequestBodySize = config.MaxBodyBytes;
        limits.MaxRequestLineSize = Math.Max(16 * 1024, 3 * config.MaxQueryLength + 4096);
        limits.MaxRequestHeadersTotalSize = 64 * 1024;
        limits.MaxRequestHeaderCount = 100;
        ClientConnectionLimits.Apply(limits, config.RequestHeadersTimeout, config.KeepAliveTimeout);

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
        Listen(kestrel, listen, Configure);
        if (internalListen is null) return;
        Listen(kestrel, internalListen, options =>
        {
            Configure(options);
            options.Use(next => connection =>
            {
                connection.Features.Set(ListenerRoles.InternalConnection.Instance);
                return next(connection);
            });
            roles.Internal = options;
        });
    }

    private static void Listen(KestrelServerOptions kestrel, ListenAddress address, Action<ListenOptions> configure)
    {
        if (address.Localhost) kestrel.ListenLocalhost(address.Port, configure);
        else kestrel.Listen(address.Address!, address.Port, configure);
    }

    [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "max_connections {Configured} is more than the descriptor limit {Limit} allows ({InUse} open, {Reserve} kept apart); at most {Bound} client connections")]
    private static partial void LogConnectionsAboveLimit(ILogger logger, int? configured, long? limit, int inUse, long reserve, int? bound);

    [LoggerMessage(EventId = 0, Level = LogLevel.Information, Message = "at most {Bound} client connections (descriptor limit {Limit}, {InUse} open at start)")]
    private static partial void LogConnectionLimit(ILogger logger, string bound, string limit, int inUse);
}
