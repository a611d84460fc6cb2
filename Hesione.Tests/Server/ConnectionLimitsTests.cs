using FluentAssertions;
using Hesione.Server.Cli;
using Hesione.Server.Configuration;
using Hesione.Server.Connections;
using Hesione.Server.Plan;
using Hesione.Server.Runtime;
using Xunit;

namespace Hesione.Tests.Server;

/// <summary><c>max_connections</c> and the descriptor budget it is held to, the connection timeouts; the config watcher's backoff.</summary>
public class ConnectionLimitsTests
{
    private const string Receivers = "receivers: [{name: a, prom: 'http://h:9090', label_name: ns, label: a}]";

    private static ProxyConfig Parse(string yaml) => ConfigLoader.Parse(yaml, Path.GetTempPath());

    [Fact]
    public void Max_connections_is_read_and_absent_by_default()
    {
        Parse("max_connections: 5000\n" + Receivers).MaxConnections.Should().Be(5000);
        Parse(Receivers).MaxConnections.Should().BeNull();
    }

    [Fact]
    public void The_connection_timeouts_are_read_with_defaults()
    {
        var config = Parse("request_headers_timeout: 5s\nkeep_alive_timeout: 2m\n" + Receivers);
        config.RequestHeadersTimeout.Should().Be(TimeSpan.FromSeconds(5));
        config.KeepAliveTimeout.Should().Be(TimeSpan.FromMinutes(2));
        var defaults = Parse(Receivers);
        defaults.RequestHeadersTimeout.Should().Be(TimeSpan.FromSeconds(10));
        defaults.KeepAliveTimeout.Should().Be(TimeSpan.FromSeconds(75));
        var act = () => Parse("keep_alive_timeout: forever\n" + Receivers);
        act.Should().Throw<ConfigException>().Which.Problems.Should().ContainSingle().Which.Should().StartWith("keep_alive_timeout");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("many")]
    [InlineData("20000000")]
    public void An_invalid_max_connections_is_a_problem_with_its_path(string value)
    {
        var act = () => Parse($"max_connections: {value}\n" + Receivers);
        act.Should().Throw<ConfigException>().Which.Problems.Should().ContainSingle().Which.Should().StartWith("max_connections");
    }

    [Fact]
    public void Check_config_knows_max_connections()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hesione-test-{Guid.NewGuid():N}.yml");
        try
        {
            File.WriteAllText(path, "max_connections: 100\n" + Receivers);
            CheckConfigCommand.Run(path, new StringWriter(), new StringWriter()).Should().Be(0);
            File.WriteAllText(path, "max_connections: none\n" + Receivers);
            var error = new StringWriter();
            CheckConfigCommand.Run(path, new StringWriter(), error).Should().Be(1);
            error.ToString().Should().Contain("max_connections");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(1024L, 100, 668)] // 1024 - 100 open - max(64, 256)
    [InlineData(512L, 173, 211)] // 512 - 173 - 128
    [InlineData(200L, 100, 36)] // 200 - 100 - 64 (the minimum reserve)
    [InlineData(100L, 90, 1)] // nothing left: at least one
    [InlineData(1048576L, 200, 786232)]
    public void The_budget_is_the_limit_less_the_open_descriptors_less_the_reserve(long limit, int inUse, int budget) =>
        ClientConnectionLimits.Budget(limit, inUse).Should().Be(budget);

    [Fact]
    public void Without_a_known_limit_there_is_no_budget() => ClientConnectionLimits.Budget(null, 50).Should().BeNull();

    [Theory]
    [InlineData(null, 300, 300)]
    [InlineData(100, 300, 100)]
    [InlineData(1000, 300, 300)] // more than the descriptors allow: held to the budget
    [InlineData(1000, null, 1000)]
    public void Max_connections_is_held_to_the_budget(int? configured, int? budget, int expected) =>
        ClientConnectionLimits.MaxConnections(configured, budget).Should().Be(expected);

    [Fact]
    public void Connection_slots_stop_at_the_limit_and_come_back()
    {
        var slots = new ConnectionSlots(2);
        slots.TryTake().Should().BeTrue();
        slots.TryTake().Should().BeTrue();
        slots.TryTake().Should().BeFalse();
        slots.Release();
        slots.TryTake().Should().BeTrue();
        new ConnectionSlots(null).TryTake().Should().BeTrue();
    }

    [Fact]
    public void The_soft_descriptor_limit_is_the_one_the_kernel_reports()
    {
        if (!OperatingSystem.IsLinux()) return;
        var line = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        DescriptorLimit.Soft().Should().Be(soft == "unlimited" ? null : long.Parse(soft, System.Globalization.CultureInfo.InvariantCulture));
        DescriptorLimit.InUse().Should().BeGreaterThan(2);
    }

    [Fact]
    public void The_soft_descriptor_limit_is_raised_to_the_hard_one()
    {
        if (!OperatingSystem.IsLinux()) return;
        DescriptorLimit.RaiseSoftToHard();
        var line = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var columns = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (columns[1] != "unlimited") columns[0].Should().Be(columns[1]);
    }

    [Fact]
    public void A_failing_reload_is_retried_after_1s_doubling_up_to_60s() =>
        Enumerable.Range(1, 9).Select(ConfigWatcher.RetryDelay).Select(d => d.TotalSeconds)
            .Should().Equal(1, 2, 4, 8, 16, 32, 60, 60, 60);
}
