using System.Text;

namespace Hesione.Server.GoJson;

/// <summary>
/// Go's case folding of JSON object keys, as <c>encoding/json</c> uses it to find the struct field a key names
/// (<c>bytes.EqualFold</c>, <c>foldName</c> since Go 1.21): two keys name the same field when their folds are equal.
/// ASCII letters fold to upper case, and so do the only two other runes whose Go fold orbit holds an ASCII letter:
/// U+017F 'ſ' (Latin small letter long s) folds to <c>S</c>, U+212A 'K' (Kelvin sign) to <c>K</c>. Every other rune
/// is kept: it can never equal an ASCII field name under Go's folding. (.NET's <c>OrdinalIgnoreCase</c> is not this
/// fold: it also equates U+0131 'ı' with <c>I</c>, which Go does not.) Exact for ASCII field names, which is all
/// <see cref="GoJsonFields"/> accepts.
/// </summary>
internal static class GoKeyFold
{
    private const char LongS = '\u017F';
    private const char Kelvin = '\u212A';

    public static string Fold(string key)
    {
        StringBuilder? folded = null;
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            var f = c switch
            {
                >= 'a' and <= 'z' => (char)(c - ('a' - 'A')),
                LongS => 'S',
                Kelvin => 'K',
                _ => c,
            };
            if (f == c && folded is null) continue;
            folded ??= new StringBuilder(key, 0, i, key.Length);
            folded.Append(f);
        }
        return folded?.ToString() ?? key;
    }
}
