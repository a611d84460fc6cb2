namespace Hesione.Benchmarks;

/// <summary>The queries measured: a short one, a typical Grafana dashboard query, and a 2 KB one.</summary>
public static class Queries
{
    public const string Short = "up{job=\"api\"}";

    /// <summary>About 150 characters: aggregation, rate, several matchers, a binary operator.</summary>
    public const string Typical =
        "sum by (pod, code) (rate(http_requests_total{job=\"api-server\", code=~\"5..\", method!=\"OPTIONS\"}[5m])) / ignoring (code) group_left sum by (pod) (rate(http_requests_total[5m]))";

    /// <summary>About 2 KB: a dashboard-style sum of many histogram quantiles and ratios.</summary>
    public static readonly string Large = string.Join(" + ", Enumerable.Range(0, 10).Select(i =>
        $"histogram_quantile(0.{i + 1}, sum by (le, pod) (rate(http_request_duration_seconds_bucket{{job=\"api-{i}\", handler=~\"/api/v1/.+\"}}[5m]))) * on (pod) group_left (node) max by (pod, node) (kube_pod_info{{namespace=~\"team-.*\"}})"));
}
