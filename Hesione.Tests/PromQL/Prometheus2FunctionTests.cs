using FluentAssertions;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.Parsing;
using Xunit;

namespace Hesione.Tests.PromQL;

/// <summary>Functions Prometheus 2.x serves and 3.x dropped stay accepted, printed as written, so the backend decides.</summary>
public class Prometheus2FunctionTests
{
    [Fact]
    public void Holt_winters_parses_prints_and_enforces_as_written()
    {
        var parsed = PromQLParser.Parse("holt_winters(up[5m], 0.5, 0.5)");
        parsed.Success.Should().BeTrue(parsed.ErrorMessage);
        parsed.Value!.ToString().Should().Be("holt_winters(up[5m], 0.5, 0.5)");
        new LabelEnforcer(LabelScope.Single("job", "a")).EnforceQuery("holt_winters(up[5m], 0.5, 0.5)").Value
            .Should().Be("holt_winters(up{job=\"a\"}[5m], 0.5, 0.5)");
    }

    [Theory]
    [InlineData("holt_winters(up, 0.5, 0.5)")]
    [InlineData("holt_winters(up[5m], 0.5)")]
    public void Holt_winters_keeps_its_argument_rules(string query)
    {
        PromQLParser.Parse(query).Success.Should().BeFalse();
    }
}
