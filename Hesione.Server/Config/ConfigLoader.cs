using System.Collections.Frozen;
using System.Collections.Immutable;
using Hesione.PromQL.Parsing;
using Hesione.Server.Proxy;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hesione.Server.Config;

/// <summary>
/// Loads <c>config.yml</c>: the original Hesione keys and the extended ones, <c>${ENV}</c> substituted
/// in values. Throws <see cref="ConfigException"/> listing every problem with its YAML path.
/// </summary>
internal static class ConfigLoader
{
    private static readonly FrozenSet<string> Keys = FrozenSet.Create(StringComparer.Ordinal, [
        "listen", "tls", "proxy_ssl", "max_body_bytes", "request_timeout", "retries", "max_query_length", "max_nesting_depth", "max_concurrent", "max_response_bytes", "receivers", "identities",
        "internal_listen", "max_connections", "request_headers_timeout", "keep_alive_timeout", .. GuardsReader.Keys]);

    private static readonly FrozenSet<string> TlsKeys = FrozenSet.Create(StringComparer.Ordinal, "cert", "key");

    public static ProxyConfig Load(string path, Func<string, string?>? environment = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (ConfigReadError.IsReadFailure(e))
        {
            throw new ConfigException([ConfigReadError.Describe(path, e)]);
        }
        return Parse(text, Path.GetDirectoryName(Path.GetFullPath(path))!, environment);
    }

    /// <summary>Parses config text; relative certificate paths are taken from <paramref name="baseDirectory"/>.</summary>
    public static ProxyConfig Parse(string text, string baseDirectory, Func<string, string?>? environment = null)
    {
        var problems = new ConfigProblems();
        var substitution = new EnvSubstitution(environment ?? Environment.GetEnvironmentVariable);
        var stream = new YamlStream();
        var prepared = substitution.Prepare(text);
        try
        {
            stream.Load(new StringReader(prepared));
        }
        catch (YamlException e)
        {
            problems.Add("", YamlSyntaxError.Describe(e, prepared));
            problems.ThrowIfAny();
        }
        if (stream.Documents.Count != 1)
        {
            problems.Add("", stream.Documents.Count == 0 ? "the config is empty" : "the config must be a single YAML document");
            problems.ThrowIfAny();
        }

        var yaml = new YamlValues(problems, substitution);
        var entries = yaml.Entries(stream.Documents[0].RootNode, "", Keys);
        string? listen = null;
        if (entries.TryGetValue("listen", out var listenNode) && yaml.String(listenNode, "listen") is { } listenText)
        {
            if (ListenAddress.Parse(listenText) is null) problems.Add("listen", ListenAddress.Syntax);
            else listen = listenText;
        }
        var internalListen = ReadInternalListen(yaml, entries, listen);
        var certificate = ReadTls(yaml, entries, baseDirectory);
        var maxBody = entries.TryGetValue("max_body_bytes", out var maxBodyNode) ? yaml.Integer(maxBodyNode, "max_body_bytes", 1, int.MaxValue) : null;
        var timeout = entries.TryGetValue("request_timeout", out var timeoutNode) ? yaml.Duration(timeoutNode, "request_timeout") : null;
        var retries = entries.TryGetValue("retries", out var retriesNode) ? yaml.Integer(retriesNode, "retries", 0, 10) : null;
        var maxConcurrent = entries.TryGetValue("max_concurrent", out var concurrentNode) ? yaml.Integer(concurrentNode, "max_concurrent", 1, ProxyConfig.MaxConcurrentLimit) : null;
        var maxResponse = entries.TryGetValue("max_response_bytes", out var responseNode) ? yaml.Integer(responseNode, "max_response_bytes", 1024, int.MaxValue) : null;
        var maxConnections = entries.TryGetValue("max_connections", out var connectionsNode) ? yaml.Integer(connectionsNode, "max_connections", 1, ProxyConfig.MaxConnectionsLimit) : null;
        var headersTimeout = entries.TryGetValue("request_headers_timeout", out var headersNode) ? yaml.Duration(headersNode, "request_headers_timeout") : null;
        var keepAliveTimeout = entries.TryGetValue("keep_alive_timeout", out var keepAliveNode) ? yaml.Duration(keepAliveNode, "keep_alive_timeout") : null;
        var parserOptions = PromQLParserOptions.Default;
        if (entries.TryGetValue("max_query_length", out var lengthNode) && yaml.Integer(lengthNode, "max_query_length", 1, 16 * 1024 * 1024) is { } length)
            parserOptions = parserOptions with { MaxQueryLength = (int)length };
        if (entries.TryGetValue("max_nesting_depth", out var depthNode) && yaml.Integer(depthNode, "max_nesting_depth", 1, 10_000) is { } depth)
            parserOptions = parserOptions with { MaxNestingDepth = (int)depth };
        var guards = GuardsReader.Read(yaml, entries, "", Guards.Default);

        var warnings = new List<string>();
        var identities = entries.TryGetValue("identities", out var identitiesNode)
            ? Identity.IdentityReader.Read(yaml, identitiesNode, "identities", baseDirectory, warnings)
            : System.Collections.Frozen.FrozenDictionary<string, Identity.TokenIdentity>.Empty;
        var receivers = ImmutableArray.CreateBuilder<Receiver>();
        if (!entries.TryGetValue("receivers", out var receiversNode))
        {
            problems.Add("receivers", "missing: at least one receiver is needed");
        }
        else if (yaml.Sequence(receiversNode, "receivers") is { } list)
        {
            if (list.Children.Count == 0) problems.Add("receivers", "at least one receiver is needed");
            var reader = new ReceiverReader(yaml, baseDirectory, timeout ?? ProxyConfig.DefaultRequestTimeout, (int)(maxConcurrent ?? ProxyConfig.DefaultMaxConcurrent), parserOptions, new EnforcementCache(), guards) { Identities = identities, Warnings = warnings };
            var firstByName = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < list.Children.Count; i++)
            {
                var path = ConfigProblems.Index("receivers", i);
                var receiver = reader.Read(list.Children[i], path);
                if (NameOf(list.Children[i]) is { } name && !firstByName.TryAdd(name, i))
                    problems.Add(ConfigProblems.Child(path, "name"), $"duplicate receiver name {name} (also receivers[{firstByName[name]}])");
                else if (receiver is not null)
                    receivers.Add(receiver);
            }
        }

        problems.ThrowIfAny();
        return new ProxyConfig
        {
            Listen = listen,
            InternalListen = internalListen,
            TlsCertificate = certificate,
            MaxBodyBytes = maxBody ?? ProxyConfig.DefaultMaxBodyBytes,
            Retries = (int)(retries ?? ProxyConfig.DefaultRetries),
            MaxResponseBytes = (int)(maxResponse ?? ProxyConfig.DefaultMaxResponseBytes),
            MaxConnections = (int?)maxConnections,
            RequestHeadersTimeout = headersTimeout ?? ProxyConfig.DefaultRequestHeadersTimeout,
            KeepAliveTimeout = keepAliveTimeout ?? ProxyConfig.DefaultKeepAliveTimeout,
            ParserOptions = parserOptions,
            Receivers = receivers.ToImmutable(),
            Warnings = [.. warnings],
        };
    }

    private static string? ReadInternalListen(YamlValues yaml, Dictionary<string, YamlNode> entries, string? listen)
    {
        if (!entries.TryGetValue("internal_listen", out var node) || yaml.String(node, "internal_listen") is not { } text) return null;
        if (ListenAddress.Parse(text) is not { } address)
        {
            yaml.Problems.Add("internal_listen", ListenAddress.Syntax);
            return null;
        }
        if (listen is not null && ListenAddress.Parse(listen)!.Overlaps(address))
        {
            yaml.Problems.Add("internal_listen", $"{text} clashes with listen {listen}: the operational endpoints need an address of their own");
            return null;
        }
        return text;
    }

    private static string? NameOf(YamlNode receiver) =>
        receiver is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode("name"), out var name) && name is YamlScalarNode { Value: { Length: > 0 } value }
            ? value
            : null;

    private static System.Security.Cryptography.X509Certificates.X509Certificate2? ReadTls(YamlValues yaml, Dictionary<string, YamlNode> entries, string baseDirectory)
    {
        entries.TryGetValue("tls", out var tls);
        entries.TryGetValue("proxy_ssl", out var proxySsl);
        if (tls is not null && proxySsl is not null)
        {
            yaml.Problems.Add("tls", "tls and proxy_ssl are the same setting; give one");
            return null;
        }
        var key = tls is not null ? "tls" : "proxy_ssl";
        if ((tls ?? proxySsl) is not { } node) return null;
        var tlsEntries = yaml.Entries(node, key, TlsKeys);
        if (!tlsEntries.ContainsKey("cert") && !tlsEntries.ContainsKey("key"))
        {
            yaml.Problems.Add(key, "cert and key are needed");
            return null;
        }
        return PemCertificate.Read(yaml, tlsEntries, key, baseDirectory);
    }
}
