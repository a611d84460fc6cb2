using System.Collections.Frozen;
using System.Collections.Immutable;
using Hesione.Server.Config;
using YamlDotNet.RepresentationModel;

namespace Hesione.Server.Identity;

/// <summary>Reads and validates the top-level <c>identities</c> mapping: name → token verifier.</summary>
internal static class IdentityReader
{
    private static readonly FrozenSet<string> Keys = FrozenSet.Create(StringComparer.Ordinal,
        "issuer", "audience", "jwks_url", "jwks_file", "header", "algorithms", "clock_skew");

    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The identities by name; <paramref name="warnings"/> gets advice that is not an error (an <c>http</c> JWKS URL).</summary>
    public static FrozenDictionary<string, TokenIdentity> Read(YamlValues yaml, YamlNode node, string path, string baseDirectory, List<string> warnings)
    {
        var identities = new Dictionary<string, TokenIdentity>(StringComparer.Ordinal);
        if (yaml.Mapping(node, path) is not { } mapping) return identities.ToFrozenDictionary();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                yaml.Problems.Add(path, "an identity name must be a plain string");
                continue;
            }
            if (ReadOne(yaml, name, value, ConfigProblems.Child(path, name), baseDirectory, warnings) is { } identity) identities[name] = identity;
        }
        return identities.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static TokenIdentity? ReadOne(YamlValues yaml, string name, YamlNode node, string path, string baseDirectory, List<string> warnings)
    {
        var problems = yaml.Problems;
        var before = problems.Count;
        var entries = yaml.Entries(node, path, Keys);
        string? issuer = null;
        if (!entries.TryGetValue("issuer", out var issuerNode)) problems.Add(ConfigProblems.Child(path, "issuer"), "missing");
        else issuer = yaml.String(issuerNode, ConfigProblems.Child(path, "issuer"));

        var audiences = entries.TryGetValue("audience", out var audienceNode) ? yaml.Strings(audienceNode, ConfigProblems.Child(path, "audience")) : [];

        Uri? url = null;
        var fileKeys = ImmutableArray<Microsoft.IdentityModel.Tokens.SecurityKey>.Empty;
        entries.TryGetValue("jwks_url", out var urlNode);
        entries.TryGetValue("jwks_file", out var fileNode);
        if ((urlNode is null) == (fileNode is null))
        {
            problems.Add(path, "give exactly one of jwks_url and jwks_file");
        }
        else if (urlNode is not null)
        {
            url = yaml.HttpUrl(urlNode, ConfigProblems.Child(path, "jwks_url"));
            if (url?.Scheme == Uri.UriSchemeHttp)
                warnings.Add($"{ConfigProblems.Child(path, "jwks_url")}: plain http; https is recommended unless the key server is on a trusted network");
        }
        else
        {
            fileKeys = ReadKeyFile(yaml, fileNode!, ConfigProblems.Child(path, "jwks_file"), baseDirectory);
        }

        var header = "Authorization";
        if (entries.TryGetValue("header", out var headerNode) && yaml.String(headerNode, ConfigProblems.Child(path, "header")) is { } headerName)
        {
            if (!IsHeaderName(headerName)) problems.Add(ConfigProblems.Child(path, "header"), $"{headerName}: not a valid header name");
            else header = headerName;
        }

        var algorithms = TokenIdentity.DefaultAlgorithms.ToFrozenSet(StringComparer.Ordinal);
        if (entries.TryGetValue("algorithms", out var algorithmsNode) && yaml.Strings(algorithmsNode, ConfigProblems.Child(path, "algorithms")) is { } names)
        {
            foreach (var algorithm in names)
                if (!TokenIdentity.AsymmetricAlgorithms.Contains(algorithm))
                    problems.Add(ConfigProblems.Child(path, "algorithms"), $"{algorithm}: expected asymmetric signature algorithms ({string.Join(", ", TokenIdentity.AsymmetricAlgorithms.Order(StringComparer.Ordinal))}); none and HMAC are never accepted");
            algorithms = names.ToFrozenSet(StringComparer.Ordinal);
        }

        var skew = TokenIdentity.DefaultClockSkew;
        if (entries.TryGetValue("clock_skew", out var skewNode) && yaml.Duration(skewNode, ConfigProblems.Child(path, "clock_skew")) is { } configured)
        {
            if (configured > MaxClockSkew) problems.Add(ConfigProblems.Child(path, "clock_skew"), "at most 5m");
            else skew = configured;
        }

        if (problems.Count != before || issuer is null || audiences is null) return null;
        return new TokenIdentity
        {
            Name = name,
            Issuer = issuer,
            Audiences = [.. audiences],
            JwksUrl = url,
            FileKeys = fileKeys,
            Header = header,
            Algorithms = algorithms,
            ClockSkew = skew,
        };
    }

    private static ImmutableArray<Microsoft.IdentityModel.Tokens.SecurityKey> ReadKeyFile(YamlValues yaml, YamlNode node, string path, string baseDirectory)
    {
        if (yaml.String(node, path) is not { } file) return [];
        var full = Path.GetFullPath(Path.Combine(baseDirectory, file));
        try
        {
            if (new FileInfo(full).Length > JsonWebKeys.MaxDocumentBytes)
            {
                yaml.Problems.Add(path, $"{file}: larger than {JsonWebKeys.MaxDocumentBytes} bytes");
                return [];
            }
            return JsonWebKeys.Parse(File.ReadAllText(full));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            yaml.Problems.Add(path, $"{file}: {e.Message}");
            return [];
        }
    }

    private static bool IsHeaderName(string name) => name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));
}
