using Hesione.Server.Configuration;

namespace Hesione.Server.Plan;

/// <summary>
/// Loads <c>config.yml</c> in three stages: read the YAML into settings (<see cref="ConfigReader"/>), validate them
/// (<see cref="ConfigValidator"/>), load the files they name (<see cref="ConfigFiles"/>) and compile them into the
/// runtime plan (<see cref="PlanCompiler"/>). Throws <see cref="ConfigException"/> listing every problem of the first
/// three stages with its YAML path, in document order.
/// </summary>
internal static class ConfigLoader
{
    public static ProxyConfig Load(string path, Func<string, string?>? environment = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (ConfigReadError.IsReadFailure(e))
        {
            throw new ConfigException([ConfigReadError.Describe(path, e)]);
        }
        return Parse(text, Path.GetDirectoryName(Path.GetFullPath(path))!, environment);
    }

    /// <summary>Parses config text; relative certificate and key file paths are taken from <paramref name="baseDirectory"/>.</summary>
    public static ProxyConfig Parse(string text, string baseDirectory, Func<string, string?>? environment = null)
    {
        var problems = new ConfigProblems();
        var warnings = new List<string>();
        var settings = ConfigReader.Read(text, environment ?? Environment.GetEnvironmentVariable, problems);
        if (settings is null) problems.ThrowIfAny();
        ConfigValidator.Validate(settings!, problems, warnings);
        var files = ConfigFiles.Load(settings!, baseDirectory, problems);
        problems.ThrowIfAny();
        return PlanCompiler.Compile(settings!, files, warnings);
    }
}
