using System.Text.Json.Nodes;
using Hesione.PromQL.Enforcement;

namespace Hesione.Server.Filtering;

/// <summary>
/// Keeps the alerts whose labels are inside a scope: Prometheus <c>/api/v1/alerts</c> and the alerts of a rule, and
/// Alertmanager <c>/api/v2/alerts</c> and <c>/api/v2/alerts/groups</c>. Alerts carry no metric name, so a receiver
/// with a metric-name scope sees none (fail closed).
/// </summary>
internal static class AlertsFilter
{
    /// <summary>Filters an array of alerts in place.</summary>
    public static void Apply(JsonArray alerts, LabelScope scope) =>
        JsonShape.RemoveUnless(alerts, alert => scope.Admits(JsonShape.Labels(JsonShape.Object(alert, "alert")["labels"], "alert.labels")));

    /// <summary>Filters a Prometheus <c>/api/v1/alerts</c> answer (<c>{"data":{"alerts":[...]}}</c>).</summary>
    public static void ApplyPrometheus(JsonNode root, LabelScope scope) =>
        Apply(JsonShape.Array(JsonShape.Object(JsonShape.Object(root, "answer")["data"], "data")["alerts"], "data.alerts"), scope);

    /// <summary>Filters an Alertmanager <c>/api/v2/alerts/groups</c> answer: the alerts of each group; groups left empty are dropped.</summary>
    public static void ApplyGroups(JsonNode root, LabelScope scope) =>
        JsonShape.RemoveUnless(JsonShape.Array(root, "answer"), group =>
        {
            var alerts = JsonShape.Array(JsonShape.Object(group, "group")["alerts"], "group.alerts");
            Apply(alerts, scope);
            return alerts.Count > 0;
        });
}
