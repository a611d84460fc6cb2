using CsCheck;
using FluentAssertions;
using Hesione.PromQL.MetricsQL;
using Xunit;

namespace Hesione.Tests.MetricsQL;

/// <summary>
/// <see cref="OperatorChain"/> builds the same tree as MetricsQL's rule stated directly (re-balance each new
/// operator node against its left operand, recursively), on random chains with unary minus operands.
/// </summary>
public class OperatorChainTests
{
    private static readonly string[] Ops = ["+", "-", "*", "/", "^", "==", "and", "or", "unless", "if", "ifnot", "default", "atan2", "%", ">"];

    /// <summary>The rule as MetricsQL states it, one recursive re-balance per new node.</summary>
    private static Syn Reference(SynBinary be)
    {
        if (be.Left is not SynBinary left) return be;
        var lp = MetricsQLOperators.Priorities[left.Op];
        var rp = MetricsQLOperators.Priorities[be.Op];
        if (rp < lp || (rp == lp && !MetricsQLOperators.IsRightAssociative(be.Op))) return be;
        return left with { Right = Reference(be with { Left = left.Right }) };
    }

    private static Syn Operand(Random random, int n)
    {
        Syn leaf = new SynNumber(n, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (var k = random.Next(4) == 0 ? random.Next(1, 4) : 0; k > 0; k--) leaf = new SynBinary("-", new SynNumber(0, ""), leaf);
        return leaf;
    }

    [Fact]
    public void Builds_the_tree_MetricsQL_builds()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var first = Operand(random, 0);
            var chain = new OperatorChain(first);
            var reference = first;
            for (var i = 1; i <= random.Next(1, 25); i++)
            {
                var right = Operand(random, i);
                var be = new SynBinary(Ops[random.Next(Ops.Length)], reference, right);
                chain.Add(be, right);
                reference = Reference(be);
            }
            chain.Build().Should().Be(reference);
        }, iter: 5000);
    }
}
