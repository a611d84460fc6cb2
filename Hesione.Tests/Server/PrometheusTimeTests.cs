using FluentAssertions;
using Hesione.Server.PrometheusApi;
using Xunit;

namespace Hesione.Tests.Server;

/// <summary>The <c>start</c>, <c>end</c> and <c>step</c> parameters read as Prometheus reads them (fail closed on the exotic forms).</summary>
public class PrometheusTimeTests
{
    private const long Second = 1_000_000_000;

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1735689600", 1735689600L * Second)]
    [InlineData("+1735689600", 1735689600L * Second)]
    [InlineData("1735689600.5", 1735689600L * Second + 500_000_000)]
    [InlineData("1735689600.1234", 1735689600L * Second + 123_000_000)]
    [InlineData("1735689600.0006", 1735689600L * Second + 1_000_000)]
    [InlineData("-1.5", -Second - 500_000_000)]
    [InlineData("1.7356896e9", 1735689600L * Second)]
    [InlineData(".5", 500_000_000L)]
    [InlineData("5.", 5 * Second)]
    [InlineData("2025-01-01T00:00:00Z", 1735689600L * Second)]
    [InlineData("2025-01-01T00:00:00.123456789Z", 1735689600L * Second + 123_456_789)]
    [InlineData("2025-01-01T02:00:00+02:00", 1735689600L * Second)]
    [InlineData("2024-12-31T19:30:00-04:30", 1735689600L * Second)]
    public void Reads_unix_seconds_and_RFC_3339(string text, long nanoseconds)
    {
        PrometheusTime.TryParseTime(text, out var value).Should().BeTrue();
        value.Should().Be((Int128)nanoseconds);
    }

    [Fact]
    public void Reads_Prometheus_s_own_minimum_and_maximum_times()
    {
        PrometheusTime.TryParseTime("-292273086-05-16T16:47:06Z", out var min).Should().BeTrue();
        PrometheusTime.TryParseTime("292277026596-12-04T15:30:07.999999999Z", out var max).Should().BeTrue();
        min.Should().Be(PrometheusTime.MinTime);
        max.Should().Be(PrometheusTime.MaxTime);
        ((max - min) / Second / 86400 / 365).Should().BeGreaterThan(500_000_000, "all time, to a max_range");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("0x10")]
    [InlineData("1_000")]
    [InlineData("NaN")]
    [InlineData("Inf")]
    [InlineData("1e400")]
    [InlineData("now")]
    [InlineData("-1h")]
    [InlineData("2025-01-01")]
    [InlineData("2025-01-01 00:00:00Z")]
    [InlineData("2025-13-01T00:00:00Z")]
    [InlineData("2025-02-30T00:00:00Z")]
    [InlineData("2025-01-01T00:00:00")]
    [InlineData("2025-01-01T00:00:00.1234567891Z")]
    [InlineData("2025-01-01T00:00:00+24:00")]
    public void Refuses_what_it_cannot_read_exactly(string text) => PrometheusTime.TryParseTime(text, out _).Should().BeFalse();

    [Theory]
    [InlineData("15", 15 * Second)]
    [InlineData("0.5", Second / 2)]
    [InlineData("1m30s", 90 * Second)]
    [InlineData("1d", 86400 * Second)]
    [InlineData("0", 0L)]
    [InlineData("-15", -15 * Second)]
    public void Reads_steps_as_seconds_or_durations(string text, long nanoseconds)
    {
        PrometheusTime.TryParseDuration(text, out var value).Should().BeTrue();
        value.Should().Be(nanoseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1x")]
    [InlineData("-1m")]
    [InlineData("1e10")]
    [InlineData("30s1m")]
    public void Refuses_steps_it_cannot_read(string text) => PrometheusTime.TryParseDuration(text, out _).Should().BeFalse();
}
