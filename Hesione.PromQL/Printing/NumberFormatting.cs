using System.Globalization;
using System.Text;

namespace Hesione.PromQL.Printing;

/// <summary>Numbers and durations in the text forms Prometheus prints.</summary>
internal static class NumberFormatting
{
    /// <summary>
    /// The shortest decimal that reads back as the same double, without exponent
    /// (Go's <c>strconv.FormatFloat(v, 'f', -1, 64)</c>): <c>1000000</c>, <c>0.0001</c>, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.
    /// </summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "+Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOf('E');
        if (e < 0) return shortest;

        var negative = shortest[0] == '-';
        var mantissa = shortest[(negative ? 1 : 0)..e];
        var exponent = int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var pointPosition = (dot < 0 ? mantissa.Length : dot) + exponent;
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (pointPosition <= 0)
            sb.Append("0.").Append('0', -pointPosition).Append(digits);
        else if (pointPosition >= digits.Length)
            sb.Append(digits).Append('0', pointPosition - digits.Length);
        else
            sb.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
        return sb.ToString();
    }

    private static readonly (string Unit, long Milliseconds)[] Units =
    [
        ("y", 365L * 24 * 3600 * 1000), ("w", 7L * 24 * 3600 * 1000), ("d", 24L * 3600 * 1000),
        ("h", 3600L * 1000), ("m", 60L * 1000), ("s", 1000), ("ms", 1),
    ];

    /// <summary>
    /// A duration in Prometheus's form (<c>1h30m</c>, <c>1s500ms</c>, <c>0s</c>), largest unit first, from
    /// seconds rounded to whole milliseconds; negative durations get a leading <c>-</c>.
    /// </summary>
    public static string Duration(double seconds)
    {
        var ms = (long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero);
        if (ms == 0) return "0s";
        var sb = new StringBuilder();
        if (ms < 0)
        {
            sb.Append('-');
            ms = ms == long.MinValue ? long.MaxValue : -ms;
        }
        foreach (var (unit, size) in Units)
        {
            if (ms < size) continue;
            sb.Append(ms / size).Append(unit);
            ms %= size;
        }
        return sb.ToString();
    }
}
