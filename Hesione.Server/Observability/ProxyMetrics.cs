using Hesione.Server.Upstream;
using Hesione.Server.Upstream.Pools;
using Prometheus;

namespace Hesione.Server.Observability;

/// <summary>
/// The proxy's own metrics, in a registry of its own (several hosts may share a process), exported at
/// <c>/metrics</c> in the Prometheus text format. Label values are bounded: receiver names from the config (empty
/// for an unknown receiver), endpoint names from the endpoint table, status codes, refusal reasons, backend URLs
/// from the config (never holding credentials) and attempt outcomes.
/// </summary>
internal sealed class ProxyMetrics : IUpstreamMetrics
{
    private static readonly double[] RewriteBuckets = Histogram.ExponentialBuckets(0.00001, 4, 10);
    private static readonly double[] UpstreamBuckets = Histogram.ExponentialBuckets(0.001, 4, 10);

    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly Counter _requests;
    private readonly Counter _refusals;
    private readonly Counter _tokenRefusals;
    private readonly Histogram _rewrite;
    private readonly Histogram _upstream;
    private readonly Gauge _inFlight;
    private readonly Counter _reloads;
    private readonly Gauge _reloadSuccessful;
    private readonly Counter _upstreamAttempts;
    private readonly Gauge _upstreamUp;
    private readonly Lock _upstreamUpGate = new();
    private HashSet<(string Receiver, string Upstream)> _upstreamUpLabels = [];

    public ProxyMetrics()
    {
        var factory = Metrics.WithCustomRegistry(_registry);
        _requests = factory.CreateCounter("hesione_requests_total", "Requests answered, by receiver, endpoint and status code.",
            new CounterConfiguration { LabelNames = ["receiver", "endpoint", "code"], ExemplarBehavior = ExemplarBehavior.NoExemplars() });
        _refusals = factory.CreateCounter("hesione_refusals_total", "Requests refused by the proxy itself, by receiver and reason.",
            new CounterConfiguration { LabelNames = ["receiver", "reason"] });
        _tokenRefusals = factory.CreateCounter("hesione_token_refusals_total", "Tokens refused (identities), by reason: missing, malformed, algorithm, unknown_kid, signature, expired, no_expiration, not_yet_valid, issuer, audience, invalid, no_scope.",
            new CounterConfiguration { LabelNames = ["reason"] });
        _rewrite = factory.CreateHistogram("hesione_rewrite_duration_seconds", "Time to enforce the PromQL parameters of a request (parse, check, enforce and print, or the cached result of an earlier request).",
            new HistogramConfiguration { LabelNames = ["receiver"], Buckets = RewriteBuckets, ExemplarBehavior = ExemplarBehavior.NoExemplars() });
        _upstream = factory.CreateHistogram("hesione_upstream_duration_seconds", "Time of upstream calls until the response headers (whole body for filtered answers).",
            new HistogramConfiguration { LabelNames = ["receiver", "upstream"], Buckets = UpstreamBuckets, ExemplarBehavior = ExemplarBehavior.NoExemplars() });
        _inFlight = factory.CreateGauge("hesione_in_flight_requests", "Requests being served.");
        _reloads = factory.CreateCounter("hesione_config_reloads_total", "Config reloads, by result.",
            new CounterConfiguration { LabelNames = ["result"] });
        _reloadSuccessful = factory.CreateGauge("hesione_config_last_reload_successful", "1 when the last config reload succeeded (or none was tried), 0 otherwise.");
        _reloadSuccessful.Set(1);
        _upstreamAttempts = factory.CreateCounter("hesione_upstream_requests_total", "Attempts on each backend of each pool, by outcome (answered, error_status: 502/503/504, connection_failure, timeout).",
            new CounterConfiguration { LabelNames = ["receiver", "upstream", "outcome"] });
        _upstreamUp = factory.CreateGauge("hesione_upstream_up", "1 while a backend of a pool takes traffic, 0 while it is left alone after failures (its back-off).",
            new GaugeConfiguration { LabelNames = ["receiver", "upstream"] });
    }

    /// <summary>Counts the attempts on one backend, by outcome (the label children resolved once).</summary>
    public Action<AttemptOutcome> UpstreamAttempts(string receiver, string upstream)
    {
        var children = AttemptOutcomes.Labels.Select(outcome => _upstreamAttempts.WithLabels(receiver, upstream, outcome)).ToArray();
        return outcome => children[(int)outcome].Inc();
    }

    /// <summary>Sets <c>hesione_upstream_up</c> for the backends of <paramref name="pools"/> (those of the current config) and drops those of earlier configs.</summary>
    public void UpstreamUp(IEnumerable<UpstreamPool> pools)
    {
        lock (_upstreamUpGate)
        {
            var current = new HashSet<(string, string)>();
            foreach (var pool in pools)
            {
                for (var i = 0; i < pool.Count; i++)
                {
                    var labels = (pool.Route.Receiver, pool.Backend(i).Label);
                    current.Add(labels);
                    _upstreamUp.WithLabels(labels.Receiver, labels.Label).Set(pool.IsUp(i) ? 1 : 0);
                }
            }
            foreach (var (receiver, upstream) in _upstreamUpLabels)
                if (!current.Contains((receiver, upstream))) _upstreamUp.RemoveLabelled(receiver, upstream);
            _upstreamUpLabels = current;
        }
    }

    public void Request(string receiver, string endpoint, int status) =>
        _requests.WithLabels(receiver, endpoint, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();

    public void Refusal(string receiver, string reason) => _refusals.WithLabels(receiver, reason).Inc();

    public void TokenRefusal(string reason) => _tokenRefusals.WithLabels(reason).Inc();

    public void Rewrite(string receiver, TimeSpan duration) => _rewrite.WithLabels(receiver).Observe(duration.TotalSeconds);

    public void Upstream(string receiver, string upstream, TimeSpan duration) => _upstream.WithLabels(receiver, upstream).Observe(duration.TotalSeconds);

    public IDisposable TrackInFlight() => _inFlight.TrackInProgress();

    public void Reload(bool success)
    {
        _reloads.WithLabels(success ? "success" : "failure").Inc();
        _reloadSuccessful.Set(success ? 1 : 0);
    }

    public async Task WriteAsync(HttpResponse response)
    {
        response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await _registry.CollectAndExportAsTextAsync(response.Body, response.HttpContext.RequestAborted);
    }
}
