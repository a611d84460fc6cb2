using System.CommandLine;
using Hesione.Server.Configuration;
using Hesione.Server.Hosting;
using Hesione.Server.Plan;

namespace Hesione.Server.Cli;

/// <summary>
/// <c>hesione [serve] [--config FILE] [--listen HOST:PORT] [--internal-listen HOST:PORT] [--log-level LEVEL]</c>: runs
/// the proxy until SIGTERM or Ctrl-C, reloading the config file when it changes or on SIGHUP. An invalid config at start
/// (or an internal listen address that clashes with the listen address) prints every problem and exits 1.
/// </summary>
internal static class ServeCommand
{
    private const string DefaultListen = "0.0.0.0:8000";

    public static Command Create()
    {
        var command = new Command("serve", "Run the proxy (the default when no verb is given).");
        AddTo(command);
        return command;
    }

    /// <summary>Adds the options and the serve action to <paramref name="command"/> (the root command too, so that <c>serve</c> is the default verb).</summary>
    public static void AddTo(Command command)
    {
        var config = ConfigOption.Create();
        var listen = new Option<string?>("--listen") { Description = $"HOST:PORT to listen on (overrides listen: in the config; default {DefaultListen})." };
        var internalListen = new Option<string?>("--internal-listen")
        {
            Description = "HOST:PORT of the internal listener, the only one then serving /metrics, /health and /-/ready (overrides internal_listen: in the config).",
        };
        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "The minimum log level (Debug also logs every enforced query).",
            DefaultValueFactory = _ => LogLevel.Information,
        };
        command.Options.Add(config);
        command.Options.Add(listen);
        command.Options.Add(internalListen);
        command.Options.Add(logLevel);
        command.SetAction((result, cancellationToken) =>
            RunAsync(result.GetValue(config)!, result.GetValue(listen), new ProxyHostOptions { MinimumLevel = result.GetValue(logLevel), InternalListen = result.GetValue(internalListen) }, cancellationToken));
    }

    private static async Task<int> RunAsync(string configPath, string? listen, ProxyHostOptions options, CancellationToken cancellationToken)
    {
        if (listen is not null && ListenAddress.Parse(listen) is null)
        {
            Console.Error.WriteLine($"hesione: --listen {listen}: {ListenAddress.Syntax}");
            return ExitCodes.Usage;
        }
        try
        {
            var config = ConfigLoader.Load(configPath);
            foreach (var warning in config.Warnings) Console.Error.WriteLine($"hesione: {configPath}: warning: {warning}");
            await using var host = await ProxyHost.StartAsync(config, configPath, listen ?? config.Listen ?? DefaultListen, options, cancellationToken);
            await host.WaitForShutdownAsync(cancellationToken);
            return 0;
        }
        catch (ConfigException e)
        {
            foreach (var problem in e.Problems) Console.Error.WriteLine($"hesione: {configPath}: {problem}");
            return ExitCodes.Failure;
        }
        catch (IOException e)
        {
            // Kestrel's words name the address and the reason: "Failed to bind to address http://...: address already in use."
            Console.Error.WriteLine($"hesione: cannot listen: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
