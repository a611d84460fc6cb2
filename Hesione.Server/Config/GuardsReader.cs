using System.Collections.Frozen;
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Hesione.Server.Config;

/// <summary>
/// Reads <c>max_range</c>, <c>max_points</c> and <c>rate_limit</c> from the top level of the config or from one
/// receiver: each key given replaces the one of <c>defaults</c>.
/// </summary>
internal static class GuardsReader
{
    /// <summary>The keys this reader handles, for the known-key sets of the top level and of a receiver.</summary>
    public static readonly string[] Keys = ["max_range", "max_points", "rate_limit"];

    public const double MinRequestsPerSecond = 0.001;
    public const double MaxRequestsPerSecond = 1_000_000;
    public const int MaxBurst = 1_000_000;

    private static readonly FrozenSet<string> RateLimitKeys = FrozenSet.Create(StringComparer.Ordinal, "requests_per_second", "burst");

    public static Guards Read(YamlValues yaml, Dictionary<string, YamlNode> entries, string path, Guards defaults)
    {
        var guards = defaults;
        if (entries.TryGetValue("max_range", out var rangeNode))
        {
            var rangePath = ConfigProblems.Child(path, "max_range");
            if (yaml.String(rangeNode, rangePath) is { } text)
            {
                if (PromDuration.TryParse(text, out var range)) guards = guards with { MaxRange = range == TimeSpan.Zero ? null : range };
                else yaml.Problems.Add(rangePath, "expected a duration such as 31d or 12h (0 for no limit)");
            }
        }
        if (entries.TryGetValue("max_points", out var pointsNode) && yaml.Integer(pointsNode, ConfigProblems.Child(path, "max_points"), 1, int.MaxValue) is { } points)
            guards = guards with { MaxPoints = points };
        if (entries.TryGetValue("rate_limit", out var rateNode) && ReadRateLimit(yaml, rateNode, ConfigProblems.Child(path, "rate_limit")) is { } rate)
            guards = guards with { RateLimit = rate };
        return guards;
    }

    private static RateLimit? ReadRateLimit(YamlValues yaml, YamlNode node, string path)
    {
        if (yaml.Mapping(node, path) is null) return null;
        var entries = yaml.Entries(node, path, RateLimitKeys);
        double? perSecond = null;
        var perSecondPath = ConfigProblems.Child(path, "requests_per_second");
        if (!entries.TryGetValue("requests_per_second", out var perSecondNode)) yaml.Problems.Add(perSecondPath, "missing");
        else if (yaml.String(perSecondNode, perSecondPath) is { } text)
        {
            if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= MinRequestsPerSecond && value <= MaxRequestsPerSecond)
                perSecond = value;
            else
                yaml.Problems.Add(perSecondPath, $"expected a number from {MinRequestsPerSecond.ToString(CultureInfo.InvariantCulture)} to {MaxRequestsPerSecond.ToString(CultureInfo.InvariantCulture)}");
        }
        long? burst = entries.TryGetValue("burst", out var burstNode)
            ? yaml.Integer(burstNode, ConfigProblems.Child(path, "burst"), 1, MaxBurst)
            : perSecond is { } rate ? (long)Math.Max(1, Math.Ceiling(rate)) : null;
        return perSecond is { } requests && burst is { } size ? new RateLimit(requests, (int)size) : null;
    }
}
