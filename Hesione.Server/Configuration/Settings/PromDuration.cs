namespace Hesione.Server.Configuration;

/// <summary>Prometheus duration syntax: units <c>y w d h m s ms</c>, largest first, each at most once (<c>1m30s</c>), or <c>0</c>; read and written.</summary>
internal static class PromDuration
{
    private static readonly (string Unit, long Milliseconds)[] Units =
    [
        ("y", 365L * 24 * 3600 * 1000), ("w", 7L * 24 * 3600 * 1000), ("d", 24L * 3600 * 1000),
        ("h", 3600L * 1000), ("m", 60L * 1000), ("s", 1000), ("ms", 1),
    ];

    /// <summary>Reads <paramref name="text"/> exactly as the PromQL lexer reads a duration, within a <see cref="TimeSpan"/> (<see cref="PromQL.Parsing.PromQLDuration.TryParse"/>).</summary>
    public static bool TryParse(string text, out TimeSpan duration) => PromQL.Parsing.PromQLDuration.TryParse(text, out duration);

    /// <summary>
    /// The duration in this syntax, to the millisecond (<c>31d</c>, <c>1h30m</c>, <c>0s</c>); years and weeks only when
    /// they divide it exactly, since <c>90d</c> reads better than <c>12w6d</c>.
    /// </summary>
    public static string Format(TimeSpan duration)
    {
        var remaining = (long)duration.TotalMilliseconds;
        if (remaining <= 0) return "0s";
        var text = new System.Text.StringBuilder();
        foreach (var (unit, milliseconds) in Units)
        {
            if (unit is "y" or "w" && remaining % milliseconds != 0) continue;
            var amount = remaining / milliseconds;
            if (amount == 0) continue;
            text.Append(amount).Append(unit);
            remaining -= amount * milliseconds;
        }
        return text.ToString();
    }
}
