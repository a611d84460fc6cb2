using FluentAssertions;
using Hesione.PromQL.MetricsQL;
using Xunit;

namespace Hesione.Tests.MetricsQL;

/// <summary>Hostile MetricsQL gets an error, never a crash or unbounded work.</summary>
public class MetricsQLHostileInputTests
{
    [Fact]
    public void Deep_parentheses_are_refused()
    {
        var query = new string('(', 20_000) + "1" + new string(')', 20_000);
        MetricsQLParser.Parse(query).ErrorMessage.Should().Contain("nested too deeply");
    }

    [Fact]
    public void Long_unary_runs_are_refused()
    {
        MetricsQLParser.Parse(new string('-', 30_000) + "1").ErrorMessage.Should().Contain("nested too deeply");
    }

    [Fact]
    public void Long_right_associative_chains_are_refused()
    {
        var query = string.Join(" ^ ", Enumerable.Repeat("x", 10_000));
        MetricsQLParser.Parse(query).Success.Should().BeFalse();
    }

    [Fact]
    public void Exponential_template_expansion_is_bounded()
    {
        var templates = string.Join(", ", Enumerable.Range(1, 40).Select(i => $"t{i} = t{i - 1} + t{i - 1}"));
        var result = MetricsQLParser.Parse($"with (t0 = m, {templates}) t40");
        result.Success.Should().BeFalse();
        result.ErrorMessage.Should().Contain("expand to more than");
    }

    [Fact]
    public void Arbitrary_bytes_never_throw()
    {
        var random = new Random(7);
        const string alphabet = "(){}[]\"'`\\,=~!@$#:-+*/^ 0123456789.eEkKmMiIxX_abcorwithoffsetkeep_metric_names\n";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = Enumerable.Range(0, random.Next(1, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray();
            var act = () => MetricsQLParser.Parse(new string(chars));
            act.Should().NotThrow(new string(chars));
        }
    }

    [Fact]
    public void The_deepest_accepted_tree_is_enforced_and_printed_on_a_small_stack()
    {
        var query = string.Join(" + ", Enumerable.Repeat("x", 4000));
        string? printed = null;
        var thread = new Thread(() => printed = new MetricsQLEnforcer(Hesione.PromQL.Enforcement.LabelScope.Single("ns", "a")).EnforceQuery(query) switch
        {
            { Success: true } ok => ok.Value,
            var failed => failed.Error,
        }, 256 * 1024);
        thread.Start();
        thread.Join();
        printed.Should().NotBeNull().And.Match(p => p.StartsWith("(", StringComparison.Ordinal) || p.Contains("nested too deeply", StringComparison.Ordinal));
    }

    [Fact]
    public void A_query_that_expands_beyond_the_length_limit_is_not_forwarded()
    {
        var templates = string.Join(", ", Enumerable.Range(1, 13).Select(i => $"t{i} = t{i - 1} + t{i - 1}"));
        var result = new MetricsQLEnforcer(Hesione.PromQL.Enforcement.LabelScope.Single("ns", "a")).EnforceQuery($"with (t0 = m, {templates}) t13");
        result.Success.Should().BeFalse();
        result.Error.Should().Contain("expands to");
    }
}
