using System.CommandLine;
using Hesione.PromQL.Parsing;

namespace Hesione.Server.Cli;

/// <summary>The <c>--dialect promql|metricsql</c> option of the query verbs.</summary>
internal static class DialectOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--dialect") { Description = "The query language: promql (default) or metricsql.", DefaultValueFactory = _ => "promql" };
        option.AcceptOnlyFromAmong("promql", "metricsql");
        return option;
    }

    public static QueryDialect Parse(string? value) => value == "metricsql" ? QueryDialect.MetricsQL : QueryDialect.PromQL;
}
