namespace Hesione.Server.Configuration;

/// <summary>
/// Each entry of <c>identities</c>: a name, exactly one key source (an http(s) <c>jwks_url</c>, https advised, or a
/// <c>jwks_file</c>), a valid header name, asymmetric algorithms only, a clock skew of at most 5m.
/// </summary>
internal static class IdentityRule
{
    public static void Check(ProxySettings settings, Validation validation)
    {
        foreach (var (name, identity) in settings.Identities ?? [])
        {
            if (name.Length == 0)
            {
                validation.Add(settings.PathOf("identities"), "an identity name must be a plain string");
                continue;
            }
            CheckOne(identity, validation);
        }
    }

    private static void CheckOne(IdentitySettings identity, Validation validation)
    {
        if (identity.Has("jwks_url") == identity.Has("jwks_file")) validation.Add(identity.Path, "give exactly one of jwks_url and jwks_file");
        else if (identity.JwksUrl is { } url)
        {
            if (HttpUrls.Problem(url) is { } problem) validation.Add(identity.PathOf("jwks_url"), problem);
            else if (new Uri(url).Scheme == Uri.UriSchemeHttp)
                validation.Warnings.Add($"{identity.PathOf("jwks_url")}: plain http; https is recommended unless the key server is on a trusted network");
        }
        if (identity.Header is { } header && !Validation.IsHeaderName(header)) validation.Add(identity.PathOf("header"), $"{header}: not a valid header name");
        foreach (var algorithm in identity.Algorithms?.Items ?? [])
            if (!IdentitySettings.AsymmetricAlgorithms.Contains(algorithm))
                validation.Add(identity.PathOf("algorithms"), $"{algorithm}: expected asymmetric signature algorithms ({string.Join(", ", IdentitySettings.AsymmetricAlgorithms.Order(StringComparer.Ordinal))}); none and HMAC are never accepted");
        if (identity.ClockSkew > IdentitySettings.MaxClockSkew) validation.Add(identity.PathOf("clock_skew"), "at most 5m");
    }
}
