using System.CommandLine;
using Hesione.Server.Cli;

var root = new RootCommand("Hesione: a label-enforcing PromQL proxy.")
{
    FormatCommand.Create(),
    EnforceCommand.Create(),
};
return root.Parse(args).Invoke();
