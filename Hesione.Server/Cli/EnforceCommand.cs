using System.CommandLine;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.MetricsQL;
using Hesione.PromQL.Parsing;

namespace Hesione.Server.Cli;

/// <summary>
/// <c>hesione enforce --label NAME=VALUE ... [--label-regex NAME=RE ...] [--metric RE ...] [--on-conflict reject] [--dialect promql|metricsql] [--jsonl] [QUERY]</c>:
/// parse, check, enforce a scope and print the enforced query. A repeated <c>--label</c> (or <c>--label-regex</c>) with one
/// name means several values; regexes follow the config's <c>label_regex</c> rules (RE2, must not match the empty string).
/// </summary>
internal static class EnforceCommand
{
    public static Command Create()
    {
        var labels = new Option<string[]>("--label") { Description = "A scope label NAME=VALUE; repeat a name for several values.", AllowMultipleArgumentsPerToken = false, Arity = ArgumentArity.ZeroOrMore };
        var labelRegexes = new Option<string[]>("--label-regex") { Description = "A scope label NAME=RE (RE2, must not match the empty string); repeat a name for several.", Arity = ArgumentArity.ZeroOrMore };
        var metrics = new Option<string[]>("--metric") { Description = "A metric-name regex (RE2); repeat for several.", Arity = ArgumentArity.ZeroOrMore };
        var onConflict = new Option<string>("--on-conflict") { Description = "intersect (default) or reject.", DefaultValueFactory = _ => "intersect" };
        onConflict.AcceptOnlyFromAmong("intersect", "reject");
        var jsonl = new Option<bool>("--jsonl") { Description = "Read one JSON string per line from standard input; write one JSON result per line." };
        var query = new Argument<string?>("QUERY") { Description = "The query (read from standard input when absent).", Arity = ArgumentArity.ZeroOrOne };
        var dialect = DialectOption.Create();
        var command = new Command("enforce", "Enforce a label scope on a PromQL or MetricsQL query and print the result.") { labels, labelRegexes, metrics, onConflict, dialect, jsonl, query };
        command.SetAction(result =>
        {
            Func<string, EnforcementResult<string>> enforceQuery;
            try
            {
                var scope = BuildScope(result.GetValue(labels) ?? [], result.GetValue(labelRegexes) ?? [], result.GetValue(metrics) ?? [], result.GetValue(onConflict));
                enforceQuery = DialectOption.Parse(result.GetValue(dialect)) == QueryDialect.MetricsQL
                    ? new MetricsQLEnforcer(scope).EnforceQuery
                    : new LabelEnforcer(scope).EnforceQuery;
            }
            catch (ScopeException e)
            {
                Console.Error.WriteLine($"hesione enforce: {e.Message}");
                return ExitCodes.Usage;
            }
            (bool, string) Enforce(string q)
            {
                var enforced = enforceQuery(q);
                return enforced.Success ? (true, enforced.Value) : (false, enforced.Error);
            }
            return result.GetValue(jsonl)
                ? JsonLines.Run(Console.In, Console.Out, Enforce)
                : JsonLines.RunOne(result.GetValue(query) ?? Console.In.ReadToEnd(), Console.Out, Console.Error, Enforce);
        });
        return command;
    }

    internal static LabelScope BuildScope(IEnumerable<string> labels, IEnumerable<string> labelRegexes, IEnumerable<string> metrics, string? onConflict)
    {
        var constraints = Constraints("--label", labels, LabelConstraint.Literal)
            .Concat(Constraints("--label-regex", labelRegexes, LabelConstraint.Regexes));
        return new LabelScope(constraints, metrics, onConflict == "reject" ? OnConflict.Reject : OnConflict.Intersect);
    }

    /// <summary>One constraint per label name, in order of first appearance, with every value given for that name.</summary>
    private static IEnumerable<LabelConstraint> Constraints(string option, IEnumerable<string> arguments, Func<string, IEnumerable<string>, LabelConstraint> create)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var argument in arguments)
        {
            var eq = argument.IndexOf('=');
            if (eq <= 0) throw new ScopeException($"{option} {argument}: expected NAME={(option == "--label" ? "VALUE" : "RE")}");
            var name = argument[..eq];
            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
                order.Add(name);
            }
            list.Add(argument[(eq + 1)..]);
        }
        return order.Select(name => create(name, values[name])).ToList();
    }
}
