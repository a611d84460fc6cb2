using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hesione.Server.Configuration;

/// <summary>
/// The first stage of loading a config: YAML text, <c>${ENV}</c> substituted in values, into <see cref="ProxySettings"/>.
/// Problems of shape (unknown keys, wrong types, values out of range) go to <see cref="ConfigProblems"/> with their
/// paths; text that is not one YAML document stops here (<see cref="ConfigException"/>).
/// </summary>
internal static class ConfigReader
{
    /// <summary>The settings, or null when the root is not a mapping (a problem recorded).</summary>
    public static ProxySettings? Read(string text, Func<string, string?> environment, ConfigProblems problems)
    {
        var substitution = new EnvSubstitution(environment);
        var stream = new YamlStream();
        var prepared = substitution.Prepare(text);
        try
        {
            stream.Load(new StringReader(prepared));
        }
        catch (YamlException e)
        {
            problems.Add("", YamlSyntaxError.Describe(e, prepared));
            problems.ThrowIfAny();
        }
        if (stream.Documents.Count != 1)
        {
            problems.Add("", stream.Documents.Count == 0 ? "the config is empty" : "the config must be a single YAML document");
            problems.ThrowIfAny();
        }
        return new SettingsBinder(new YamlValues(problems, substitution)).Read<ProxySettings>(stream.Documents[0].RootNode, "");
    }
}
