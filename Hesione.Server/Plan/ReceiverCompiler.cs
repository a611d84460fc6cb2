using Hesione.PromQL.Enforcement;
using Hesione.PromQL.Parsing;
using Hesione.Server.Authentication;
using Hesione.Server.Configuration;
using Hesione.Server.Enforcement;

namespace Hesione.Server.Plan;

/// <summary>One validated entry of <c>receivers</c> as a <see cref="Receiver"/>: its scope, credentials, backends and limits.</summary>
internal static class ReceiverCompiler
{
    public static Receiver Compile(ReceiverSettings settings, ReceiverDefaults defaults, ConfigFiles files)
    {
        var backends = settings.Prom!.Items.Select(url => UpstreamBackend.Of(new Uri(url))).ToList();
        var flavor = settings.Flavor switch
        {
            "victoriametrics" => Flavor.VictoriaMetrics,
            "thanos" => Flavor.Thanos,
            "mimir" => Flavor.Mimir,
            _ => Flavor.Prometheus,
        };
        var dialect = settings.Dialect switch
        {
            "metricsql" => QueryDialect.MetricsQL,
            "promql" => QueryDialect.PromQL,
            _ => flavor == Flavor.VictoriaMetrics ? QueryDialect.MetricsQL : QueryDialect.PromQL,
        };
        var promAuth = settings.PromAuth is { } upstream ? ClientAuthCompiler.CredentialsOf(upstream.User, upstream.Password) : null;
        var authentication = settings.Auth is { IsExtended: true } extended ? ClientAuthCompiler.Compile(settings, extended, defaults.Identities) : null;
        var alertmanager = settings.Alertmanager is { } url ? new Uri(url) : null;
        return new Receiver
        {
            Name = settings.Name!,
            Flavor = flavor,
            Scope = ScopeOf(settings, defaults).ForDialect(dialect).ForBackend(flavor),
            ClientCredentials = settings.Auth switch
            {
                null or { IsExtended: true } => null,
                { Preserve: true } => promAuth,
                var basic => ClientAuthCompiler.CredentialsOf(basic.User, basic.Password),
            },
            Authentication = authentication,
            MaxConcurrent = (int)(settings.MaxConcurrent ?? defaults.MaxConcurrent),
            Guards = PlanCompiler.GuardsOf(settings.Guards, defaults.Guards),
            Upstream = new Upstream.UpstreamRoute
            {
                Receiver = settings.Name!,
                Flavor = flavor,
                Backends = [.. backends],
                Balance = settings.Balance == "least_loaded" ? Balance.LeastLoaded : Balance.FirstAvailable,
                Timeout = settings.Timeout ?? defaults.Timeout,
                Headers = [.. (settings.Headers ?? []).Select(h => KeyValuePair.Create(h.Name, h.Value))],
                Authorization = promAuth?.HeaderValue,
                Verify = settings.Verify != false,
                ClientCertificate = files.CertificateOf(CertificateRule.HolderOf(settings)),
                AlertmanagerBase = alertmanager?.AbsoluteUri.TrimEnd('/'),
                AlertmanagerSharesCredentials = alertmanager is not null && backends.Any(b => b.Origin == alertmanager.GetLeftPart(UriPartial.Authority)),
            },
        };
    }

    /// <summary>
    /// The receiver's own scope; when it sets none and its clients all bring theirs, <see cref="ClientScopedReceiver.Scope"/>,
    /// which selects nothing.
    /// </summary>
    private static ReceiverScope ScopeOf(ReceiverSettings settings, ReceiverDefaults defaults)
    {
        if (DeclaredScope.IsScoped(settings))
        {
            var labels = new LabelScope(DeclaredScope.Constraints(settings).Select(c => c.Create()), DeclaredScope.MetricPatterns(settings), DeclaredScope.OnConflictOf(settings));
            return ReceiverScope.Enforcing(labels, defaults.ParserOptions, defaults.Cache);
        }
        return settings.Unrestricted == true
            ? ReceiverScope.Unrestricted(defaults.ParserOptions, defaults.Cache)
            : ReceiverScope.Enforcing(ClientScopedReceiver.Scope(DeclaredScope.OnConflictOf(settings)), defaults.ParserOptions, defaults.Cache);
    }
}
