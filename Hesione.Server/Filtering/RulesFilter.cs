using System.Text.Json.Nodes;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.Parsing;

namespace Hesione.Server.Filtering;

/// <summary>
/// Filters a Prometheus <c>/api/v1/rules</c> answer to a scope. A rule is kept when its own labels are inside the
/// scope (for a recording rule, with <c>__name__</c> set to the recorded metric name), or when its query reads only
/// series inside the scope (every selector already carries the scope's matchers). A recording rule's labels
/// usually lack the tenant label, hence the second way. The active alerts of a kept alerting rule are then
/// filtered one by one by their own labels; groups left without rules are dropped.
/// </summary>
internal static class RulesFilter
{
    public static void Apply(JsonNode root, LabelScope scope, PromQLParserOptions options)
    {
        var data = JsonShape.Object(JsonShape.Object(root, "answer")["data"], "data");
        JsonShape.RemoveUnless(JsonShape.Array(data["groups"], "data.groups"), groupNode =>
        {
            var rules = JsonShape.Array(JsonShape.Object(groupNode, "group")["rules"], "group.rules");
            JsonShape.RemoveUnless(rules, rule => Keep(JsonShape.Object(rule, "rule"), scope, options));
            return rules.Count > 0;
        });
    }

    private static bool Keep(JsonObject rule, LabelScope scope, PromQLParserOptions options)
    {
        var labels = JsonShape.Labels(rule["labels"], "rule.labels");
        var type = JsonShape.String(rule["type"], "rule.type");
        if (type == "recording") labels[LabelMatcher.MetricNameLabel] = JsonShape.String(rule["name"], "rule.name");
        else if (type != "alerting") return false;
        if (!scope.Admits(labels) && !ScopedQuery.ReadsOnly(JsonShape.String(rule["query"], "rule.query"), scope, options)) return false;
        if (rule["alerts"] is { } alerts) AlertsFilter.Apply(JsonShape.Array(alerts, "rule.alerts"), scope);
        return true;
    }
}
