using System.CommandLine;
using Hesione.PromQL.Parsing;

namespace Hesione.Server.Cli;

/// <summary><c>hesione format [--jsonl] [QUERY]</c>: parse, check and print the canonical form.</summary>
internal static class FormatCommand
{
    public static Command Create()
    {
        var jsonl = new Option<bool>("--jsonl") { Description = "Read one JSON string per line from standard input; write one JSON result per line." };
        var query = new Argument<string?>("QUERY") { Description = "The query (read from standard input when absent).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("format", "Parse and check a PromQL query and print its canonical form.") { jsonl, query };
        command.SetAction(result => Execute(result.GetValue(jsonl), result.GetValue(query)));
        return command;
    }

    private static int Execute(bool jsonl, string? query)
    {
        if (jsonl) return JsonLines.Run(Console.In, Console.Out, Format);
        return JsonLines.RunOne(query ?? Console.In.ReadToEnd(), Console.Out, Console.Error, Format);
    }

    internal static (bool Ok, string Text) Format(string query)
    {
        var parsed = PromQLParser.Parse(query);
        return parsed.Success ? (true, parsed.Value.ToString()) : (false, parsed.ErrorMessage!);
    }
}
