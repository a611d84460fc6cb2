using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hesione.Server.Authentication;
using Hesione.Server.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace Hesione.Server.Plan;

/// <summary>
/// The files a config names, loaded before the plan is built so that their problems are listed with all others:
/// certificates with their keys (PEM) and JWKS files, relative to the config file. Keyed by the path of the settings
/// that name them.
/// </summary>
internal sealed class ConfigFiles
{
    private readonly Dictionary<string, X509Certificate2> _certificates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<SecurityKey>> _keys = new(StringComparer.Ordinal);

    /// <summary>Loads every file <paramref name="settings"/> names, reporting those that cannot be read.</summary>
    public static ConfigFiles Load(ProxySettings settings, string baseDirectory, ConfigProblems problems)
    {
        var files = new ConfigFiles();
        if (TlsRule.Of(settings) is { } tls) files.LoadCertificate(tls, tls.Cert, tls.Key, baseDirectory, problems);
        foreach (var receiver in settings.Receivers ?? [])
        {
            if (CertificateRule.HolderOf(receiver) == receiver) files.LoadCertificate(receiver, receiver.Cert, receiver.Key, baseDirectory, problems);
            else if (receiver.PromAuth is { } promAuth && CertificateRule.HolderOf(receiver) == promAuth) files.LoadCertificate(promAuth, promAuth.Cert, promAuth.Key, baseDirectory, problems);
        }
        foreach (var (_, identity) in settings.Identities ?? [])
            if (identity is { JwksFile: { } file, JwksUrl: null }) files.LoadKeys(identity, file, baseDirectory, problems);
        return files;
    }

    /// <summary>The certificate named by the <c>cert</c> and <c>key</c> of <paramref name="settings"/>, or null.</summary>
    public X509Certificate2? CertificateOf(Settings? settings) => settings is not null && _certificates.TryGetValue(settings.Path, out var certificate) ? certificate : null;

    /// <summary>The keys of an identity's <c>jwks_file</c>, or none.</summary>
    public ImmutableArray<SecurityKey> KeysOf(IdentitySettings identity) => _keys.TryGetValue(identity.Path, out var keys) ? keys : [];

    private void LoadCertificate(Settings settings, string? cert, string? key, string baseDirectory, ConfigProblems problems)
    {
        if (cert is null || key is null) return;
        try
        {
            _certificates[settings.Path] = X509Certificate2.CreateFromPemFile(Path.Combine(baseDirectory, cert), Path.Combine(baseDirectory, key));
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            problems.Add(settings.PathOf("cert"), $"cannot load the certificate and key: {e.Message}");
        }
    }

    private void LoadKeys(IdentitySettings identity, string file, string baseDirectory, ConfigProblems problems)
    {
        var path = identity.PathOf("jwks_file");
        var full = Path.GetFullPath(Path.Combine(baseDirectory, file));
        try
        {
            if (new FileInfo(full).Length > JsonWebKeys.MaxDocumentBytes)
                problems.Add(path, $"{file}: larger than {JsonWebKeys.MaxDocumentBytes} bytes");
            else
                _keys[identity.Path] = JsonWebKeys.Parse(File.ReadAllText(full));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            problems.Add(path, $"{file}: {e.Message}");
        }
    }
}
