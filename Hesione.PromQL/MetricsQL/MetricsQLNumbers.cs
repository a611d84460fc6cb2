using System.Globalization;

namespace Hesione.PromQL.MetricsQL;

/// <summary>
/// MetricsQL number and duration tokens: <c>12</c>, <c>0x3b</c>, <c>0o17</c>, <c>0b101</c>, <c>1_000</c>,
/// <c>1.5e3</c>, the suffixes <c>K Ki KB M Mi MB G Gi GB T Ti TB</c> (case-insensitive), and durations made of
/// parts (<c>5m</c>, <c>1h30m</c>, <c>5w4h-3.4m13.4ms</c>, <c>5i</c> in steps), with their values.
/// </summary>
internal static class MetricsQLNumbers
{
    private static bool IsDecimal(char c) => c is >= '0' and <= '9';

    private static bool IsHex(char c) => IsDecimal(c) || c is (>= 'a' and <= 'f') or (>= 'A' and <= 'F');

    private static readonly string[] GrafanaIntervals = ["$__interval", "$__rate_interval", "$__range"];

    /// <summary>Whether the token is a Grafana interval variable.</summary>
    public static bool IsGrafanaInterval(string token) => Array.IndexOf(GrafanaIntervals, token) >= 0;

    /// <summary>The length of the duration at <paramref name="start"/>, or -1.</summary>
    public static int ScanDuration(string s, int start)
    {
        var n = ScanSingleDuration(s, start, canBeNegative: false);
        if (n <= 0) return -1;
        var i = start + n;
        while (true)
        {
            var m = ScanSingleDuration(s, i, canBeNegative: true);
            if (m <= 0) return i - start;
            i += m;
        }
    }

    private static int ScanSingleDuration(string s, int start, bool canBeNegative)
    {
        if (start >= s.Length) return -1;
        var i = start;
        if (s[i] == '-' && canBeNegative) i++;
        var rest = s.AsSpan(i);
        foreach (var variable in GrafanaIntervals)
            if (rest.SequenceEqual(variable)) return s.Length - start;
        while (i < s.Length && IsDecimal(s[i])) i++;
        if (i == start || i == s.Length) return -1;
        if (s[i] == '.')
        {
            var dot = i;
            i++;
            while (i < s.Length && IsDecimal(s[i])) i++;
            if (i == dot + 1 || i == s.Length) return -1;
        }
        switch (char.ToLowerInvariant(s[i]))
        {
            case 'm':
                if (i + 1 < s.Length)
                {
                    switch (char.ToLowerInvariant(s[i + 1]))
                    {
                        case 's': return i + 2 - start;
                        case 'i' or 'b': return -1;
                    }
                }
                return s[i] == 'm' ? i + 1 - start : -1;
            case 's' or 'h' or 'd' or 'w' or 'y' or 'i':
                return i + 1 - start;
            default:
                return -1;
        }
    }

    /// <summary>Whether the whole token is a duration (or a Grafana interval variable).</summary>
    public static bool IsPositiveDuration(string token) => IsGrafanaInterval(token) || (token.Length > 0 && ScanDuration(token, 0) == token.Length);

    /// <summary>Whether a number starts at <paramref name="i"/>: a digit, or a dot and a digit.</summary>
    public static bool IsPositiveNumberPrefix(string s, int i)
    {
        if (i >= s.Length) return false;
        if (IsDecimal(s[i])) return true;
        return s[i] == '.' && i + 1 < s.Length && IsDecimal(s[i + 1]);
    }

    /// <summary>Whether the token is <c>inf</c> or <c>nan</c> in any case.</summary>
    public static bool IsInfOrNaN(string token) =>
        token.Length == 3 && (token.Equals("inf", StringComparison.OrdinalIgnoreCase) || token.Equals("nan", StringComparison.OrdinalIgnoreCase));

    private static (int Skip, bool Hex) SpecialIntegerPrefix(string s, int i)
    {
        if (i >= s.Length || s[i] != '0' || i + 1 >= s.Length) return (0, false);
        var c = char.ToLowerInvariant(s[i + 1]);
        if (IsDecimal(c)) return (1, false);
        if (c == 'x') return (2, true);
        return c is 'o' or 'b' ? (2, false) : (0, false);
    }

    /// <summary>Whether the token starts like <c>0x</c>, <c>0o</c>, <c>0b</c> or an octal <c>0N</c>.</summary>
    public static bool IsSpecialInteger(string token) => SpecialIntegerPrefix(token, 0).Skip > 0;

    /// <summary>The length of the number at <paramref name="start"/>.</summary>
    public static int ScanPositiveNumber(string s, int start, out string? error)
    {
        error = null;
        var (skip, hex) = SpecialIntegerPrefix(s, start);
        var i = start + skip;
        if (hex)
        {
            while (i < s.Length && IsHex(s[i])) i++;
            return i - start;
        }
        while (i < s.Length && (IsDecimal(s[i]) || s[i] == '_')) i++;
        if (i == s.Length) return i - start;
        if (MultiplierLength(s, i) is var m and > 0) return i + m - start;
        if (s[i] != '.' && s[i] != 'e' && s[i] != 'E') return i - start;
        if (s[i] == '.')
        {
            i++;
            while (i < s.Length && (IsDecimal(s[i]) || s[i] == '_')) i++;
            if (i == s.Length) return i - start;
        }
        if (MultiplierLength(s, i) is var m2 and > 0) return i + m2 - start;
        if (s[i] != 'e' && s[i] != 'E') return i - start;
        i++;
        if (i == s.Length)
        {
            error = "missing exponent part";
            return -1;
        }
        if (s[i] is '-' or '+') i++;
        var digits = i;
        while (i < s.Length && IsDecimal(s[i])) i++;
        if (i == digits)
        {
            error = "missing exponent part";
            return -1;
        }
        return i - start;
    }

    private static readonly (string Suffix, double Multiplier)[] Multipliers =
    [
        ("kib", 1024d), ("ki", 1024d), ("kb", 1e3), ("k", 1e3),
        ("mib", 1024d * 1024), ("mi", 1024d * 1024), ("mb", 1e6), ("m", 1e6),
        ("gib", 1024d * 1024 * 1024), ("gi", 1024d * 1024 * 1024), ("gb", 1e9), ("g", 1e9),
        ("tib", 1024d * 1024 * 1024 * 1024), ("ti", 1024d * 1024 * 1024 * 1024), ("tb", 1e12), ("t", 1e12),
    ];

    private static int MultiplierLength(string s, int i)
    {
        var rest = s.AsSpan(i, Math.Min(3, s.Length - i));
        foreach (var (suffix, _) in Multipliers)
            if (rest.StartsWith(suffix, StringComparison.OrdinalIgnoreCase)) return suffix.Length;
        return 0;
    }

    /// <summary>The value of a number token (with its suffix), as MetricsQL reads it; false when it is not a number.</summary>
    public static bool TryParsePositiveNumber(string token, out double value)
    {
        if (IsSpecialInteger(token))
        {
            var ok = TryParseGoInteger(token, out var integer);
            value = integer;
            return ok;
        }
        var lower = token.ToLowerInvariant();
        var multiplier = 1d;
        foreach (var (suffix, m) in Multipliers)
        {
            if (!lower.EndsWith(suffix, StringComparison.Ordinal)) continue;
            lower = lower[..^suffix.Length];
            multiplier = m;
            break;
        }
        if (!TryParseGoFloat(lower, out value)) return false;
        value *= multiplier;
        return true;
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 0, 64)</c> for non-negative literals with a base prefix.</summary>
    private static bool TryParseGoInteger(string s, out long value)
    {
        value = 0;
        int radix;
        var i = 0;
        if (s.Length >= 2 && s[0] == '0' && char.ToLowerInvariant(s[1]) is 'x' or 'o' or 'b')
        {
            radix = char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            i = 2;
        }
        else
        {
            radix = 8;
            i = 1;
        }
        if (!UnderscoresOk(s)) return false;
        var any = false;
        for (; i < s.Length; i++)
        {
            if (s[i] == '_') continue;
            var d = s[i] switch
            {
                >= '0' and <= '9' => s[i] - '0',
                >= 'a' and <= 'z' => s[i] - 'a' + 10,
                >= 'A' and <= 'Z' => s[i] - 'A' + 10,
                _ => 99,
            };
            if (d >= radix) return false;
            if (value > (long.MaxValue - d) / radix) return false;
            value = value * radix + d;
            any = true;
        }
        return any || radix == 8;
    }

    /// <summary>Go's rule for <c>_</c> in number literals: only between digits (or after a base prefix).</summary>
    private static bool UnderscoresOk(string s)
    {
        var i = 0;
        var saw = '^';
        var hex = false;
        if (s.Length >= 2 && s[0] == '0' && char.ToLowerInvariant(s[1]) is 'x' or 'o' or 'b')
        {
            hex = char.ToLowerInvariant(s[1]) == 'x';
            i = 2;
            saw = '0';
        }
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (IsDecimal(c) || (hex && char.ToLowerInvariant(c) is >= 'a' and <= 'f'))
            {
                saw = '0';
                continue;
            }
            if (c == '_')
            {
                if (saw != '0') return false;
                saw = '_';
                continue;
            }
            if (saw == '_') return false;
            saw = '!';
        }
        return saw != '_';
    }

    /// <summary>Go's <c>strconv.ParseFloat</c> for decimal literals, <c>inf</c>, <c>infinity</c> and <c>nan</c>.</summary>
    public static bool TryParseGoFloat(string s, out double value)
    {
        value = 0;
        var body = s.StartsWith('+') || s.StartsWith('-') ? s[1..] : s;
        var negative = s.StartsWith('-');
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return s == body;
        }
        if (body.Length == 0) return false;
        if (body.Contains('_'))
        {
            if (!UnderscoresOk(body)) return false;
            body = body.Replace("_", "", StringComparison.Ordinal);
        }
        var mantissaEnd = body.IndexOfAny(['e', 'E']);
        var mantissa = mantissaEnd < 0 ? body : body[..mantissaEnd];
        if (mantissa.Length == 0 || mantissa == "." || mantissa.Count(c => c == '.') > 1 || mantissa.Any(c => c != '.' && !IsDecimal(c))) return false;
        if (mantissaEnd >= 0)
        {
            var exponent = body[(mantissaEnd + 1)..];
            if (exponent.StartsWith('+') || exponent.StartsWith('-')) exponent = exponent[1..];
            if (exponent.Length == 0 || exponent.Any(c => !IsDecimal(c))) return false;
        }
        if (!double.TryParse(body, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)) return false;
        if (negative) value = -value;
        return true;
    }

    /// <summary>
    /// An upper bound of the magnitude of a duration token (or a bare number of seconds) in milliseconds: the sum of
    /// the absolute values of its parts, a step part (<c>5i</c>) or a Grafana interval counted as
    /// <paramref name="stepMilliseconds"/> per step. <see cref="double.PositiveInfinity"/> when it cannot be read.
    /// </summary>
    public static double MagnitudeMilliseconds(string s, double stepMilliseconds)
    {
        if (s.Length == 0) return double.PositiveInfinity;
        var last = s[^1];
        if ((IsDecimal(last) || last == '.') && TryParseGoFloat(s, out var seconds)) return Math.Abs(seconds) * 1000;
        var total = 0.0;
        var i = 0;
        while (i < s.Length)
        {
            var n = ScanSingleDuration(s, i, canBeNegative: true);
            if (n <= 0) return double.PositiveInfinity;
            var part = s.Substring(i, n).TrimStart('-').ToLowerInvariant();
            i += n;
            if (IsGrafanaInterval(part))
            {
                total += stepMilliseconds;
                continue;
            }
            var unit = part.EndsWith("ms", StringComparison.Ordinal) ? 2 : 1;
            if (!TryParseGoFloat(part[..^unit], out var value)) return double.PositiveInfinity;
            total += Math.Abs(value) * part[^1] switch
            {
                's' when unit == 2 => 1,
                's' => 1_000,
                'm' => 60_000,
                'h' => 3_600_000,
                'd' => 86_400_000,
                'w' => 604_800_000,
                'y' => 31_536_000_000,
                'i' => stepMilliseconds,
                _ => double.PositiveInfinity,
            };
        }
        return total;
    }

    /// <summary>Whether a duration token (or a bare number of seconds) has a value, as MetricsQL checks windows and offsets.</summary>
    public static bool IsValidDurationValue(string s)
    {
        if (s.Length == 0) return false;
        var last = s[^1];
        if ((IsDecimal(last) || last == '.') && TryParseGoFloat(s, out _)) return true;
        var i = 0;
        while (i < s.Length)
        {
            var n = ScanSingleDuration(s, i, canBeNegative: true);
            if (n <= 0) return false;
            var part = s.Substring(i, n);
            i += n;
            if (IsGrafanaInterval(part.TrimStart('-'))) continue;
            var lower = part.ToLowerInvariant();
            var unit = lower.EndsWith("ms", StringComparison.Ordinal) ? 2 : 1;
            if (!TryParseGoFloat(lower[..^unit], out _)) return false;
        }
        return true;
    }
}
