using FluentAssertions;
using Hesione.PromQL.Parsing;
using Xunit;

namespace Hesione.Tests.Library;

/// <summary>The one duration parser (<see cref="PromQLDuration"/>, read by the lexer and by the server's config and guards).</summary>
public class DurationSyntaxTests
{
    [Theory]
    [InlineData("1y2w3d4h5m6s7ms")]
    [InlineData("90d")]
    [InlineData("0")]
    public void Reading_a_duration_allocates_nothing(string text)
    {
        NumberSyntax.TryParseDuration(text, out _, out _).Should().BeTrue();
        PromQLDuration.TryParse(text, out _).Should().BeTrue();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            NumberSyntax.TryParseDuration(text, out _, out _);
            PromQLDuration.TryParse(text, out _);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().Be(0);
    }

    [Theory]
    [InlineData("", "empty duration string")]
    [InlineData("5x", "not a valid duration string: \"5x\"")]
    [InlineData("1s1m", "not a valid duration string: \"1s1m\"")]
    [InlineData("99999999999999999999y", "duration out of range")]
    [InlineData("300000000y", "duration out of range")]
    public void A_refused_duration_says_why(string text, string error)
    {
        NumberSyntax.TryParseDuration(text, out var seconds, out var message).Should().BeFalse();
        message.Should().Be(error);
        seconds.Should().Be(0);
    }

    [Theory]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("500ms", 500)]
    [InlineData("0", 0)]
    public void Reads_the_lexer_s_value_as_a_TimeSpan(string text, long milliseconds)
    {
        NumberSyntax.TryParseDuration(text, out var seconds, out var error).Should().BeTrue();
        error.Should().BeEmpty();
        PromQLDuration.TryParse(text, out var duration).Should().BeTrue();
        duration.Should().Be(TimeSpan.FromMilliseconds(milliseconds));
        duration.TotalSeconds.Should().Be(seconds);
    }
}
