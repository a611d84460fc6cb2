using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace Hesione.Server.Config;

/// <summary>Reads a receiver's <c>prom</c> (one URL or a non-empty list of distinct URLs) and <c>balance</c>.</summary>
internal static class PoolReader
{
    public static ImmutableArray<UpstreamBackend>? ReadBackends(YamlValues yaml, YamlNode node, string path)
    {
        if (node is not YamlSequenceNode list)
            return yaml.HttpUrl(node, path) is { } single ? [UpstreamBackend.Of(single)] : null;
        if (list.Children.Count == 0)
        {
            yaml.Problems.Add(path, "an empty list; give at least one URL");
            return null;
        }
        if (list.Children.Count > UpstreamBackend.MaxPerReceiver)
        {
            yaml.Problems.Add(path, $"{list.Children.Count} URLs; at most {UpstreamBackend.MaxPerReceiver}");
            return null;
        }
        var before = yaml.Problems.Count;
        var backends = ImmutableArray.CreateBuilder<UpstreamBackend>(list.Children.Count);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var itemPath = ConfigProblems.Index(path, i);
            if (yaml.HttpUrl(list.Children[i], itemPath) is not { } url) continue;
            var backend = UpstreamBackend.Of(url);
            if (backends.Any(b => b.Base == backend.Base)) yaml.Problems.Add(itemPath, $"{backend.Base} is listed twice");
            else backends.Add(backend);
        }
        return yaml.Problems.Count == before ? backends.ToImmutable() : null;
    }

    public static Balance ReadBalance(YamlValues yaml, Dictionary<string, YamlNode> entries, string path) =>
        entries.TryGetValue("balance", out var node) && yaml.Choice(node, ConfigProblems.Child(path, "balance"), "first_available", "least_loaded") == "least_loaded"
            ? Balance.LeastLoaded
            : Balance.FirstAvailable;
}
