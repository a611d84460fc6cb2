using System.CommandLine;
using Hesione.PromQL.MetricsQL;
using Hesione.PromQL.Parsing;

namespace Hesione.Server.Cli;

/// <summary><c>hesione format [--dialect promql|metricsql] [--jsonl] [QUERY]</c>: parse, check and print the canonical form.</summary>
internal static class FormatCommand
{
    public static Command Create()
    {
        var jsonl = new Option<bool>("--jsonl") { Description = "Read one JSON string per line from standard input; write one JSON result per line." };
        var query = new Argument<string?>("QUERY") { Description = "The query (read from standard input when absent).", Arity = ArgumentArity.ZeroOrOne };
        var dialect = DialectOption.Create();
        var command = new Command("format", "Parse and check a PromQL or MetricsQL query and print its canonical form.") { dialect, jsonl, query };
        command.SetAction(result => Execute(DialectOption.Parse(result.GetValue(dialect)), result.GetValue(jsonl), result.GetValue(query)));
        return command;
    }

    private static int Execute(QueryDialect dialect, bool jsonl, string? query)
    {
        Func<string, (bool, string)> format = dialect == QueryDialect.MetricsQL ? FormatMetricsQL : Format;
        if (jsonl) return JsonLines.Run(Console.In, Console.Out, format);
        return JsonLines.RunOne(query ?? Console.In.ReadToEnd(), Console.Out, Console.Error, format);
    }

    internal static (bool Ok, string Text) Format(string query)
    {
        var parsed = PromQLParser.Parse(query);
        return parsed.Success ? (true, parsed.Value.ToString()) : (false, parsed.ErrorMessage!);
    }

    internal static (bool Ok, string Text) FormatMetricsQL(string query)
    {
        var parsed = MetricsQLParser.Parse(query);
        return parsed.Success ? (true, parsed.Value.ToString()) : (false, parsed.ErrorMessage!);
    }
}
