using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hesione.Server.Configuration;

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
            Locate(ConfigProblems.Child(path, name), key);
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
        if (node is YamlSequenceNode sequence)
        {
            for (var i = 0; i < sequence.Children.Count; i++) Locate(ConfigProblems.Index(path, i), sequence.Children[i]);
            return sequence;
        }
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

    public bool? Bool(YamlNode node, string path) => Parsed(node, path, "expected true or false", (string text, out bool value) =>
    {
        value = text.Equals("true", StringComparison.OrdinalIgnoreCase);
        return value || text.Equals("false", StringComparison.OrdinalIgnoreCase);
    });

    /// <summary>A decimal number from <paramref name="min"/> to <paramref name="max"/> (no sign, no exponent).</summary>
    public double? Number(YamlNode node, string path, double min, double max) =>
        Parsed(node, path, $"expected a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}",
            (string text, out double value) => double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);

    public long? Integer(YamlNode node, string path, long min, long max) =>
        Parsed(node, path, $"expected an integer from {min} to {max}",
            (string text, out long value) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);

    /// <summary>A positive Prometheus duration (<c>30s</c>, <c>1m30s</c>).</summary>
    public TimeSpan? Duration(YamlNode node, string path) =>
        Parsed(node, path, "expected a positive duration such as 30s or 1m30s", (string text, out TimeSpan value) => PromDuration.TryParse(text, out value) && value > TimeSpan.Zero);

    /// <summary>A duration that may be 0 (for no limit): <see cref="TimeSpan.Zero"/> then.</summary>
    public TimeSpan? Limit(YamlNode node, string path) =>
        Parsed<TimeSpan>(node, path, "expected a duration such as 31d or 12h (0 for no limit)", PromDuration.TryParse);

    private delegate bool TryParse<T>(string text, out T value);

    /// <summary>A string scalar that <paramref name="parse"/> reads, or null with <paramref name="expected"/> reported.</summary>
    private T? Parsed<T>(YamlNode node, string path, string expected, TryParse<T> parse) where T : struct
    {
        if (String(node, path) is not { } text) return null;
        if (parse(text, out var value)) return value;
        Problems.Add(path, expected);
        return null;
    }

    /// <summary>The keys of a mapping whose keys are names (labels, headers, identities); a key that is not a plain string is a problem.</summary>
    public IEnumerable<(string Name, YamlNode Value)> Named(YamlMappingNode mapping, string path, string noun)
    {
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { } name })
            {
                Locate(ConfigProblems.Child(path, name), key);
                yield return (name, value);
            }
            else
            {
                Problems.Add(path, $"{noun} must be a plain string");
            }
        }
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

    private void Locate(string path, YamlNode node) => Problems.Locate(path, node.Start.Line, node.Start.Column);
}
