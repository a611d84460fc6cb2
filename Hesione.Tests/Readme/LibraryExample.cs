using Hesione.PromQL.Enforcement;
using Hesione.PromQL.Parsing;

namespace Hesione.Tests.Readme;

/// <summary>The library example of README.md, compiled and run by <see cref="ReadmeTests"/>.</summary>
public static class LibraryExample
{
    public static IReadOnlyList<string> Run()
    {
        var lines = new List<string>();
        // README-BEGIN
        // Parse and check a query exactly as Prometheus would.
        var parsed = PromQLParser.Parse("sum by (pod) (rate(http_requests_total{code=~\"5..\"}[5m]))");
        if (!parsed.Success)
            throw new InvalidOperationException(parsed.ErrorMessage); // "1:5: parse error: ..."

        // Enforce a tenant's scope: every selector gets namespace=~"team-a|team-a-staging".
        var scope = new LabelScope([LabelConstraint.Literal("namespace", ["team-a", "team-a-staging"])]);
        var enforcer = new LabelEnforcer(scope);
        var enforced = enforcer.Enforce(parsed.Value);

        // Print the canonical form (what Prometheus's format_query gives).
        lines.Add(enforced.Value!.ToString());
        // sum by (pod) (rate(http_requests_total{code=~"5..",namespace=~"team-a|team-a-staging"}[5m]))

        // Or all in one step, from text to text, refusing invalid queries:
        var result = enforcer.EnforceQuery("up or absent(up)");
        lines.Add(result.Success ? result.Value : result.Error);
        // up{namespace=~"team-a|team-a-staging"} or absent(up{namespace=~"team-a|team-a-staging"})
        // README-END
        return lines;
    }
}
