using Hesione.Server.Configuration;
using Hesione.Server.Connections;
using Hesione.Server.Plan;
using Hesione.Server.Runtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Hesione.Server.Hosting;

/// <summary>
/// A running proxy: the same pipeline as <c>hesione serve</c>, for tests and embedding. Its config file is watched
/// and reloaded (also on SIGHUP and <see cref="ReloadAsync"/>): a valid new file takes effect without dropping
/// requests in flight; an invalid one is logged and the last good config stays.
/// </summary>
public sealed class ProxyHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProxyHost(WebApplication app, Uri baseAddress, Uri? internalAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        InternalAddress = internalAddress;
    }

    /// <summary>The address the proxy listens on, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The internal listener's address (<c>internal_listen</c>: the operational endpoints), or null when there is none.</summary>
    public Uri? InternalAddress { get; }

    /// <summary>The running application's services (tests look at its live config).</summary>
    internal IServiceProvider Services => _app.Services;

    /// <summary>
    /// Loads <paramref name="configPath"/> and starts the proxy on <paramref name="listen"/> (<c>127.0.0.1:0</c> picks a free port).
    /// Throws <see cref="ConfigException"/>, listing every problem with its YAML path, for an invalid config.
    /// </summary>
    public static Task<ProxyHost> StartAsync(string configPath, string listen = "127.0.0.1:0", CancellationToken cancellationToken = default) =>
        StartAsync(configPath, listen, ProxyHostOptions.Default, cancellationToken);

    internal static Task<ProxyHost> StartAsync(string configPath, string listen, ProxyHostOptions options, CancellationToken cancellationToken) =>
        StartAsync(ConfigLoader.Load(configPath), configPath, listen, options, cancellationToken);

    internal static async Task<ProxyHost> StartAsync(ProxyConfig config, string? configPath, string listen, ProxyHostOptions options, CancellationToken cancellationToken)
    {
        var address = ListenAddress.Parse(listen) ?? throw new ConfigException([$"listen {listen}: {ListenAddress.Syntax}"]);
        var internalListen = options.InternalListen ?? config.InternalListen;
        var internalAddress = internalListen is null ? null
            : ListenAddress.Parse(internalListen) ?? throw new ConfigException([$"internal_listen {internalListen}: {ListenAddress.Syntax}"]);
        if (internalAddress is not null && internalAddress.Overlaps(address))
            throw new ConfigException([$"internal_listen {internalListen} clashes with listen {listen}: the operational endpoints need an address of their own"]);
        var app = ProxyApplication.Build(config, address, internalAddress, configPath, options);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var internalBound = app.Services.GetRequiredService<ListenerRoles>().Internal is { } listener
            ? new Uri($"{(config.TlsCertificate is null ? "http" : "https")}://{listener.IPEndPoint}/")
            : null;
        return new ProxyHost(app, new Uri(bound.TrimEnd('/') + "/"), internalBound);
    }

    /// <summary>
    /// Reloads the config file now: true when the new config took effect, false when it is invalid (its problems are
    /// logged and the last good config stays).
    /// </summary>
    public Task<bool> ReloadAsync() =>
        (_app.Services.GetService<ConfigReloader>() ?? throw new InvalidOperationException("this proxy was not started from a config file")).ReloadAsync();

    /// <summary>Completes when the host is asked to stop (SIGTERM, Ctrl-C) or <paramref name="cancellationToken"/> fires.</summary>
    internal Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
