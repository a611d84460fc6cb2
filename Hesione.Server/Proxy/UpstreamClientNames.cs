using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Hesione.Server.Config;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Hesione.Server.Proxy;

/// <summary>
/// The settings behind each upstream client name, applied when IHttpClientFactory first builds that name's handler
/// (an <see cref="IConfigureNamedOptions{TOptions}"/> of <see cref="HttpClientFactoryOptions"/>).
/// </summary>
internal sealed class UpstreamClientNames : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    private readonly ConcurrentDictionary<string, (Receiver Receiver, int Retries)> _names = new(StringComparer.Ordinal);

    /// <summary>Registers a name; <paramref name="retries"/> below zero means no retry handler.</summary>
    public void Register(string name, Receiver receiver, int retries) => _names[name] = (receiver, retries);

    public void Forget(string name) => _names.TryRemove(name, out _);

    public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        if (name is null || !_names.TryGetValue(name, out var entry)) return;
        var (receiver, retries) = entry;
        options.HttpClientActions.Add(client => client.Timeout = Timeout.InfiniteTimeSpan);
        options.HttpMessageHandlerBuilderActions.Add(builder =>
        {
            builder.PrimaryHandler = CreateHandler(receiver);
            if (retries >= 0) builder.AdditionalHandlers.Add(new PolicyHttpMessageHandler(RetryPolicy.Selector(retries)));
        });
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
