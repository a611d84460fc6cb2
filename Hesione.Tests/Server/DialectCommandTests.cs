using FluentAssertions;
using Hesione.PromQL.Parsing;
using Hesione.Server.Cli;
using Xunit;

namespace Hesione.Tests.Server;

/// <summary><c>hesione format --dialect</c>: each dialect reads and prints its own language.</summary>
public class DialectCommandTests
{
    [Fact]
    public void The_dialect_option_picks_the_language()
    {
        DialectOption.Parse("metricsql").Should().Be(QueryDialect.MetricsQL);
        DialectOption.Parse("promql").Should().Be(QueryDialect.PromQL);
        DialectOption.Parse(null).Should().Be(QueryDialect.PromQL);
    }

    [Fact]
    public void Format_reads_each_dialect()
    {
        FormatCommand.FormatMetricsQL("with (x = up) rate(x)").Should().Be((true, "rate(up)"));
        FormatCommand.Format("with (x = up) rate(x)").Ok.Should().BeFalse();
        FormatCommand.Format("sum by (a) (up)").Should().Be((true, "sum by (a) (up)"));
        FormatCommand.FormatMetricsQL("sum by (a) (up)").Should().Be((true, "sum(up) by(a)"));
    }
}
