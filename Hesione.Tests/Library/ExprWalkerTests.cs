using FluentAssertions;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Parsing;
using Xunit;

namespace Hesione.Tests.Library;

/// <summary><see cref="ExprWalker"/> reaches every node, parents first and in source order; an override that does not call the base skips the subtree.</summary>
public class ExprWalkerTests
{
    private sealed class NodeKinds : ExprWalker
    {
        public List<string> Seen { get; } = [];

        public override void Visit(Expr node)
        {
            Seen.Add(node.GetType().Name);
            base.Visit(node);
        }
    }

    private sealed class MetricNames : ExprWalker
    {
        public List<string> Names { get; } = [];

        public override void VisitVectorSelector(VectorSelector node) => Names.Add(node.Name ?? "{}");
    }

    private sealed class OutsideCalls : ExprWalker
    {
        public List<string> Names { get; } = [];

        public override void VisitCall(Call node) { }

        public override void VisitVectorSelector(VectorSelector node) => Names.Add(node.Name!);
    }

    private static Expr Parse(string query) => PromQLParser.Parse(query).Value!;

    [Fact]
    public void Visits_every_node_parents_first_in_source_order()
    {
        var walker = new NodeKinds();
        walker.Visit(Parse("-topk(3, sum by (a) (rate(x[5m]))) + max_over_time((y)[1h:] offset 1m) > bool 1"));
        walker.Seen.Should().Equal(
            "BinaryExpr", "BinaryExpr", "UnaryExpr", "AggregateExpr", "NumberLiteral", "AggregateExpr", "Call", "MatrixSelector",
            "VectorSelector", "Call", "SubqueryExpr", "ParenExpr", "VectorSelector", "NumberLiteral");
    }

    [Fact]
    public void Overriding_one_kind_collects_it_everywhere()
    {
        var walker = new MetricNames();
        walker.Visit(Parse("count_values(\"v\", a) / on (x) group_left b unless histogram_quantile(0.9, max_over_time(rate(c_bucket[5m])[30m:1m])) or label_replace(d, \"x\", \"$1\", \"y\", \"(.*)\")"));
        walker.Names.Should().Equal("a", "b", "c_bucket", "d");
    }

    [Fact]
    public void Not_calling_the_base_method_skips_the_subtree()
    {
        var walker = new OutsideCalls();
        walker.Visit(Parse("a + abs(b) * (c)"));
        walker.Names.Should().Equal("a", "c");
    }
}
