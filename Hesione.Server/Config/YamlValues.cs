using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hesione.Server.Config;

/// <summary>
/// Reads typed values out of YAML nodes, substituting <c>${ENV}</c> in scalars and recording every
/// problem with its YAML path instead of stopping at the first.
/// </summary>
internal sealed class YamlValues(ConfigProblems problems, EnvSubstitution environment)
{
    public ConfigProblems Problems { get; } = problems;

    /// <summary>The entries of a mapping by key; non-scalar keys and keys not in <paramref name="known"/> are problems.</summary>
    public Dictionary<string, YamlNode> Entries(YamlNode node, string path, IReadOnlySet<string> known)
    {
        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (Mapping(node, path) is not { } mapping) return entries;
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                Problems.Add(path, $"a key must be a plain string{At(key)}");
                continue;
            }
            if (!known.Contains(name))
            {
                Problems.Add(ConfigProblems.Child(path, name), "unknown key");
                continue;
            }
            entries[name] = value;
        }
        return entries;
    }

    public YamlMappingNode? Mapping(YamlNode node, string path)
    {
        if (node is YamlMappingNode mapping) return mapping;
        Problems.Add(path, $"expected a mapping{At(node)}");
        return null;
    }

    public YamlSequenceNode? Sequence(YamlNode node, string path)
    {
        if (node is YamlSequenceNode sequence) return sequence;
        Problems.Add(path, $"expected a list{At(node)}");
        return null;
    }

    /// <summary>A non-empty string scalar with <c>${ENV}</c> substituted.</summary>
    public string? String(YamlNode node, string path)
    {
        if (node is not YamlScalarNode scalar)
        {
            Problems.Add(path, $"expected a string{At(node)}");
            return null;
        }
        if (IsNull(scalar))
        {
            Problems.Add(path, $"a value is needed{At(node)}");
            return null;
        }
        var value = environment.Resolve(scalar.Value!, out var problem);
        if (problem is not null) Problems.Add(path, problem);
        else if (value!.Length == 0) Problems.Add(path, "must not be empty");
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>A string, or a list of strings (one at least).</summary>
    public List<string>? Strings(YamlNode node, string path)
    {
        if (node is YamlScalarNode) return String(node, path) is { } single ? [single] : null;
        if (Sequence(node, path) is not { } sequence) return null;
        if (sequence.Children.Count == 0)
        {
            Problems.Add(path, "at least one value is needed");
            return null;
        }
        var values = new List<string>(sequence.Children.Count);
        var ok = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (String(sequence.Children[i], ConfigProblems.Index(path, i)) is { } value) values.Add(value);
            else ok = false;
        }
        return ok ? values : null;
    }

    public bool? Bool(YamlNode node, string path)
    {
        var text = String(node, path);
        if (text is null) return null;
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        if (text.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        Problems.Add(path, "expected true or false");
        return null;
    }

    public long? Integer(YamlNode node, string path, long min, long max)
    {
        var text = String(node, path);
        if (text is null) return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        Problems.Add(path, $"expected an integer from {min} to {max}");
        return null;
    }

    /// <summary>A positive Prometheus duration (<c>30s</c>, <c>1m30s</c>).</summary>
    public TimeSpan? Duration(YamlNode node, string path)
    {
        var text = String(node, path);
        if (text is null) return null;
        if (PromDuration.TryParse(text, out var duration) && duration > TimeSpan.Zero) return duration;
        Problems.Add(path, "expected a positive duration such as 30s or 1m30s");
        return null;
    }

    /// <summary>An absolute http(s) URL without credentials, query or fragment.</summary>
    public Uri? HttpUrl(YamlNode node, string path)
    {
        var text = String(node, path);
        if (text is null) return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            Problems.Add(path, "not an absolute http(s) URL");
            return null;
        }
        if (uri.UserInfo.Length > 0)
        {
            Problems.Add(path, "credentials in the URL are not allowed; use prom_auth");
            return null;
        }
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            Problems.Add(path, "a query or fragment is not allowed in the URL");
            return null;
        }
        return uri;
    }

    /// <summary>One of <paramref name="allowed"/>.</summary>
    public string? Choice(YamlNode node, string path, params string[] allowed)
    {
        var text = String(node, path);
        if (text is null || allowed.Contains(text, StringComparer.Ordinal)) return text;
        Problems.Add(path, $"expected one of {string.Join(", ", allowed)}");
        return null;
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Value is null || (scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && scalar.Value is "" or "~" or "null" or "Null" or "NULL");

    private static string At(YamlNode node) => node.Start.Line > 0 ? $" (line {node.Start.Line})" : "";
}
