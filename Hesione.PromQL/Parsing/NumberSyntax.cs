using System.Globalization;

namespace Hesione.PromQL.Parsing;

/// <summary>Converts number and duration tokens to values with the rules of Prometheus (Go's strconv and model.ParseDuration).</summary>
internal static class NumberSyntax
{
    /// <summary>Largest duration Prometheus can hold, in seconds (2^63 nanoseconds).</summary>
    public const double MaxDurationSeconds = 9223372036.854775807;

    /// <summary>Integer first (hex <c>0x1F</c>, octal <c>0755</c>, underscores), then float; overflow is an error.</summary>
    public static bool TryParseNumber(string text, out double value, out string error)
    {
        error = "";
        if (TryParseGoInteger(text, out var integer))
        {
            value = integer;
            return true;
        }
        var cleaned = text.Contains('_') ? text.Replace("_", "", StringComparison.Ordinal) : text;
        if (cleaned.Equals("inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.PositiveInfinity;
            return true;
        }
        if (cleaned.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }
        if (!cleaned.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && double.TryParse(cleaned, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value))
        {
            if (!double.IsInfinity(value)) return true;
            error = $"error parsing number: strconv.ParseFloat: parsing {Printing.GoQuoting.Quote(text)}: value out of range";
            return false;
        }
        value = 0;
        error = $"error parsing number: strconv.ParseFloat: parsing {Printing.GoQuoting.Quote(text)}: invalid syntax";
        return false;
    }

    private static bool TryParseGoInteger(string text, out long value)
    {
        value = 0;
        var s = text.AsSpan();
        var radix = 10;
        if (s.Length > 2 && s[0] == '0' && (s[1] is 'x' or 'X'))
        {
            radix = 16;
            s = s[2..];
        }
        else if (s.Length > 1 && s[0] == '0')
        {
            radix = 8;
            s = s[1..];
        }
        if (s.IsEmpty) return text == "0";
        ulong acc = 0;
        var sawDigit = false;
        foreach (var c in s)
        {
            if (c == '_') continue;
            int d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= radix) return false;
            sawDigit = true;
            if (acc > (ulong.MaxValue - (ulong)d) / (ulong)radix) return false;
            acc = acc * (ulong)radix + (ulong)d;
        }
        if (!sawDigit || acc > long.MaxValue) return false;
        value = (long)acc;
        return true;
    }

    private static readonly (string Unit, long Milliseconds)[] Units =
    [
        ("y", 365L * 24 * 3600 * 1000), ("w", 7L * 24 * 3600 * 1000), ("d", 24L * 3600 * 1000),
        ("h", 3600L * 1000), ("m", 60L * 1000), ("s", 1000), ("ms", 1),
    ];

    /// <summary>
    /// Parses a duration such as <c>1h30m</c>: units y w d h m s ms, largest first, each at most once. The error text
    /// is built only on failure (a duration token is read on every query).
    /// </summary>
    public static bool TryParseDuration(string text, out double seconds, out string error)
    {
        var problem = ReadDuration(text, out var milliseconds);
        seconds = milliseconds / 1000.0;
        error = problem switch
        {
            DurationProblem.None => "",
            DurationProblem.Empty => "empty duration string",
            DurationProblem.OutOfRange => "duration out of range",
            _ => $"not a valid duration string: {Printing.GoQuoting.Quote(text)}",
        };
        return problem == DurationProblem.None;
    }

    /// <summary>Why a text is not a duration.</summary>
    internal enum DurationProblem
    {
        None,
        Empty,
        NotADuration,
        OutOfRange,
    }

    /// <summary>The duration <paramref name="text"/> spells, in milliseconds (0 when it is not one); allocates nothing.</summary>
    internal static DurationProblem ReadDuration(ReadOnlySpan<char> text, out long milliseconds)
    {
        milliseconds = 0;
        if (text is "0") return DurationProblem.None;
        if (text.IsEmpty) return DurationProblem.Empty;
        long total = 0;
        var pos = 0;
        var nextUnit = 0;
        while (pos < text.Length)
        {
            var digitsStart = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
            if (pos == digitsStart) return DurationProblem.NotADuration;
            var unitStart = pos;
            while (pos < text.Length && char.IsAsciiLetter(text[pos])) pos++;
            var unit = text[unitStart..pos];
            var index = nextUnit;
            while (index < Units.Length && !unit.SequenceEqual(Units[index].Unit)) index++;
            if (index == Units.Length) return DurationProblem.NotADuration;
            nextUnit = index + 1;
            if (!long.TryParse(text[digitsStart..unitStart], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                || n > long.MaxValue / Units[index].Milliseconds)
                return DurationProblem.OutOfRange;
            var ms = n * Units[index].Milliseconds;
            if (total > long.MaxValue - ms) return DurationProblem.OutOfRange;
            total += ms;
        }
        milliseconds = total;
        return DurationProblem.None;
    }
}
