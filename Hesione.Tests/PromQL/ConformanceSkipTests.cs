using FluentAssertions;
using Xunit;

namespace Hesione.Tests.PromQL;

/// <summary>Conformance tests without their data are skipped with a reason, never passed.</summary>
public class ConformanceSkipTests
{
    [Fact]
    public void A_missing_file_skips_with_its_name()
    {
        var reason = new ConformanceFactAttribute("no-such-file.json").Skip;

        reason.Should().Contain("no-such-file.json");
        new ConformanceTheoryAttribute("no-such-file.json").Skip.Should().Be(reason);
    }

    [Fact]
    public void Reading_a_missing_file_fails_instead_of_giving_nothing()
    {
        var read = () => ConformanceData.PathOf("no-such-file.json");

        read.Should().Throw<FileNotFoundException>().WithMessage("*no-such-file.json*");
    }

    [Fact]
    public void Files_that_are_present_do_not_skip()
    {
        var present = Directory.GetFiles(ConformanceData.Location ?? Path.GetTempPath(), "*.json").Select(Path.GetFileName).FirstOrDefault();
        if (ConformanceData.Location is null || present is null)
        {
            ConformanceData.MissingReason("parser-valid.json").Should().NotBeNull();
            return;
        }

        new ConformanceFactAttribute(present).Skip.Should().BeNull();
    }
}
