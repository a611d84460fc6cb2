using System.Globalization;
using System.Text;

namespace Hesione.Tests.Backends;

/// <summary>One synthetic series: a metric name, its labels (without <c>__name__</c>) and a closed-form value per step.</summary>
public sealed record SyntheticSeries(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, Func<int, double> ValueAt)
{
    /// <summary>The value of the <c>namespace</c> label, or null when the series has none (a "foreign" series).</summary>
    public string? Namespace => Labels.FirstOrDefault(l => l.Key == "namespace").Value;

    /// <summary>The OpenMetrics / Prometheus text form of the series identity, e.g. <c>up{job="api",namespace="team-a"}</c>.</summary>
    public string Identity
    {
        get
        {
            if (Labels.Count == 0)
            {
                return Name;
            }

            var sb = new StringBuilder(Name).Append('{');
            for (var i = 0; i < Labels.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                sb.Append(Labels[i].Key).Append("=\"").Append(EscapeLabelValue(Labels[i].Value)).Append('"');
            }

            return sb.Append('}').ToString();
        }
    }

    private static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
}

/// <summary>
/// Deterministic multi-tenant data set (no randomness, closed-form values) shared by every real-backend test.
/// <para>
/// Tenants are told apart by the label <c>namespace</c>. Each tenant has the index <see cref="TenantIndex"/> (t = 1…)
/// and three pods <c>api-0</c>, <c>api-1</c>, <c>api-2</c> (p = 0, 1, 2). Samples every <see cref="StepSeconds"/> s,
/// <see cref="Points"/> points per series, the last one at <see cref="End"/>; step i = 0 … Points-1 lies at
/// <c>Start + 15 i</c>.
/// </para>
/// <list type="bullet">
/// <item><c>http_requests_total{namespace,pod,method,code,job="api"}</c>: counter growing by exactly
/// <see cref="RequestRate"/> per second (value at step i = 15 · rate · i), so <c>rate()</c> over aligned windows is an integer.</item>
/// <item><c>http_request_duration_seconds_bucket{le}</c>, <c>_sum</c>, <c>_count</c>: classic histogram whose cumulative
/// per-second bucket rates are t·(p+1)·[1, 3, 4, 6, 8] for le = [0.1, 0.25, 0.5, 1, +Inf]; <c>_sum</c> grows by t·(p+1)·2/s,
/// <c>_count</c> by t·(p+1)·8/s.</item>
/// <item><c>up{namespace,pod,job="api"}</c>: 1, except team-b/api-1 (0 for the last hour, steps ≥ 480) and dot.ns/api-0
/// (0 for steps 600…659).</item>
/// <item><c>kube_pod_info{namespace,pod,node,job="kube-state-metrics"}</c> = 1 with node = node-((t+p) mod 2).</item>
/// <item><c>container_memory_bytes{namespace,pod,container="app"}</c> = t·2^27 + p·2^22 + (i mod 20)·2^16.</item>
/// <item>Foreign series (no namespace label, visible to no tenant): <c>node_load1{instance,job="node"}</c>,
/// <c>machine_cpu_cores{instance}</c>, <c>up{instance="node-0",job="node"}</c> and
/// <c>http_requests_total{pod="orphan",...}</c>.</item>
/// </list>
/// All values are integers or small dyadic fractions, so sums are exact in any order.
/// </summary>
public static class TestData
{
    /// <summary>Timestamp of the last sample: 2025-01-01T00:00:00Z.</summary>
    public const long End = 1735689600;

    public const int StepSeconds = 15;

    /// <summary>3 hours of samples.</summary>
    public const int Points = 720;

    /// <summary>Timestamp of the first sample.</summary>
    public const long Start = End - ((Points - 1) * StepSeconds);

    /// <summary>The tenants (values of <c>namespace</c>). <c>dotXns</c> is a trap for an unescaped <c>dot.ns</c> regex,
    /// <c>team-a-staging</c> one for an unanchored <c>team-a</c> regex.</summary>
    public static readonly IReadOnlyList<string> Tenants = ["team-a", "team-b", "team-c", "dot.ns", "dotXns", "team-a-staging"];

    public static readonly IReadOnlyList<string> Pods = ["api-0", "api-1", "api-2"];

    public static readonly IReadOnlyList<string> Nodes = ["node-0", "node-1"];

    private static readonly (string Method, int Factor)[] Methods = [("GET", 3), ("POST", 1)];
    private static readonly (string Code, int Factor)[] Codes = [("200", 4), ("404", 2), ("500", 1)];
    private static readonly (string Le, int Rate)[] Buckets = [("0.1", 1), ("0.25", 3), ("0.5", 4), ("1", 6), ("+Inf", 8)];

    private static readonly Lazy<IReadOnlyList<SyntheticSeries>> AllSeries = new(BuildSeries);

    /// <summary>Every series of the data set, in a fixed order (grouped by metric family).</summary>
    public static IReadOnlyList<SyntheticSeries> Series => AllSeries.Value;

    /// <summary>1-based index t of a tenant.</summary>
    public static int TenantIndex(string tenant)
    {
        for (var i = 0; i < Tenants.Count; i++)
        {
            if (Tenants[i] == tenant)
            {
                return i + 1;
            }
        }

        throw new ArgumentException($"unknown tenant {tenant}", nameof(tenant));
    }

    /// <summary>Per-second rate of <c>http_requests_total</c> for one series.</summary>
    public static int RequestRate(string tenant, int pod, string method, string code) =>
        TenantIndex(tenant) * (pod + 1) * Methods.Single(m => m.Method == method).Factor * Codes.Single(c => c.Code == code).Factor;

    /// <summary>Per-second rate of all <c>http_requests_total</c> series of a tenant (sum over pods, methods, codes).</summary>
    public static int TenantRequestRate(string tenant) =>
        Enumerable.Range(0, Pods.Count).Sum(p => Methods.Sum(m => Codes.Sum(c => RequestRate(tenant, p, m.Method, c.Code))));

    /// <summary>Timestamp of step i.</summary>
    public static long TimeOf(int step) => Start + ((long)step * StepSeconds);

    /// <summary>Series whose <c>namespace</c> is one of <paramref name="tenants"/> (foreign series are never included).</summary>
    public static IEnumerable<SyntheticSeries> ForTenants(IReadOnlyCollection<string> tenants) =>
        Series.Where(s => s.Namespace is { } ns && tenants.Contains(ns));

    /// <summary>
    /// OpenMetrics text (timestamps in seconds, ending with <c># EOF</c>) for
    /// <c>promtool tsdb create-blocks-from openmetrics</c>.
    /// </summary>
    public static void WriteOpenMetrics(TextWriter writer, IEnumerable<SyntheticSeries> series)
    {
        string? family = null;
        foreach (var s in series)
        {
            var (fam, type) = FamilyOf(s.Name);
            if (fam != family)
            {
                family = fam;
                writer.Write("# TYPE ");
                writer.Write(fam);
                writer.Write(' ');
                writer.Write(type);
                writer.Write('\n');
            }

            var identity = s.Identity;
            for (var i = 0; i < Points; i++)
            {
                writer.Write(identity);
                writer.Write(' ');
                writer.Write(FormatValue(s.ValueAt(i)));
                writer.Write(' ');
                writer.Write(TimeOf(i).ToString(CultureInfo.InvariantCulture));
                writer.Write('\n');
            }
        }

        writer.Write("# EOF\n");
    }

    /// <summary>Prometheus text exposition format with millisecond timestamps, for VictoriaMetrics'
    /// <c>/api/v1/import/prometheus</c>.</summary>
    public static void WritePrometheusText(TextWriter writer, IEnumerable<SyntheticSeries> series)
    {
        foreach (var s in series)
        {
            var identity = s.Identity;
            for (var i = 0; i < Points; i++)
            {
                writer.Write(identity);
                writer.Write(' ');
                writer.Write(FormatValue(s.ValueAt(i)));
                writer.Write(' ');
                writer.Write((TimeOf(i) * 1000).ToString(CultureInfo.InvariantCulture));
                writer.Write('\n');
            }
        }
    }

    public static string FormatValue(double v) =>
        v == Math.Floor(v) && Math.Abs(v) < 1e15
            ? ((long)v).ToString(CultureInfo.InvariantCulture)
            : v.ToString("R", CultureInfo.InvariantCulture);

    private static (string Family, string Type) FamilyOf(string name) => name switch
    {
        "http_requests_total" => ("http_requests", "counter"),
        _ when name.StartsWith("http_request_duration_seconds", StringComparison.Ordinal) => ("http_request_duration_seconds", "histogram"),
        _ => (name, "gauge"),
    };

    private static KeyValuePair<string, string> L(string name, string value) => new(name, value);

    private static IReadOnlyList<SyntheticSeries> BuildSeries()
    {
        var list = new List<SyntheticSeries>();

        // Counter family (plus one foreign series without namespace: must stay invisible to every tenant).
        foreach (var tenant in Tenants)
        {
            for (var p = 0; p < Pods.Count; p++)
            {
                foreach (var (method, _) in Methods)
                {
                    foreach (var (code, _) in Codes)
                    {
                        var perStep = (long)RequestRate(tenant, p, method, code) * StepSeconds;
                        list.Add(new SyntheticSeries(
                            "http_requests_total",
                            [L("code", code), L("job", "api"), L("method", method), L("namespace", tenant), L("pod", Pods[p])],
                            i => perStep * i));
                    }
                }
            }
        }

        list.Add(new SyntheticSeries(
            "http_requests_total",
            [L("code", "200"), L("job", "api"), L("method", "GET"), L("pod", "orphan")],
            i => 7L * StepSeconds * i));

        // Histogram family: all _bucket, then _sum, then _count per series group (one family, contiguous).
        foreach (var tenant in Tenants)
        {
            var t = TenantIndex(tenant);
            for (var p = 0; p < Pods.Count; p++)
            {
                var scale = (long)t * (p + 1) * StepSeconds;
                foreach (var (le, rate) in Buckets)
                {
                    var perStep = scale * rate;
                    list.Add(new SyntheticSeries(
                        "http_request_duration_seconds_bucket",
                        [L("job", "api"), L("le", le), L("namespace", tenant), L("pod", Pods[p])],
                        i => perStep * i));
                }

                list.Add(new SyntheticSeries(
                    "http_request_duration_seconds_sum",
                    [L("job", "api"), L("namespace", tenant), L("pod", Pods[p])],
                    i => scale * 2 * i));
                list.Add(new SyntheticSeries(
                    "http_request_duration_seconds_count",
                    [L("job", "api"), L("namespace", tenant), L("pod", Pods[p])],
                    i => scale * 8 * i));
            }
        }

        // up: team-b/api-1 down for the last hour, dot.ns/api-0 flapping for 15 minutes; plus a foreign target.
        foreach (var tenant in Tenants)
        {
            for (var p = 0; p < Pods.Count; p++)
            {
                Func<int, double> value = (tenant, p) switch
                {
                    ("team-b", 1) => i => i >= Points - 240 ? 0 : 1,
                    ("dot.ns", 0) => i => i is >= 600 and < 660 ? 0 : 1,
                    _ => _ => 1,
                };
                list.Add(new SyntheticSeries("up", [L("job", "api"), L("namespace", tenant), L("pod", Pods[p])], value));
            }
        }

        list.Add(new SyntheticSeries("up", [L("instance", "node-0"), L("job", "node")], _ => 1));

        foreach (var tenant in Tenants)
        {
            var t = TenantIndex(tenant);
            for (var p = 0; p < Pods.Count; p++)
            {
                var node = Nodes[(t + p) % Nodes.Count];
                list.Add(new SyntheticSeries(
                    "kube_pod_info",
                    [L("job", "kube-state-metrics"), L("namespace", tenant), L("node", node), L("pod", Pods[p])],
                    _ => 1));
            }
        }

        foreach (var tenant in Tenants)
        {
            var t = TenantIndex(tenant);
            for (var p = 0; p < Pods.Count; p++)
            {
                var baseline = (t * (1L << 27)) + (p * (1L << 22));
                list.Add(new SyntheticSeries(
                    "container_memory_bytes",
                    [L("container", "app"), L("namespace", tenant), L("pod", Pods[p])],
                    i => baseline + ((i % 20) * (1L << 16))));
            }
        }

        for (var n = 0; n < Nodes.Count; n++)
        {
            var offset = n;
            list.Add(new SyntheticSeries("node_load1", [L("instance", Nodes[n]), L("job", "node")], i => 0.25 * ((i + offset) % 8)));
        }

        for (var n = 0; n < Nodes.Count; n++)
        {
            var cores = 4 * (n + 1);
            list.Add(new SyntheticSeries("machine_cpu_cores", [L("instance", Nodes[n])], _ => cores));
        }

        return list;
    }
}
