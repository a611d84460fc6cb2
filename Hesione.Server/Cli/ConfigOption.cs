using System.CommandLine;

namespace Hesione.Server.Cli;

/// <summary>The <c>--config FILE</c> option (default <c>config.yml</c>).</summary>
internal static class ConfigOption
{
    public static Option<string> Create() => new("--config") { Description = "The config file.", DefaultValueFactory = _ => "config.yml" };
}
