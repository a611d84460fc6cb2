using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using YamlDotNet.RepresentationModel;

namespace Hesione.Server.Config;

/// <summary>Loads a certificate and its private key from the PEM files named by <c>cert</c> and <c>key</c> (relative to the config file).</summary>
internal static class PemCertificate
{
    public static X509Certificate2? Read(YamlValues yaml, IReadOnlyDictionary<string, YamlNode> entries, string path, string baseDirectory)
    {
        entries.TryGetValue("cert", out var certNode);
        entries.TryGetValue("key", out var keyNode);
        if (certNode is null && keyNode is null) return null;
        if (certNode is null || keyNode is null)
        {
            yaml.Problems.Add(path, "cert and key go together");
            return null;
        }
        var certPath = ConfigProblems.Child(path, "cert");
        var cert = yaml.String(certNode, certPath);
        var key = yaml.String(keyNode, ConfigProblems.Child(path, "key"));
        if (cert is null || key is null) return null;
        try
        {
            return X509Certificate2.CreateFromPemFile(Path.Combine(baseDirectory, cert), Path.Combine(baseDirectory, key));
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            yaml.Problems.Add(certPath, $"cannot load the certificate and key: {e.Message}");
            return null;
        }
    }
}
