using System.Globalization;
using System.Text;
using Hesione.PromQL.Ast;

namespace Hesione.Server.PrometheusApi;

/// <summary>The <c>&lt;name&gt;</c> of <c>/api/v1/label/&lt;name&gt;/values</c>: percent-decoded strictly and accepted only as a label name.</summary>
internal static class LabelNameSegment
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The decoded name when it is a legacy label name (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>) or a UTF-8 label name
    /// (valid UTF-8, no control characters, not made of dots alone); otherwise null.
    /// </summary>
    public static string? Decode(ReadOnlySpan<char> raw)
    {
        var name = raw.Contains('%') ? PercentDecode(raw) : raw.ToString();
        if (name is null || name.Length == 0) return null;
        if (LabelMatcher.IsLegacyLabelName(name)) return name;
        if (name.AsSpan().TrimStart('.').IsEmpty) return null;
        foreach (var c in name)
            if (char.IsControl(c)) return null;
        return name;
    }

    private static string? PercentDecode(ReadOnlySpan<char> raw)
    {
        var bytes = new byte[raw.Length];
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%')
            {
                if (i + 2 >= raw.Length || !byte.TryParse(raw.Slice(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b)) return null;
                bytes[length++] = b;
                i += 2;
            }
            else if (raw[i] < 0x80)
            {
                bytes[length++] = (byte)raw[i];
            }
            else
            {
                return null;
            }
        }
        try
        {
            return StrictUtf8.GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
