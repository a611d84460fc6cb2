using System.Text.RegularExpressions;

namespace Hesione.Server.Configuration;

/// <summary>
/// <c>${NAME}</c> in config values, replaced with the environment variable NAME; a variable that is not set is
/// a config error (reported with the YAML path of the value). Before parsing, each reference is replaced with
/// a placeholder that is a plain YAML word, so that <c>{password: ${PW}}</c> stays valid YAML and a secret
/// full of YAML syntax cannot change the structure; the placeholders are resolved in scalar values after
/// parsing. The substitution is not recursive.
/// </summary>
internal sealed partial class EnvSubstitution
{
    private readonly Func<string, string?> _environment;
    private readonly List<string> _names = [];
    private readonly string _marker = "HESIONEENV" + Convert.ToHexString(Guid.NewGuid().ToByteArray()) + "N";

    public EnvSubstitution(Func<string, string?> environment)
    {
        _environment = environment;
    }

    /// <summary>The config text with every well-formed <c>${NAME}</c> replaced by a placeholder.</summary>
    public string Prepare(string text) => Reference().Replace(text, match =>
    {
        _names.Add(match.Groups[1].Value);
        return _marker + (_names.Count - 1) + "E";
    });

    /// <summary>The scalar value with its references resolved, or null with <paramref name="problem"/> set.</summary>
    public string? Resolve(string value, out string? problem)
    {
        problem = null;
        if (value.Contains("${", StringComparison.Ordinal))
        {
            problem = "malformed ${NAME} reference (NAME must match [A-Za-z_][A-Za-z0-9_]*)";
            return null;
        }
        if (!value.Contains(_marker, StringComparison.Ordinal)) return value;
        string? missing = null;
        var resolved = new Regex(Regex.Escape(_marker) + "([0-9]+)E", RegexOptions.CultureInvariant).Replace(value, match =>
        {
            var name = _names[int.Parse(match.Groups[1].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture)];
            var replacement = _environment(name);
            missing ??= replacement is null ? name : null;
            return replacement ?? "";
        });
        if (missing is null) return resolved;
        problem = $"environment variable {missing} is not set";
        return null;
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
