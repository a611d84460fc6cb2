using System.Net;
using System.Security.Cryptography.X509Certificates;
using Hesione.Server.Config;
using Microsoft.Extensions.DependencyInjection;

namespace Hesione.Server.Proxy;

/// <summary>
/// Registers, per receiver, a named HttpClient over a <see cref="SocketsHttpHandler"/> (kept alive and pooled;
/// no redirects, cookies, automatic decompression or proxy; the receiver's TLS settings) with the retry
/// policy, and a second one without retries for health probes.
/// </summary>
internal static class UpstreamClients
{
    public static void Add(IServiceCollection services, ProxyConfig config)
    {
        var retries = RetryPolicy.Selector(config.Retries);
        foreach (var receiver in config.Receivers)
        {
            services.AddHttpClient(receiver.ClientName)
                .ConfigurePrimaryHttpMessageHandler(() => CreateHandler(receiver))
                .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
                .RemoveAllLoggers()
                .AddPolicyHandler(retries);
            services.AddHttpClient(receiver.HealthClientName)
                .ConfigurePrimaryHttpMessageHandler(() => CreateHandler(receiver))
                .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
                .RemoveAllLoggers();
        }
    }

    private static SocketsHttpHandler CreateHandler(Receiver receiver)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ConnectTimeout = receiver.Timeout < TimeSpan.FromSeconds(10) ? receiver.Timeout : TimeSpan.FromSeconds(10),
        };
        if (!receiver.Verify) handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        if (receiver.ClientCertificate is { } certificate) handler.SslOptions.ClientCertificates = new X509CertificateCollection { certificate };
        return handler;
    }
}
