using Hesione.Tests.Backends;

namespace Hesione.Tests.Isolation;

/// <summary>
/// PromQL queries for the isolation oracle: through a receiver on the all-tenant backend, each must answer exactly what
/// the backend holding only the receiver's scope answers. Every query here is evaluable by both Prometheus 2.42 and
/// VictoriaMetrics 1.79 (see <c>OracleTests.Every_query_is_valid_on_the_oracles</c>). Queries are chosen so the
/// answer does not depend on the scope in any way other than through the data (e.g. <c>absent()</c> of a missing
/// metric is wrapped in <c>sum</c>, because its labels come from the selector's equality matchers).
/// </summary>
public static class OracleQueries
{
    public static readonly string AtTime = (TestData.End - 1800).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static readonly IReadOnlyList<string> All =
    [
        // Plain selectors and aggregations.
        "up",
        "http_requests_total",
        "sum(http_requests_total)",
        "sum by (namespace) (rate(http_requests_total[5m]))",
        "sum by (namespace, code) (increase(http_requests_total[10m]))",
        "avg without (pod) (container_memory_bytes)",
        "max by (namespace) (container_memory_bytes)",
        "min(container_memory_bytes)",
        "count(up == 1)",
        "count by (namespace) (up)",
        "group by (namespace, pod) (http_requests_total)",
        "quantile(0.5, container_memory_bytes)",
        "stddev by (namespace) (container_memory_bytes)",
        "-up",

        // Joins.
        "kube_pod_info * on (namespace, pod) group_left (container) container_memory_bytes",
        "sum by (namespace, pod) (rate(http_requests_total[5m])) * on (namespace, pod) group_left (node) kube_pod_info",
        "rate(http_requests_total[5m]) / ignoring (code) group_left sum without (code) (rate(http_requests_total[5m]))",
        "sum by (namespace) (http_requests_total) / on (namespace) count by (namespace) (up)",
        "kube_pod_info * on (node) group_left (instance) label_replace(node_load1, \"node\", \"$1\", \"instance\", \"(.*)\")",
        "http_requests_total unless on (namespace, pod) (up == 0)",
        "up and on (namespace, pod) (container_memory_bytes > 300000000)",

        // Foreign metrics (series without namespace) must never appear.
        "sum(rate(http_requests_total[5m])) or node_load1",
        "node_load1",
        "machine_cpu_cores or up",
        "up or on () vector(0)",
        "{__name__=~\".+\"}",
        "count({__name__=~\".+\"})",
        "count by (__name__) ({__name__=~\".+\"})",
        "{__name__=~\"up|node_load1|machine_cpu_cores\"}",
        "http_requests_total{pod=\"orphan\"}",

        // Subqueries, offset, @.
        "max_over_time(sum(rate(http_requests_total[5m]))[30m:1m])",
        "rate(http_requests_total[5m] offset 1h)",
        "sum(container_memory_bytes offset 30m)",
        $"sum(http_requests_total @ {AtTime})",
        $"sum by (namespace) (rate(http_requests_total[5m] @ {AtTime}))",
        "min_over_time(up[1h:5m] offset 10m)",

        // Label functions.
        "label_replace(up, \"ns_copy\", \"$1\", \"namespace\", \"(.*)\")",
        "label_join(kube_pod_info, \"id\", \"/\", \"namespace\", \"pod\")",

        // Histograms, sorting, selection.
        "histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
        "histogram_quantile(0.9, sum by (namespace, le) (rate(http_request_duration_seconds_bucket[5m])))",
        "topk(2, container_memory_bytes)",
        "bottomk(2, sum by (pod) (rate(http_requests_total[5m])))",
        "sort_desc(sum by (pod) (container_memory_bytes))",
        "count_values(\"value\", up)",

        // absent, literals, scalars.
        "absent(up)",
        "sum(absent(no_such_metric))",
        "scalar(absent_over_time(no_such_metric[5m]))", // VM 1.79 keeps the selector labels in sum(absent_over_time(...))
        "vector(1)",
        "time()",
        "1 + 1",
        "up > 0",
        "container_memory_bytes > bool 300000000",
        "sum(up) > 2",
        "scalar(sum(up)) * 2",
        "sum(rate(http_requests_total[5m])) / scalar(count(up))",

        // Range functions.
        "increase(http_requests_total{code=\"500\"}[15m])",
        "predict_linear(container_memory_bytes[30m], 3600)",
        "changes(up[2h])",
        "resets(http_requests_total[1h])",
        "quantile_over_time(0.9, container_memory_bytes[10m])",
        "avg_over_time(container_memory_bytes[10m])",
        "last_over_time(up[10m])",
        "deriv(container_memory_bytes[10m])",
        "holt_winters(container_memory_bytes[10m], 0.5, 0.5)", // Prometheus 2.x name (3.x: double_exponential_smoothing)
        "avg(rate(http_request_duration_seconds_sum[5m]) / rate(http_request_duration_seconds_count[5m]))",

        // User matchers on the scoped label, inside and outside the scope, and attempts to widen it.
        "up{namespace=\"team-a\"}",
        "up{namespace=\"team-b\"}",
        "up{namespace=\"dot.ns\"}",
        "up{namespace=\"dotXns\"}",
        "up{namespace=~\".*\"}",
        "up{namespace!=\"team-a\"}",
        "up{namespace!~\"team-a\"}",
        "up{namespace=\"\"}",
        "up{namespace=~\"team-a|team-b\"}",
        "up{namespace=~\"team-a.*\"}",
        "up{namespace=~\"dot.ns\"}",
        "up{namespace=~\"dot.*\"}",
        "{__name__=~\".+\",namespace=\"team-b\"}",
        "sum by (namespace) (rate(http_requests_total{namespace=~\"team-.*\"}[5m]))",
        "count by (namespace) (up{namespace!=\"\"})",
    ];
}
