namespace Hesione.Server.Configuration;

/// <summary><c>tls</c> or its original name <c>proxy_ssl</c>, not both, with a <c>cert</c> and a <c>key</c>.</summary>
internal static class TlsRule
{
    public static void Check(ProxySettings settings, Validation validation)
    {
        if (settings.Tls is not null && settings.ProxySsl is not null)
        {
            validation.Add(settings.PathOf("tls"), "tls and proxy_ssl are the same setting; give one");
            return;
        }
        if ((settings.Tls ?? settings.ProxySsl) is not { } tls) return;
        if (!tls.Has("cert") && !tls.Has("key")) validation.Add(tls.Path, "cert and key are needed");
        else CertificateRule.CheckPair(tls, validation);
    }

    /// <summary>The TLS settings given, under either name, once valid.</summary>
    public static TlsSettings? Of(ProxySettings settings) => settings.Tls is not null && settings.ProxySsl is not null ? null : settings.Tls ?? settings.ProxySsl;
}
