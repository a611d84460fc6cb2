using System.Globalization;
using System.Text.RegularExpressions;
using Hesione.Server.Configuration;

namespace Hesione.Server.PrometheusApi;

/// <summary>
/// The <c>start</c>, <c>end</c> and <c>step</c> parameters read as Prometheus's HTTP API reads them, in nanoseconds:
/// a time is Unix seconds (a decimal number, the fraction rounded to milliseconds) or RFC 3339 (<c>2025-01-01T00:00:00Z</c>,
/// up to nine fraction digits), or one of the two texts Prometheus writes for its minimum and maximum time; a step is
/// seconds (a decimal number) or a Prometheus duration (<c>1m30s</c>). Go also reads hexadecimal numbers and
/// underscores in them; those are refused here rather than guessed at (fail closed).
/// </summary>
internal static partial class PrometheusTime
{
    private const long NanosPerSecond = 1_000_000_000;

    /// <summary>Prometheus's minimum time (<c>-292273086-05-16T16:47:06Z</c>), the default start of series and labels.</summary>
    public static readonly Int128 MinTime = (Int128)(-9_223_309_901_257_974L) * NanosPerSecond;

    /// <summary>Prometheus's maximum time (<c>292277026596-12-04T15:30:07.999999999Z</c>), the default end of series and labels.</summary>
    public static readonly Int128 MaxTime = (Int128)9_223_309_901_257_974L * NanosPerSecond + 999_999_999;

    private const string MinTimeText = "-292273086-05-16T16:47:06Z";
    private const string MaxTimeText = "292277026596-12-04T15:30:07.999999999Z";

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalNumber();

    [GeneratedRegex(@"^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    /// <summary>A time parameter, in nanoseconds since the Unix epoch.</summary>
    public static bool TryParseTime(string text, out Int128 nanoseconds)
    {
        nanoseconds = 0;
        if (TryParseNumber(text, out var seconds))
        {
            if (Math.Abs(seconds) >= long.MaxValue) return false;
            var whole = Math.Truncate(seconds);
            var milliseconds = Math.Round((seconds - whole) * 1000, MidpointRounding.AwayFromZero);
            nanoseconds = (Int128)(long)whole * NanosPerSecond + (long)milliseconds * 1_000_000;
            return true;
        }
        if (text == MinTimeText) nanoseconds = MinTime;
        else if (text == MaxTimeText) nanoseconds = MaxTime;
        else return TryParseRfc3339(text, out nanoseconds);
        return true;
    }

    /// <summary>A step parameter, in nanoseconds.</summary>
    public static bool TryParseDuration(string text, out long nanoseconds)
    {
        nanoseconds = 0;
        if (TryParseNumber(text, out var seconds))
        {
            var value = seconds * NanosPerSecond;
            if (value >= long.MaxValue || value <= long.MinValue) return false;
            nanoseconds = (long)value;
            return true;
        }
        if (!PromDuration.TryParse(text, out var duration)) return false;
        nanoseconds = duration.Ticks * (NanosPerSecond / TimeSpan.TicksPerSecond);
        return true;
    }

    private static bool TryParseNumber(string text, out double value)
    {
        // What Grafana sends: whole seconds.
        if (text.Length is > 0 and <= 15 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
        {
            value = whole;
            return true;
        }
        value = 0;
        return DecimalNumber().IsMatch(text)
            && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    private static bool TryParseRfc3339(string text, out Int128 nanoseconds)
    {
        nanoseconds = 0;
        var match = Rfc3339().Match(text);
        if (!match.Success || !DateTime.TryParseExact(match.Groups[1].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return false;
        var zone = match.Groups[3].Value;
        var offset = TimeSpan.Zero;
        if (zone != "Z")
        {
            var hours = int.Parse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture);
            var minutes = int.Parse(zone.AsSpan(4, 2), CultureInfo.InvariantCulture);
            if (hours > 23 || minutes > 59) return false;
            offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
        }
        var fraction = match.Groups[2].Value;
        var fractionNanos = fraction.Length == 0 ? 0 : long.Parse(fraction[1..].PadRight(9, '0'), CultureInfo.InvariantCulture);
        var unixSeconds = (long)(local - DateTime.UnixEpoch).TotalSeconds - (long)offset.TotalSeconds;
        nanoseconds = (Int128)unixSeconds * NanosPerSecond + fractionNanos;
        return true;
    }
}
