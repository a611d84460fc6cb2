namespace Hesione.Tests.Isolation;

/// <summary>
/// MetricsQL queries for the isolation oracle on VictoriaMetrics (receivers of flavor victoriametrics read
/// queries as MetricsQL by default): rollups without a window, step windows, WITH templates, unions, label
/// manipulation into the scope label, limit, default/if/ifnot, aggr_over_time, quantiles, outliersk...
/// Each is understood by VictoriaMetrics 1.79, the version the tests run against (no WITH durations, no
/// or-filters in braces there), and has one answer: no ties for <c>any</c>/<c>limit</c>/<c>outliersk</c> to break,
/// no label rewriting that makes two tenants' series collide.
/// </summary>
public static class MetricsQLOracleQueries
{
    public static readonly IReadOnlyList<string> All =
    [
        // Rollups without a window and with step windows.
        "rate(http_requests_total)",
        "sum(rate(http_requests_total)) by (namespace)",
        "increase(http_requests_total[10i])",
        "rollup_rate(http_requests_total[10m])",
        "max_over_time(container_memory_bytes)",
        "sum_over_time(up[1h]) / 1h",
        "rate(http_requests_total[5m] offset -1m)",
        "histogram_over_time(container_memory_bytes[10m])",
        "aggr_over_time((\"min_over_time\", \"max_over_time\"), container_memory_bytes[10m])",
        "lag(up[10m])",
        // WITH templates (variables, functions, label-filter lists, nested).
        "WITH (f = {code=\"200\"}) sum(rate(http_requests_total{f}[5m])) by (namespace)",
        "with (q(m) = rate(m[5m])) sum(q(http_requests_total)) / count(q(http_requests_total))",
        "with (sel = {pod=\"api-1\"}, peak(m) = max_over_time(m[15m])) peak(container_memory_bytes{sel})",
        "with (outer(x) = with (inner(y) = y * 2) inner(x) + 1) outer(up)",
        "ru(container_memory_bytes, container_memory_bytes * 2)",
        // Unions, label manipulation into the scope label.
        "union(up, node_load1, machine_cpu_cores)",
        "(up, kube_pod_info)",
        "max(label_set(up, \"namespace\", \"team-b\")) by (namespace, pod)",
        "max(label_map(up, \"namespace\", \"team-a\", \"team-b\", \"dot.ns\", \"team-b\")) by (namespace, pod)",
        "label_copy(kube_pod_info, \"node\", \"namespace\")",
        "label_move(kube_pod_info, \"node\", \"namespace\")",
        "count(label_del(up, \"namespace\")) by (pod)",
        "alias(sum(up), \"renamed\")",
        "label_join(up, \"tenant\", \"/\", \"namespace\", \"pod\")",
        "sum(label_set(up, \"namespace\", \"team-b\")) by (namespace)",
        // Aggregates of MetricsQL, limit, modifiers.
        "count(up) by (namespace, pod) limit 100",
        "topk_max(2, container_memory_bytes)",
        "bottomk_avg(1, container_memory_bytes) by (namespace)",
        "quantiles(\"phi\", 0.5, 0.9, container_memory_bytes)",
        "outliersk(10, container_memory_bytes)",
        "median(container_memory_bytes) by (namespace)",
        "mode(up) by (namespace)",
        // Operators of MetricsQL.
        "up default 0",
        "container_memory_bytes if up > 0",
        "container_memory_bytes ifnot up == 0",
        "sum(rate(http_requests_total[5m])) by (namespace) default 0",
        "up * 1Ki",
        // Transforms.
        "range_median(container_memory_bytes)",
        "running_sum(up)",
        "sort_by_label(up, \"pod\")",
        "limit_offset(1, 1, sort_by_label(up, \"namespace\", \"pod\"))",
        "keep_last_value(up)",
        "timestamp(up)",
        "drop_common_labels(kube_pod_info)",
        // Series of no tenant must never appear, whatever the selector.
        "count({__name__=~\"up|node_load1|machine_cpu_cores\"}) by (__name__)",
        "node_load1 or machine_cpu_cores",
        "max_over_time(sum(rate(http_requests_total))[30m:1m])",
    ];
}
