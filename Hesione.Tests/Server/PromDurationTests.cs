using FluentAssertions;
using Hesione.Server.Config;
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
}
