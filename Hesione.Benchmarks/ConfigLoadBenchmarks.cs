using System.Text;
using BenchmarkDotNet.Attributes;
using Hesione.Server.Configuration;
using Hesione.Server.Plan;

namespace Hesione.Benchmarks;

/// <summary>
/// What one reload costs before the swap: a config of 40 receivers of every form (a label, labels and regexes with
/// metric patterns, a pool with upstream credentials and headers, a token identity with claim scopes) read, validated
/// and compiled (<see cref="ConfigLoader.Parse"/>). bcrypt users are left out: their dummy hash dominates any load.
/// </summary>
[MemoryDiagnoser]
public class ConfigLoadBenchmarks
{
    private static readonly string Text = Build(receivers: 40);

    [Benchmark(Baseline = true)]
    public int Parse() => ConfigLoader.Parse(Text, Path.GetTempPath(), _ => "secret").Receivers.Length;

    /// <summary>The read stage alone.</summary>
    [Benchmark]
    public int Read() => ConfigReader.Read(Text, _ => "secret", new ConfigProblems())!.Receivers!.Count;

    /// <summary>The read and validation stages.</summary>
    [Benchmark]
    public int Validate()
    {
        var problems = new ConfigProblems();
        ConfigValidator.Validate(ConfigReader.Read(Text, _ => "secret", problems)!, problems, []);
        return problems.Count;
    }

    private static string Build(int receivers)
    {
        var text = new StringBuilder("""
            listen: 127.0.0.1:8080
            internal_listen: 127.0.0.1:9091
            max_range: 31d
            rate_limit: {requests_per_second: 50}
            identities: {sso: {issuer: 'https://issuer', audience: hesione, jwks_url: 'https://issuer/keys'}}
            receivers:

            """);
        for (var i = 0; i < receivers; i++)
        {
            text.Append((i % 4) switch
            {
                0 => $"  - {{name: r{i}, prom: 'http://prom:9090', label_name: namespace, label: team-{i}, auth: {{user: u{i}, password: '${{PASSWORD}}'}}}}\n",
                1 => $"  - {{name: r{i}, prom: 'http://vm:8428', flavor: victoriametrics, labels: {{namespace: [a{i}, b{i}]}}, label_regex: {{pod: 'api-.+'}}, metrics: ['http_.*', 'up'], on_conflict: reject}}\n",
                2 => $"  - {{name: r{i}, prom: ['http://p-0:9090', 'http://p-1:9090'], balance: least_loaded, unrestricted: true, prom_auth: {{user: svc, password: '${{PASSWORD}}'}}, headers: {{X-Scope-OrgID: t{i}}}, timeout: 30s, max_points: 5000}}\n",
                _ => $"  - {{name: r{i}, prom: 'http://prom:9090', auth: {{identity: sso}}, scopes: [{{when: {{claim: groups, contains: ops}}, labels: {{namespace: '{{claim:team}}'}}}}], alertmanager: 'http://am:9093'}}\n",
            });
        }
        return text.ToString();
    }
}
