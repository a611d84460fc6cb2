using System.CommandLine;
using Hesione.Server.Cli;
using Hesione.Server.Hosting;

SocketCompletions.ApplyDefaults();

var root = new RootCommand("Hesione: a label-enforcing PromQL proxy. " + ExitCodes.Description)
{
    ServeCommand.Create(),
    CheckConfigCommand.Create(),
    FormatCommand.Create(),
    EnforceCommand.Create(),
    HealthcheckCommand.Create(),
};
ServeCommand.AddTo(root);
var parsed = root.Parse(args);
var status = await parsed.InvokeAsync();
// System.CommandLine reports its own parse errors (and prints help) with 1; they are usage errors.
return parsed.Errors.Count > 0 ? ExitCodes.Usage : status;
