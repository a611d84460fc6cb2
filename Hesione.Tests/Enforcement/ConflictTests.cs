using FluentAssertions;
using Hesione.PromQL.Enforcement;
using Xunit;

namespace Hesione.Tests.Enforcement;

/// <summary>The conflict table of <see cref="OnConflict.Reject"/>.</summary>
public class ConflictTests
{
    private static LabelEnforcer Rejecting(params string[] values) =>
        new(new LabelScope([LabelConstraint.Literal("ns", values)], onConflict: OnConflict.Reject));

    [Theory]
    // Equality: inside the listed values or not.
    [InlineData("x{ns=\"a\"}", false)]
    [InlineData("x{ns=\"b\"}", false)]
    [InlineData("x{ns=\"c\"}", true)]
    // Inequality: conflicts only when it excludes every listed value.
    [InlineData("x{ns!=\"a\"}", false)]
    [InlineData("x{ns!=\"c\"}", false)]
    // Regex: conflicts when it matches none of the values (fully anchored).
    [InlineData("x{ns=~\"a|c\"}", false)]
    [InlineData("x{ns=~\".*\"}", false)]
    [InlineData("x{ns=~\"c.*\"}", true)]
    [InlineData("x{ns=~\"a.\"}", true)]
    // Negative regex: conflicts when it matches every value.
    [InlineData("x{ns!~\"a\"}", false)]
    [InlineData("x{ns!~\"a|b\"}", true)]
    [InlineData("x{ns!~\".+\"}", true)]
    // Other labels never conflict.
    [InlineData("x{job=\"c\"}", false)]
    // Anywhere in the tree.
    [InlineData("sum(rate(x[5m])) / y{ns=\"zz\"}", true)]
    public void Two_value_scope(string query, bool conflict)
    {
        var result = Rejecting("a", "b").EnforceQuery(query);

        if (conflict)
        {
            result.Failure.Should().Be(EnforcementFailure.Conflict);
            result.Error.Should().Contain("cannot select anything inside the scope");
        }
        else
        {
            result.Success.Should().BeTrue(result.Error);
        }
    }

    [Fact]
    public void Single_value_inequality_on_that_value_conflicts()
    {
        Rejecting("a").EnforceQuery("x{ns!=\"a\"}").Failure.Should().Be(EnforcementFailure.Conflict);
    }

    [Theory]
    [InlineData("x{pod=\"api-1\"}", false)]
    [InlineData("x{pod=\"web-1\"}", true)]
    [InlineData("x{pod=~\"web-.*\"}", false)]
    [InlineData("x{pod!=\"api-1\"}", false)]
    public void Regex_scopes_decide_equality_only(string query, bool conflict)
    {
        var enforcer = new LabelEnforcer(new LabelScope([LabelConstraint.Regexes("pod", ["api-.*"])], onConflict: OnConflict.Reject));

        enforcer.EnforceQuery(query).Success.Should().Be(!conflict);
    }

    [Theory]
    [InlineData("http_requests_total", false)]
    [InlineData("node_load1", true)]
    [InlineData("{__name__=\"node_load1\"}", true)]
    [InlineData("{__name__=~\"node_.*\"}", false)]
    public void Metric_scope_decides_metric_names(string query, bool conflict)
    {
        var enforcer = new LabelEnforcer(new LabelScope([], ["http_.*"], OnConflict.Reject));

        enforcer.EnforceQuery(query).Success.Should().Be(!conflict);
    }

    [Fact]
    public void Intersect_keeps_the_conflicting_matcher_so_the_answer_is_empty()
    {
        var enforcer = new LabelEnforcer(LabelScope.Single("ns", "a"));

        enforcer.EnforceQuery("x{ns=\"c\"}").Value.Should().Be("x{ns=\"a\",ns=\"c\"}");
    }
}
