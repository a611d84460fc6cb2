using System.Collections.Frozen;
using Hesione.Server.Authentication;
using Hesione.Server.Configuration;

namespace Hesione.Server.Plan;

/// <summary>An entry of <c>identities</c> as a <see cref="TokenIdentity"/>, its <c>jwks_file</c> keys loaded.</summary>
internal static class IdentityCompiler
{
    public static TokenIdentity Compile(string name, IdentitySettings settings, ConfigFiles files) => new()
    {
        Name = name,
        Issuer = settings.Issuer!,
        Audiences = [.. settings.Audience?.Items ?? []],
        JwksUrl = settings.JwksUrl is { } url ? new Uri(url) : null,
        FileKeys = files.KeysOf(settings),
        Header = settings.Header ?? "Authorization",
        Algorithms = (settings.Algorithms?.Items ?? (IEnumerable<string>)TokenIdentity.DefaultAlgorithms).ToFrozenSet(StringComparer.Ordinal),
        ClockSkew = settings.ClockSkew ?? TokenIdentity.DefaultClockSkew,
    };
}
