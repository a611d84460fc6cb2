using FluentAssertions;
using Hesione.Server.Cli;
using Hesione.Server.Configuration;
using Hesione.Server.Plan;
using Xunit;

namespace Hesione.Tests.Server;

/// <summary>The config keys of the operational listener and of the guards: defaults, overrides, and every bad value refused with its YAML path.</summary>
public class OperationsConfigTests
{
    private const string Receiver = "receivers:\n  - {name: a, prom: 'http://127.0.0.1:9090', label_name: namespace, label: a}\n";

    private static ProxyConfig Parse(string yaml) => ConfigLoader.Parse(yaml, Path.GetTempPath());

    private static IReadOnlyList<string> Problems(string yaml)
    {
        var act = () => Parse(yaml);
        return act.Should().Throw<ConfigException>().Which.Problems;
    }

    [Fact]
    public void Guards_default_to_11000_points_and_no_other_limit()
    {
        var guards = Parse(Receiver).Receivers[0].Guards;
        guards.Should().Be(new Guards(null, 11_000, null));
        Parse(Receiver).InternalListen.Should().BeNull();
    }

    [Fact]
    public void Global_guards_apply_to_every_receiver_and_a_receiver_overrides_each_key()
    {
        var config = Parse("""
            max_range: 31d
            max_points: 5000
            rate_limit: {requests_per_second: 50, burst: 100}
            receivers:
              - {name: a, prom: 'http://127.0.0.1:9090', label_name: namespace, label: a}
              - name: b
                prom: 'http://127.0.0.1:9090'
                label_name: namespace
                label: b
                max_range: 7d
                max_points: 20000
                rate_limit: {requests_per_second: 0.5}
              - {name: c, prom: 'http://127.0.0.1:9090', label_name: namespace, label: c, max_range: 0}
            """);
        config.ReceiversByName["a"].Guards.Should().Be(new Guards(TimeSpan.FromDays(31), 5000, new RateLimit(50, 100)));
        config.ReceiversByName["b"].Guards.Should().Be(new Guards(TimeSpan.FromDays(7), 20_000, new RateLimit(0.5, 1)));
        config.ReceiversByName["c"].Guards.Should().Be(new Guards(null, 5000, new RateLimit(50, 100)), "max_range: 0 lifts the global limit");
        Parse("rate_limit: {requests_per_second: 2.5}\n" + Receiver).Receivers[0].Guards.RateLimit.Should().Be(new RateLimit(2.5, 3), "the burst defaults to a second's worth");
    }

    [Theory]
    [InlineData("max_range: 31 days\n", "max_range: expected a duration such as 31d or 12h (0 for no limit)")]
    [InlineData("max_range: 1h30d\n", "max_range: expected a duration such as 31d or 12h (0 for no limit)")]
    [InlineData("max_range: -1d\n", "max_range: expected a duration such as 31d or 12h (0 for no limit)")]
    [InlineData("max_points: 0\n", "max_points: expected an integer from 1 to 2147483647")]
    [InlineData("max_points: many\n", "max_points: expected an integer from 1 to 2147483647")]
    [InlineData("rate_limit: 50\n", "rate_limit: expected a mapping")]
    [InlineData("rate_limit: {burst: 10}\n", "rate_limit.requests_per_second: missing")]
    [InlineData("rate_limit: {requests_per_second: 0}\n", "rate_limit.requests_per_second: expected a number from 0.001 to 1000000")]
    [InlineData("rate_limit: {requests_per_second: -5}\n", "rate_limit.requests_per_second: expected a number from 0.001 to 1000000")]
    [InlineData("rate_limit: {requests_per_second: 0.0000001}\n", "rate_limit.requests_per_second: expected a number from 0.001 to 1000000")]
    [InlineData("rate_limit: {requests_per_second: 1000001}\n", "rate_limit.requests_per_second: expected a number from 0.001 to 1000000")]
    [InlineData("rate_limit: {requests_per_second: 1e3}\n", "rate_limit.requests_per_second: expected a number from 0.001 to 1000000")]
    [InlineData("rate_limit: {requests_per_second: 10, burst: 0}\n", "rate_limit.burst: expected an integer from 1 to 1000000")]
    [InlineData("rate_limit: {requests_per_second: 10, bursts: 5}\n", "rate_limit.bursts: unknown key")]
    [InlineData("internal_listen: 9091\n", "internal_listen: expected HOST:PORT with an IP address, localhost or * as HOST")]
    [InlineData("listen: 0.0.0.0:8000\ninternal_listen: 0.0.0.0:8000\n", "internal_listen: 0.0.0.0:8000 clashes with listen 0.0.0.0:8000: the operational endpoints need an address of their own")]
    [InlineData("listen: 127.0.0.1:8000\ninternal_listen: '*:8000'\n", "internal_listen: *:8000 clashes with listen 127.0.0.1:8000: the operational endpoints need an address of their own")]
    [InlineData("listen: localhost:8000\ninternal_listen: '[::1]:8000'\n", "internal_listen: [::1]:8000 clashes with listen localhost:8000: the operational endpoints need an address of their own")]
    public void Bad_values_are_refused_with_their_path(string top, string problem)
    {
        // A value of the wrong YAML type is also reported with its line.
        Problems(top + Receiver).Should().ContainSingle().Which.Should().StartWith(problem);
        if (top.StartsWith("max_", StringComparison.Ordinal) || top.StartsWith("rate_limit", StringComparison.Ordinal))
            Problems(Receiver.TrimEnd('}', '\n') + ", " + top.TrimEnd('\n') + "}\n").Should().ContainSingle().Which.Should().StartWith("receivers[0]." + problem);
    }

    [Theory]
    [InlineData("127.0.0.1:8000", "127.0.0.1:9091", false)]
    [InlineData("127.0.0.1:8000", "10.0.0.1:8000", false)]
    [InlineData("127.0.0.1:0", "127.0.0.1:0", false)]
    [InlineData("127.0.0.1:8000", "127.0.0.1:8000", true)]
    [InlineData("0.0.0.0:8000", "127.0.0.1:8000", true)]
    [InlineData("[::]:8000", "10.0.0.1:8000", true)]
    [InlineData("localhost:8000", "127.0.0.1:8000", true)]
    [InlineData("localhost:8000", "10.0.0.1:8000", false)]
    [InlineData("[::ffff:10.0.0.1]:8000", "10.0.0.1:8000", true)]
    public void Listen_addresses_clash_when_they_share_an_address_and_port(string a, string b, bool clash)
    {
        ListenAddress.Parse(a)!.Overlaps(ListenAddress.Parse(b)!).Should().Be(clash);
        ListenAddress.Parse(b)!.Overlaps(ListenAddress.Parse(a)!).Should().Be(clash);
    }

    [Fact]
    public void A_receiver_may_not_be_named_dash_which_holds_the_liveness_and_readiness_paths() =>
        Problems("receivers: [{name: '-', prom: 'http://h:1', label_name: n, label: v}]").Should().Equal("receivers[0].name: - is reserved");

    [Fact]
    public async Task Check_config_knows_the_keys_and_reports_bad_values()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hesione-test-{Guid.NewGuid():N}.yml");
        try
        {
            await File.WriteAllTextAsync(path, "internal_listen: 127.0.0.1:9091\nmax_range: 31d\nmax_points: 11000\nrate_limit: {requests_per_second: 50, burst: 100}\n" + Receiver);
            CheckConfigCommand.Run(path, TextWriter.Null, TextWriter.Null).Should().Be(0);

            await File.WriteAllTextAsync(path, "listen: 127.0.0.1:9091\ninternal_listen: 127.0.0.1:9091\nmax_range: forever\n" + Receiver);
            var error = new StringWriter();
            CheckConfigCommand.Run(path, TextWriter.Null, error).Should().Be(1);
            error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().Equal(
                $"{path}: internal_listen: 127.0.0.1:9091 clashes with listen 127.0.0.1:9091: the operational endpoints need an address of their own",
                $"{path}: max_range: expected a duration such as 31d or 12h (0 for no limit)");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1L, "1ms")]
    [InlineData(90_000L, "1m30s")]
    [InlineData(31L * 86_400_000, "31d")]
    [InlineData(28L * 86_400_000, "4w")]
    [InlineData(365L * 86_400_000, "1y")]
    [InlineData(366L * 86_400_000, "366d")]
    [InlineData(86_400_000L + 3_600_000 + 1, "1d1h1ms")]
    public void Durations_are_written_as_Prometheus_writes_them(long milliseconds, string text)
    {
        PromDuration.Format(TimeSpan.FromMilliseconds(milliseconds)).Should().Be(text);
        PromDuration.TryParse(text, out var back).Should().BeTrue();
        back.Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }
}
