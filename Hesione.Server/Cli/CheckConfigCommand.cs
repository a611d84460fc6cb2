using System.CommandLine;
using Hesione.Server.Configuration;
using Hesione.Server.Plan;

namespace Hesione.Server.Cli;

/// <summary>
/// <c>hesione check-config [--config FILE]</c>: prints every problem with its YAML path and exits 1, or
/// prints a summary and exits 0.
/// </summary>
internal static class CheckConfigCommand
{
    public static Command Create()
    {
        var config = ConfigOption.Create();
        var command = new Command("check-config", "Validate the config file and print every problem.") { config };
        command.SetAction(result => Run(result.GetValue(config)!, Console.Out, Console.Error));
        return command;
    }

    internal static int Run(string configPath, TextWriter output, TextWriter error)
    {
        try
        {
            var config = ConfigLoader.Load(configPath);
            foreach (var warning in config.Warnings) error.WriteLine($"{configPath}: warning: {warning}");
            output.WriteLine($"{configPath}: OK, {config.Receivers.Length} receiver(s): {string.Join(", ", config.Receivers.Select(r => r.Name))}");
            return 0;
        }
        catch (ConfigException e)
        {
            foreach (var problem in e.Problems) error.WriteLine($"{configPath}: {problem}");
            return 1;
        }
    }
}
