using CsCheck;
using FluentAssertions;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.Parsing;
using Xunit;

namespace Hesione.Tests.Enforcement;

/// <summary>Properties over random queries: every selector carries the scope, and enforcing twice changes nothing.</summary>
public class EnforcementPropertyTests
{
    private static readonly LabelScope Scope = new(
        [LabelConstraint.Literal("namespace", ["team-a", "dot.ns"]), LabelConstraint.Literal("cluster", ["prod"])]);

    private static readonly LabelEnforcer Enforcer = new(Scope);

    private static readonly Gen<string> Metric = Gen.OneOfConst("up", "http_requests_total", "node_load1", "sum", "offset", "a:b");
    private static readonly Gen<string> Label = Gen.OneOfConst("namespace", "cluster", "job", "pod", "\"utf8.label\"");
    private static readonly Gen<string> Value = Gen.OneOfConst("team-a", "team-b", "dot.ns", "", "x|y", ".*", "prod", "q\\\"uote");
    private static readonly Gen<string> Op = Gen.OneOfConst("=", "!=", "=~", "!~");

    private static readonly Gen<string> Matcher =
        Gen.Select(Label, Op, Value, (l, o, v) => $"{l}{o}\"{v}\"");

    private static readonly Gen<string> Selector =
        Gen.Select(Metric, Matcher.Array[0, 3], (m, ms) => ms.Length == 0 ? m : $"{m}{{{string.Join(",", ms)}}}");

    private static Gen<string> Expression(int depth) => depth == 0
        ? Gen.OneOf(Selector, Gen.OneOfConst("1", "time()", "vector(2)"))
        : Gen.OneOf(
            Selector,
            Expression(depth - 1).Select(e => $"({e})"),
            Gen.Select(Expression(depth - 1), Expression(depth - 1), Gen.OneOfConst("+", "/", "and", "or", "unless", "> bool"),
                (a, b, op) => $"{a} {op} {b}"),
            Gen.Select(Expression(depth - 1), Gen.OneOfConst("sum", "max", "count"), Gen.OneOfConst("", " by (job)", " without (pod)"),
                (e, agg, grouping) => $"{agg}{grouping} ({e})"),
            Selector.Select(s => $"rate({s}[5m])"),
            Selector.Select(s => $"{s} offset 5m"),
            Expression(depth - 1).Select(e => $"max_over_time(({e})[1h:5m])"),
            Expression(depth - 1).Select(e => $"label_replace({e}, \"x\", \"$1\", \"job\", \"(.*)\")"),
            Expression(depth - 1).Select(e => $"-{e}"));

    private static readonly Gen<string> Queries = Expression(3);

    [Fact]
    public void Every_selector_carries_the_scope_and_enforcement_is_idempotent()
    {
        var checkedCount = 0;
        Queries.Sample(query =>
        {
            var parsed = PromQLParser.Parse(query);
            if (!parsed.Success) return;
            checkedCount++;

            var enforced = Enforcer.Enforce(parsed.Value);
            enforced.Success.Should().BeTrue(enforced.Error);
            foreach (var selector in Selectors(enforced.Value!))
                selector.Matchers.Should().Contain(Scope.Matchers, query);

            Enforcer.Enforce(enforced.Value!).Value.Should().BeSameAs(enforced.Value, "enforcing an enforced tree must change nothing");
            var printed = enforced.Value!.ToString();
            Enforcer.EnforceQuery(printed).Value.Should().Be(printed);
            PromQLParser.Parse(printed).Success.Should().BeTrue($"the enforced form of {query} must be valid PromQL");
        }, iter: 3000, seed: "0N0XIzNsQ0O2");
        checkedCount.Should().BeGreaterThan(500);
    }

    [Fact]
    public void Selector_free_expressions_come_back_unchanged()
    {
        foreach (var query in new[] { "1 + 1", "time()", "vector(1) * 2", "scalar(vector(1))", "\"s\"", "pi()" })
        {
            var parsed = PromQLParser.Parse(query).Value!;
            Enforcer.Enforce(parsed).Value.Should().BeSameAs(parsed);
        }
    }

    internal static IEnumerable<VectorSelector> Selectors(Expr root)
    {
        var stack = new Stack<Expr>([root]);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is VectorSelector vs) yield return vs;
            foreach (var child in node.Children) stack.Push(child);
        }
    }
}
