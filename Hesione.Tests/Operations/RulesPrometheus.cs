using System.Diagnostics;
using System.Text.Json;
using Hesione.Tests.Backends;
using Microsoft.AspNetCore.Http;

namespace Hesione.Tests.Operations;

/// <summary>
/// A real Prometheus under a route prefix (<c>--web.route-prefix=/prom</c>), scraping <see cref="Exposition"/>
/// (metrics with <c># HELP</c>/<c># TYPE</c> for two tenants, served by a <see cref="Server.KestrelFakeUpstream"/>) every second and evaluating, every second, alerting and recording rules for team-a, team-b and global ones.
/// Ready once every alert fires and the metadata is scraped.
/// </summary>
internal sealed class RulesPrometheus : IAsyncDisposable
{
    public const string Rules = """
        groups:
          - name: team-a-rules
            interval: 1s
            rules:
              - alert: TeamAAlert
                expr: vector(1)
                for: 0s
                labels: {namespace: team-a, severity: page}
              - record: team_a:demo_requests:sum
                expr: sum(demo_requests_total{namespace="team-a"})
              - record: team_a:labelled
                expr: vector(2)
                labels: {namespace: team-a}
          - name: team-b-rules
            interval: 1s
            rules:
              - alert: TeamBAlert
                expr: vector(1)
                for: 0s
                labels: {namespace: team-b}
              - record: team_b:demo_requests:sum
                expr: sum(demo_requests_total{namespace="team-b"})
          - name: global-rules
            interval: 1s
            rules:
              - alert: GlobalAlert
                expr: vector(1)
                for: 0s
              - record: global:up:sum
                expr: sum(up)
              - alert: PerNamespace
                expr: demo_requests_total > 0
                for: 0s

        """;

    /// <summary>What the scrape target serves: series and metadata per namespace.</summary>
    public const string Exposition = """
        # HELP demo_requests_total Requests served, per tenant.
        # TYPE demo_requests_total counter
        demo_requests_total{namespace="team-a"} 5
        demo_requests_total{namespace="team-b"} 7
        # HELP team_a_only_bytes A gauge only team-a has.
        # TYPE team_a_only_bytes gauge
        team_a_only_bytes{namespace="team-a"} 1
        # HELP team_b_secret_bytes A gauge only team-b has.
        # TYPE team_b_secret_bytes gauge
        team_b_secret_bytes{namespace="team-b"} 1

        """;

    private readonly BackendProcess _process;
    private readonly Server.KestrelFakeUpstream _target;

    private RulesPrometheus(BackendProcess process, Server.KestrelFakeUpstream target)
    {
        _process = process;
        _target = target;
    }

    /// <summary>The upstream URL with its path prefix, e.g. <c>http://127.0.0.1:PORT/prom</c>.</summary>
    public Uri Upstream => new(_process.BaseAddress, "prom");

    public static async Task<RulesPrometheus> StartAsync()
    {
        var prometheus = BackendBinaries.Require(BackendBinaries.Prometheus);
        var target = await Server.KestrelFakeUpstream.StartAsync();
        target.Respond = static context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4";
            return context.Response.WriteAsync(Exposition.Replace("\r\n", "\n"));
        };
        for (var attempt = 1; ; attempt++)
        {
            var dir = BackendProcess.CreateTempDirectory("ops-prometheus");
            await File.WriteAllTextAsync(Path.Combine(dir, "rules.yml"), Rules);
            await File.WriteAllTextAsync(Path.Combine(dir, "prometheus.yml"), $"""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [rules.yml]
                scrape_configs:
                  - job_name: demo
                    honor_labels: true
                    static_configs:
                      - targets: ['{target.BaseAddress.Authority}']

                """);
            var port = BackendProcess.FreePort();
            var process = BackendProcess.Start("prometheus (rules)", prometheus, dir, port,
            [
                $"--config.file={Path.Combine(dir, "prometheus.yml")}",
                $"--storage.tsdb.path={Path.Combine(dir, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--web.route-prefix=/prom",
                $"--web.external-url=http://127.0.0.1:{port}/prom",
                "--log.level=warn",
            ]);
            try
            {
                await process.WaitForHttpAsync("/prom/-/ready", TimeSpan.FromSeconds(60));
                var ready = new RulesPrometheus(process, target);
                await ready.WaitForRulesAsync();
                return ready;
            }
            catch (BackendStartException) when (attempt < 3)
            {
                await process.DisposeAsync();
            }
            catch
            {
                await process.DisposeAsync();
                await target.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Waits until all four alerts fire (PerNamespace twice) and the scraped metadata is there.</summary>
    private async Task WaitForRulesAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var alerts = await http.GetStringAsync(new Uri(_process.BaseAddress, "prom/api/v1/alerts"));
            var metadata = await http.GetStringAsync(new Uri(_process.BaseAddress, "prom/api/v1/metadata"));
            using var doc = JsonDocument.Parse(alerts);
            var firing = doc.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray()
                .Count(a => a.GetProperty("state").GetString() == "firing");
            if (firing >= 5 && metadata.Contains("team_b_secret_bytes", StringComparison.Ordinal)) return;
            last = alerts;
            await Task.Delay(250);
        }
        throw new BackendStartException(_process, $"rules not firing after 60s; last alerts: {last}");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        await _target.DisposeAsync();
    }
}
