using System.Collections.Frozen;
using System.Collections.Immutable;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Parsing;
using Hesione.PromQL.Printing;
using Hesione.Server.Proxy;
using YamlDotNet.RepresentationModel;

namespace Hesione.Server.Config;

/// <summary>Reads and validates one entry of <c>receivers</c>.</summary>
internal sealed class ReceiverReader(YamlValues yaml, string baseDirectory, TimeSpan defaultTimeout, int defaultMaxConcurrent, PromQLParserOptions parserOptions, EnforcementCache cache, Guards defaultGuards)
{
    private static readonly FrozenSet<string> Keys = FrozenSet.Create(StringComparer.Ordinal, [
        "name", "prom", "balance", "label_name", "label", "labels", "label_regex", "metrics", "on_conflict", "unrestricted",
        "auth", "prom_auth", "headers", "verify", "cert", "key", "flavor", "dialect", "timeout", "max_concurrent", "alertmanager", "scopes",
        .. GuardsReader.Keys]);

    private static readonly FrozenSet<string> AuthKeys = FrozenSet.Create(StringComparer.Ordinal, "user", "password");

    /// <summary>The original Hesione also accepted the client certificate inside <c>prom_auth</c>.</summary>
    private static readonly FrozenSet<string> PromAuthKeys = FrozenSet.Create(StringComparer.Ordinal, "user", "password", "cert", "key");

    private static readonly FrozenSet<string> ReservedNames = FrozenSet.Create(StringComparer.Ordinal, "health", "metrics", "-", ".", "..");

    private static readonly FrozenSet<string> ForbiddenHeaders = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "Host", "Content-Length", "Content-Type", "Content-Encoding", "Transfer-Encoding", "Connection", "Keep-Alive", "TE", "Trailer", "Upgrade", "Expect");

    private ConfigProblems Problems => yaml.Problems;

    /// <summary>The config's <c>identities</c>, which <c>auth.identity</c> names.</summary>
    public FrozenDictionary<string, Identity.TokenIdentity> Identities { get; init; } = FrozenDictionary<string, Identity.TokenIdentity>.Empty;

    /// <summary>Where advice that is not an error goes.</summary>
    public List<string> Warnings { get; init; } = [];

    public Receiver? Read(YamlNode node, string path)
    {
        if (yaml.Mapping(node, path) is null) return null;
        var before = Problems.Count;
        var entries = yaml.Entries(node, path, Keys);

        var name = Required(entries, path, "name") is { } nameNode ? ReadName(nameNode, ConfigProblems.Child(path, "name")) : null;
        var backends = Required(entries, path, "prom") is { } promNode ? PoolReader.ReadBackends(yaml, promNode, ConfigProblems.Child(path, "prom")) : null;
        var balance = PoolReader.ReadBalance(yaml, entries, path);
        entries.TryGetValue("auth", out var authEntry);
        var scope = ScopeReader.Read(yaml, entries, path, parserOptions, cache, Identity.ClientAuthReader.ScopesEveryClient(authEntry));
        entries.TryGetValue("scopes", out var scopesNode);
        Identity.ClientAuthentication? authentication = null;
        if (authEntry is not null && Identity.ClientAuthReader.IsExtended(authEntry))
        {
            if (scope?.Labels is { } receiverLabels) authentication = Identity.ClientAuthReader.Read(yaml, authEntry, scopesNode, path, Identities, receiverLabels, Warnings);
            else if (scope is not null) Problems.Add(ConfigProblems.Child(path, "auth"), "users and identity need a label scope; unrestricted: true cannot be combined with them");
        }
        else if (scopesNode is not null)
        {
            Problems.Add(ConfigProblems.Child(path, "scopes"), "scopes need auth.identity");
        }

        var promAuthPath = ConfigProblems.Child(path, "prom_auth");
        var promAuthEntries = entries.TryGetValue("prom_auth", out var promAuthNode) ? yaml.Entries(promAuthNode, promAuthPath, PromAuthKeys) : null;
        var promAuth = promAuthEntries is null ? null : ReadCredentials(promAuthEntries, promAuthPath);
        BasicCredentials? clientCredentials = null;
        if (authentication is null && entries.TryGetValue("auth", out var authNode))
        {
            var authPath = ConfigProblems.Child(path, "auth");
            if (authNode is not YamlScalarNode)
                clientCredentials = ReadCredentials(yaml.Entries(authNode, authPath, AuthKeys), authPath);
            else if (yaml.Choice(authNode, authPath, "preserve") is not null)
            {
                if (promAuthEntries is null) Problems.Add(authPath, "preserve needs prom_auth (the credentials clients must send, which are then forwarded)");
                clientCredentials = promAuth;
            }
        }

        var headers = entries.TryGetValue("headers", out var headersNode) ? ReadHeaders(headersNode, ConfigProblems.Child(path, "headers"), promAuthEntries is not null) : [];
        var verify = !entries.TryGetValue("verify", out var verifyNode) || yaml.Bool(verifyNode, ConfigProblems.Child(path, "verify")) != false;
        var certificate = PemCertificate.Read(yaml, entries, path, baseDirectory);
        if (promAuthEntries is not null && (promAuthEntries.ContainsKey("cert") || promAuthEntries.ContainsKey("key")))
        {
            if (entries.ContainsKey("cert") || entries.ContainsKey("key")) Problems.Add(promAuthPath, "cert/key given both here and on the receiver");
            else certificate = PemCertificate.Read(yaml, promAuthEntries, promAuthPath, baseDirectory);
        }

        var flavor = Flavor.Prometheus;
        if (entries.TryGetValue("flavor", out var flavorNode))
        {
            flavor = yaml.Choice(flavorNode, ConfigProblems.Child(path, "flavor"), "prometheus", "victoriametrics", "thanos", "mimir") switch
            {
                "victoriametrics" => Flavor.VictoriaMetrics,
                "thanos" => Flavor.Thanos,
                "mimir" => Flavor.Mimir,
                _ => Flavor.Prometheus,
            };
        }
        var dialect = flavor == Flavor.VictoriaMetrics ? QueryDialect.MetricsQL : QueryDialect.PromQL;
        if (entries.TryGetValue("dialect", out var dialectNode))
            dialect = yaml.Choice(dialectNode, ConfigProblems.Child(path, "dialect"), "promql", "metricsql") == "metricsql" ? QueryDialect.MetricsQL : QueryDialect.PromQL;
        var timeout = entries.TryGetValue("timeout", out var timeoutNode) ? yaml.Duration(timeoutNode, ConfigProblems.Child(path, "timeout")) : defaultTimeout;
        var maxConcurrent = entries.TryGetValue("max_concurrent", out var concurrentNode)
            ? yaml.Integer(concurrentNode, ConfigProblems.Child(path, "max_concurrent"), 1, ProxyConfig.MaxConcurrentLimit)
            : defaultMaxConcurrent;
        var guards = GuardsReader.Read(yaml, entries, path, defaultGuards);
        var alertmanager = entries.TryGetValue("alertmanager", out var alertmanagerNode) ? yaml.HttpUrl(alertmanagerNode, ConfigProblems.Child(path, "alertmanager")) : null;
        if (alertmanager is not null && scope?.Labels is { } labels)
        {
            var clientLabels = authentication?.LabelNames ?? [];
            foreach (var labelName in labels.Matchers.Select(m => m.Name).Concat(clientLabels).Distinct(StringComparer.Ordinal))
                if (!LabelMatcher.IsLegacyLabelName(labelName) && labelName != Identity.ClientScopedReceiver.Label)
                    Problems.Add(ConfigProblems.Child(path, "alertmanager"), $"scope label {labelName} cannot be written as an Alertmanager matcher");
        }

        if (Problems.Count != before || name is null || backends is null || scope is null || timeout is null || maxConcurrent is null) return null;
        return new Receiver
        {
            Name = name,
            Flavor = flavor,
            Scope = scope.ForDialect(dialect).ForBackend(flavor),
            ClientCredentials = clientCredentials,
            Authentication = authentication,
            MaxConcurrent = (int)maxConcurrent.Value,
            Guards = guards,
            Upstream = new Upstream.UpstreamRoute
            {
                Receiver = name,
                Flavor = flavor,
                Backends = backends.Value,
                Balance = balance,
                Timeout = timeout.Value,
                Headers = headers,
                Authorization = promAuth?.HeaderValue,
                Verify = verify,
                ClientCertificate = certificate,
                AlertmanagerBase = alertmanager?.AbsoluteUri.TrimEnd('/'),
                AlertmanagerSharesCredentials = alertmanager is not null && backends.Value.Any(b => b.Origin == alertmanager.GetLeftPart(UriPartial.Authority)),
            },
        };
    }

    private YamlNode? Required(Dictionary<string, YamlNode> entries, string path, string key)
    {
        if (entries.TryGetValue(key, out var node)) return node;
        Problems.Add(ConfigProblems.Child(path, key), "missing");
        return null;
    }

    private string? ReadName(YamlNode node, string path)
    {
        var name = yaml.String(node, path);
        if (name is null) return null;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                Problems.Add(path, $"{name}: a receiver name may only hold A-Z a-z 0-9 _ . -");
                return null;
            }
        }
        if (ReservedNames.Contains(name))
        {
            Problems.Add(path, $"{name} is reserved");
            return null;
        }
        return name;
    }

    private BasicCredentials? ReadCredentials(Dictionary<string, YamlNode> entries, string path)
    {
        var user = Required(entries, path, "user") is { } userNode ? yaml.String(userNode, ConfigProblems.Child(path, "user")) : null;
        var password = Required(entries, path, "password") is { } passwordNode ? yaml.String(passwordNode, ConfigProblems.Child(path, "password")) : null;
        if (user is not null && user.Contains(':'))
        {
            Problems.Add(ConfigProblems.Child(path, "user"), "a Basic auth user name cannot contain ':'");
            return null;
        }
        return user is not null && password is not null ? new BasicCredentials(user, password) : null;
    }

    private ImmutableArray<KeyValuePair<string, string>> ReadHeaders(YamlNode node, string path, bool hasPromAuth)
    {
        if (yaml.Mapping(node, path) is not { } mapping) return [];
        var headers = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name } || !IsToken(name))
            {
                Problems.Add(path, $"{(key as YamlScalarNode)?.Value}: not a valid header name");
                continue;
            }
            var headerPath = ConfigProblems.Child(path, name);
            if (ForbiddenHeaders.Contains(name) || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase))
            {
                Problems.Add(headerPath, "this header is set by the proxy itself");
                continue;
            }
            if (hasPromAuth && name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                Problems.Add(headerPath, "conflicts with prom_auth");
                continue;
            }
            if (!seen.Add(name))
            {
                Problems.Add(headerPath, "given twice");
                continue;
            }
            if (yaml.String(value, headerPath) is not { } text) continue;
            if (text.AsSpan().ContainsAny('\r', '\n', '\0'))
            {
                Problems.Add(headerPath, "a header value cannot contain line breaks");
                continue;
            }
            headers.Add(new(name, text));
        }
        return headers.ToImmutable();
    }

    private static bool IsToken(string name)
    {
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c))) return false;
        return true;
    }
}
