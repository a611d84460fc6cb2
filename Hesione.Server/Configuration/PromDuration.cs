namespace Hesione.Server.Configuration;

/// <summary>Prometheus duration syntax: units <c>y w d h m s ms</c>, largest first, each at most once (<c>1m30s</c>), or <c>0</c>; read and written.</summary>
internal static class PromDuration
{
    private static readonly (string Unit, long Milliseconds)[] Units =
    [
        ("y", 365L * 24 * 3600 * 1000), ("w", 7L * 24 * 3600 * 1000), ("d", 24L * 3600 * 1000),
        ("h", 3600L * 1000), ("m", 60L * 1000), ("s", 1000), ("ms", 1),
    ];

    /// <summary>
    /// Reads <paramref name="text"/> exactly as the PromQL lexer reads a duration (<c>NumberSyntax.TryParseDuration</c>,
    /// pinned by <c>PromDurationTests</c>), within a <see cref="TimeSpan"/>. Not delegated to it: that one builds its
    /// error text on every call, 240 bytes more per request on a <c>max_range</c> receiver (GuardBenchmarks.WithMaxRange).
    /// </summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text == "0") return true;
        long total = 0;
        var position = 0;
        var nextUnit = 0;
        while (position < text.Length)
        {
            var digitsStart = position;
            while (position < text.Length && char.IsAsciiDigit(text[position])) position++;
            if (position == digitsStart || !long.TryParse(text.AsSpan(digitsStart, position - digitsStart), out var amount)) return false;
            var unitStart = position;
            while (position < text.Length && char.IsAsciiLetterLower(text[position])) position++;
            var unit = text.AsSpan(unitStart, position - unitStart);
            var index = nextUnit;
            while (index < Units.Length && !unit.SequenceEqual(Units[index].Unit)) index++;
            if (index == Units.Length) return false;
            nextUnit = index + 1;
            try
            {
                total = checked(total + amount * Units[index].Milliseconds);
            }
            catch (OverflowException)
            {
                return false;
            }
        }
        if (text.Length == 0 || total > (long)TimeSpan.MaxValue.TotalMilliseconds) return false;
        duration = TimeSpan.FromMilliseconds(total);
        return true;
    }

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
