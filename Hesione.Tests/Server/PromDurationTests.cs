using FluentAssertions;
using Hesione.PromQL.Parsing;
using Hesione.Server.Configuration;
using Xunit;

namespace Hesione.Tests.Server;

public class PromDurationTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("500ms", 500)]
    [InlineData("1d2h", 93_600_000)]
    [InlineData("0", 0)]
    public void Parses(string text, long milliseconds)
    {
        PromDuration.TryParse(text, out var duration).Should().BeTrue();
        duration.Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("30S")]
    [InlineData("1s1m")]
    [InlineData("1m1m")]
    [InlineData("1.5s")]
    [InlineData("-1s")]
    [InlineData("1x")]
    [InlineData("99999999999999999999y")]
    public void Refuses(string text) => PromDuration.TryParse(text, out _).Should().BeFalse();

    [Theory]
    [InlineData("29247y", true)]
    [InlineData("29248y", false)]
    [InlineData("10675199d2h48m5s477ms", true)]
    [InlineData("10675199d2h48m5s478ms", false)]
    public void Refuses_what_a_TimeSpan_cannot_hold(string text, bool fits) => PromDuration.TryParse(text, out _).Should().Be(fits);

    [Theory]
    [InlineData("1y2w3d4h5m6s7ms")]
    [InlineData("90d")]
    [InlineData("5m")]
    [InlineData("0")]
    [InlineData("1m1h")]
    [InlineData("5M")]
    public void Reads_a_duration_as_the_query_parser_does(string text)
    {
        var parsed = NumberSyntax.TryParseDuration(text, out var seconds, out _);
        PromDuration.TryParse(text, out var duration).Should().Be(parsed);
        if (parsed) duration.TotalSeconds.Should().Be(seconds);
    }
}
