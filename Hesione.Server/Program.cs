using System.CommandLine;
using Hesione.Server.Cli;
using Hesione.Server.Runtime;

SocketCompletions.ApplyDefaults();

var root = new RootCommand("Hesione: a label-enforcing PromQL proxy.")
{
    ServeCommand.Create(),
    CheckConfigCommand.Create(),
    FormatCommand.Create(),
    EnforceCommand.Create(),
    HealthcheckCommand.Create(),
};
ServeCommand.AddTo(root);
return await root.Parse(args).InvokeAsync();
