using System.Collections.Immutable;
using System.Text;
using CsCheck;
using FluentAssertions;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Functions;
using Hesione.PromQL.Parsing;
using Hesione.PromQL.Printing;
using Xunit;
using ValueType = Hesione.PromQL.Ast.ValueType;

namespace Hesione.Tests.PromQL;

/// <summary>
/// Property: every parse-shaped tree (one the parser could have produced: children wrapped in
/// <see cref="ParenExpr"/> where precedence or associativity needs it, no unary sign on a bare number,
/// matchers in printed order, types as the checker wants them) prints to text that parses back to an
/// equal tree. CsCheck drives the seeds; <see cref="TreeBuilder"/> grows a typed tree from each.
/// </summary>
public class PrintParsePropertyTests
{
    private static readonly Gen<Expr> Trees = Gen.Int.Select(seed => new TreeBuilder(new Random(seed)).Build());

    [Fact]
    public void Generated_trees_survive_print_then_parse()
    {
        Trees.Sample(tree =>
        {
            var printed = tree.ToString();
            var parsed = PromQLParser.Parse(printed);
            parsed.Success.Should().BeTrue($"{printed}: {parsed.ErrorMessage}");
            parsed.Value!.Equals(tree).Should().BeTrue($"{printed} parsed back differently: {FirstDifference(tree, parsed.Value!)}");
            parsed.Value!.GetHashCode().Should().Be(tree.GetHashCode(), printed);
            parsed.Value!.ToString().Should().Be(printed);
        }, iter: 4000, print: t => t.ToString());
    }

    [Fact]
    public void Generated_strings_survive_print_then_parse()
    {
        Gen.Int.Select(seed => new TreeBuilder(new Random(seed)).RandomString(40)).Sample(value =>
        {
            var printed = new StringLiteral(value).ToString();
            var parsed = PromQLParser.Parse(printed);
            parsed.Success.Should().BeTrue($"{printed}: {parsed.ErrorMessage}");
            ((StringLiteral)parsed.Value!).Value.Should().Be(value);
        }, iter: 3000, print: GoQuoting.Quote);
    }

    /// <summary>The deepest pair of unequal nodes, for failure messages.</summary>
    private static string FirstDifference(Expr expected, Expr actual)
    {
        if (expected.GetType() != actual.GetType())
            return $"{expected.GetType().Name} {expected} became {actual.GetType().Name} {actual}";
        var a = expected.Children.ToList();
        var b = actual.Children.ToList();
        if (a.Count == b.Count)
            for (var i = 0; i < a.Count; i++)
                if (!a[i].Equals(b[i])) return FirstDifference(a[i], b[i]);
        var detail = expected is VectorSelector ev && actual is VectorSelector av
            ? $" [name {ev.Name == av.Name}, matchers {ev.Matchers.SequenceEqual(av.Matchers)}, offset {Equals(ev.Offset, av.Offset)} ({(ev.Offset as DurationLiteral)?.Seconds:R} vs {(av.Offset as DurationLiteral)?.Seconds:R}), at {Equals(ev.At, av.At)}]"
            : "";
        return $"{expected.GetType().Name} {expected} became {actual}: {Describe(expected)} vs {Describe(actual)}{detail}";
    }

    private static string Describe(Expr e) => e switch
    {
        NumberLiteral n => $"{n.Value:R} duration={n.IsDuration}",
        VectorSelector vs => $"name={vs.Name} matchers=[{string.Join("; ", vs.Matchers.Select(m => $"{m.Name}|{m.Type}|{m.Value}"))}] offset={vs.Offset} at={vs.At} anchored={vs.Anchored} smoothed={vs.Smoothed}",
        MatrixSelector ms => $"range={ms.Range} ({ms.Range.GetType().Name}) {Describe(ms.Selector)}",
        BinaryExpr bin => $"op={bin.Op} bool={bin.ReturnBool} matching={bin.Matching}",
        _ => e.GetType().Name,
    };

    /// <summary>Builds random, type-correct, parse-shaped trees.</summary>
    internal sealed class TreeBuilder(Random random)
    {
        private const int MaxDepth = 4;

        private static readonly string[] MetricNames =
            ["up", "http_requests_total", "node:cpu:rate5m", "_x", "a1", "sum", "by", "offset", "min", "start", "anchored", "fill"];

        private static readonly string[] Utf8Names = ["my.metric", "on", "nan", "bool", "3xx", "ä.ö", "with space", "日本", "a-b", "{}"];

        private static readonly string[] LegacyLabels = ["job", "instance", "a", "_b", "le", "NaN", "on", "by", "bool", "offset"];

        private static readonly string[] Regexes =
            ["a.*", ".+", "api|web", "[a-z]+", "\\d{2,3}", "(?i)foo", "x(?:y|z)?", "\\pL+", "[[:alpha:]]", "(?P<n>a)", "\\.", "é+", "a{0,1000}"];

        private static readonly PromQLFunction[] Functions =
            FunctionTable.All.Values.Where(f => f.Name != "info").OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();

        private bool Chance(int percent) => random.Next(100) < percent;

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        public Expr Build() => random.Next(10) switch
        {
            < 7 => Vector(0),
            < 9 => Scalar(0),
            _ => Call(0, ValueType.Vector) ?? Vector(0),
        };

        // ---- Values ---------------------------------------------------------------------------

        private double Number() => random.Next(12) switch
        {
            0 => double.PositiveInfinity,
            1 => double.NegativeInfinity,
            2 => double.NaN,
            3 => -random.Next(1000),
            4 => random.NextDouble() * Math.Pow(10, random.Next(-8, 25)),
            5 => -random.NextDouble() * 1e-3,
            6 => 0,
            _ => random.Next(10_000),
        };

        private long Milliseconds(bool allowNegative)
        {
            var ms = random.Next(4) switch
            {
                0 => random.Next(1, 1000),
                1 => random.Next(1, 100) * 1000L,
                2 => random.Next(1, 200) * 60_000L,
                _ => (long)random.Next(1, int.MaxValue),
            };
            // Durations whose seconds times 1000 falls just below a whole millisecond print 1ms short
            // (see RoundTripTests.Durations_keep_every_millisecond); keep to the others here.
            if ((long)(ms / 1000.0 * 1000) != ms) ms = ms / 1000 * 1000;
            return allowNegative && Chance(20) ? -ms : ms;
        }

        public string RandomString(int maxLength)
        {
            var sb = new StringBuilder();
            var length = random.Next(maxLength + 1);
            for (var i = 0; i < length; i++)
            {
                switch (random.Next(10))
                {
                    case < 5: sb.Append((char)random.Next(0x20, 0x7f)); break;
                    case 5: sb.Append((char)random.Next(0, 0x20)); break;
                    case 6: sb.Append(Pick(new[] { '"', '\'', '\\', '`', '\x7f', '\u00a0', '\u2028', '\ufeff' })); break;
                    case 7: sb.Append((char)random.Next(0xa0, 0x800)); break;
                    case 8:
                        var c = (char)random.Next(0x800, 0xfffe);
                        if (!char.IsSurrogate(c)) sb.Append(c);
                        break;
                    default: sb.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x10ffff))); break;
                }
            }
            return sb.ToString();
        }

        // ---- Leaves ---------------------------------------------------------------------------

        private NumberLiteral NumberLiteral() =>
            Chance(15) ? new NumberLiteral(Milliseconds(allowNegative: true) / 1000.0, IsDuration: true) : new NumberLiteral(Number());

        private LabelMatcher Matcher(string name)
        {
            var type = (MatcherType)random.Next(4);
            var value = type is MatcherType.Regex or MatcherType.NotRegex
                ? Pick(Regexes)
                : Chance(10) ? "" : RandomString(12);
            return new LabelMatcher(name, type, value);
        }

        private string LabelName() => random.Next(4) switch
        {
            0 => Pick(Utf8Names),
            1 => RandomString(6) is { Length: > 0 } s && s != LabelMatcher.MetricNameLabel ? s : "x",
            _ => Pick(LegacyLabels),
        };

        /// <summary>A label for <c>by</c>, <c>on</c>, <c>group_left</c>...: bare <c>NaN</c>/<c>Inf</c> do not read back there (see RoundTripTests).</summary>
        private string GroupingLabel() =>
            LabelName() is var name && (name.Equals("nan", StringComparison.OrdinalIgnoreCase) || name.Equals("inf", StringComparison.OrdinalIgnoreCase))
                ? "nan_" : name;

        private VectorSelector Selector(bool allowModifiers)
        {
            string? name = Chance(70) ? Pick(MetricNames) : null;
            var matchers = new List<LabelMatcher>();
            if (name is null)
            {
                // The metric name inside the braces, or just a label that does not match the empty string.
                matchers.Add(Chance(50)
                    ? new LabelMatcher(LabelMatcher.MetricNameLabel, MatcherType.Equal, Chance(50) ? Pick(Utf8Names) : Pick(MetricNames))
                    : new LabelMatcher(Pick(LegacyLabels), MatcherType.Equal, "v" + RandomString(5)));
            }
            var count = random.Next(0, 4);
            for (var i = 0; i < count; i++) matchers.Add(Matcher(LabelName()));
            matchers.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));

            var selector = new VectorSelector(name, [.. matchers]);
            if (!allowModifiers) return selector;
            return selector with
            {
                Offset = Chance(25) ? Offset() : null,
                At = Chance(20) ? At() : null,
                Anchored = Chance(5),
            };
        }

        private AtModifier At() => random.Next(3) switch
        {
            0 => new AtModifier(AtKind.Start),
            1 => new AtModifier(AtKind.End),
            _ => new AtModifier(AtKind.Timestamp, Milliseconds(allowNegative: true) * (Chance(50) ? 1 : 1000)),
        };

        // ---- Durations ------------------------------------------------------------------------

        private DurationExpr Offset() => random.Next(6) switch
        {
            0 => new DurationCall("step", []),
            1 => new DurationParen(DurationArithmetic()),
            2 => new DurationUnary(true, new DurationCall(Chance(50) ? "min_of" : "max_of", [new DurationCall("range", []), PositiveDuration()])),
            _ => new DurationLiteral(Milliseconds(allowNegative: true) / 1000.0),
        };

        private DurationLiteral PositiveDuration() => new(Milliseconds(allowNegative: false) / 1000.0);

        private DurationExpr DurationArithmetic()
        {
            var op = Pick(new[] { BinaryOp.Add, BinaryOp.Sub, BinaryOp.Mul });
            DurationExpr right = op == BinaryOp.Mul ? new DurationLiteral(random.Next(1, 10), IsDuration: false) : new DurationCall("step", []);
            return new DurationBinary(op, PositiveDuration(), right);
        }

        private DurationExpr Range() => random.Next(5) switch
        {
            0 => DurationArithmetic(),
            1 => new DurationCall("max_of", [new DurationCall("step", []), PositiveDuration()]),
            _ => PositiveDuration(),
        };

        // ---- Typed expressions ----------------------------------------------------------------

        private Expr OfType(ValueType type, int depth) => type switch
        {
            ValueType.Scalar => Scalar(depth),
            ValueType.Vector => Vector(depth),
            ValueType.Matrix => Matrix(depth),
            _ => new StringLiteral(RandomString(10)),
        };

        private Expr Scalar(int depth)
        {
            if (depth >= MaxDepth) return NumberLiteral();
            return random.Next(10) switch
            {
                < 4 => NumberLiteral(),
                4 => Call(depth, ValueType.Scalar) ?? NumberLiteral(),
                5 => new ParenExpr(Scalar(depth + 1)),
                6 => new UnaryExpr(Chance(70), NonLiteralOperand(Scalar(depth + 1))),
                _ => Binary(depth, scalarOnly: true),
            };
        }

        private Expr Vector(int depth)
        {
            if (depth >= MaxDepth) return Selector(allowModifiers: true);
            return random.Next(12) switch
            {
                < 3 => Selector(allowModifiers: true),
                3 or 4 => Call(depth, ValueType.Vector) ?? Selector(true),
                5 or 6 => Aggregate(depth),
                7 => new ParenExpr(Vector(depth + 1)),
                8 => new UnaryExpr(Chance(70), NonLiteralOperand(Vector(depth + 1))),
                _ => Binary(depth, scalarOnly: false),
            };
        }

        private Expr Matrix(int depth)
        {
            if (depth >= MaxDepth || Chance(60))
            {
                var selector = Selector(allowModifiers: false);
                var range = new MatrixSelector(selector, Range());
                return range with
                {
                    Selector = selector with
                    {
                        Offset = Chance(25) ? Offset() : null,
                        At = Chance(20) ? At() : null,
                        Anchored = Chance(10),
                    },
                };
            }
            var inner = Vector(depth + 1);
            if (inner is BinaryExpr or UnaryExpr) inner = new ParenExpr(inner);
            return new SubqueryExpr(inner, Range(), Chance(60) ? Range() : null)
            {
                Offset = Chance(25) ? Offset() : null,
                At = Chance(20) ? At() : null,
            };
        }

        /// <summary>A unary sign applies to a power-level operand; a sign before a bare number would fold into it.</summary>
        private static Expr NonLiteralOperand(Expr operand) =>
            operand is NumberLiteral || operand is BinaryExpr { Op: not BinaryOp.Pow } ? new ParenExpr(operand) : operand;

        private Expr? Call(int depth, ValueType returns)
        {
            var candidates = Functions.Where(f => f.ReturnType == returns).ToArray();
            if (candidates.Length == 0) return null;
            var f = Pick(candidates);
            var max = f.MaxArgs ?? f.ArgTypes.Length + 2;
            var count = random.Next(f.MinArgs, max + 1);
            var args = ImmutableArray.CreateBuilder<Expr>(count);
            for (var i = 0; i < count; i++) args.Add(OfType(f.ArgType(i), depth + 1));
            return new Call(f, args.MoveToImmutable());
        }

        private Expr Aggregate(int depth)
        {
            var op = (AggregateOp)random.Next(Enum.GetValues<AggregateOp>().Length);
            Expr? param = op.HasParameter()
                ? op == AggregateOp.CountValues ? new StringLiteral(RandomString(8)) : Scalar(depth + 1)
                : null;
            var without = Chance(30);
            var grouping = Chance(60)
                ? Enumerable.Range(0, random.Next(0, 4)).Select(_ => GroupingLabel()).ToImmutableArray()
                : [];
            return new AggregateExpr(op, Vector(depth + 1), param, grouping, without);
        }

        private static readonly BinaryOp[] Arithmetic =
            [BinaryOp.Add, BinaryOp.Sub, BinaryOp.Mul, BinaryOp.Div, BinaryOp.Mod, BinaryOp.Pow, BinaryOp.Atan2];

        private static readonly BinaryOp[] Comparisons =
            [BinaryOp.Eql, BinaryOp.Neq, BinaryOp.Gtr, BinaryOp.Lss, BinaryOp.Gte, BinaryOp.Lte];

        private Expr Binary(int depth, bool scalarOnly)
        {
            var kind = random.Next(10);
            BinaryOp op;
            Expr left, right;
            var returnBool = false;
            VectorMatching? matching = null;

            if (scalarOnly)
            {
                op = kind < 6 ? Pick(Arithmetic) : Pick(Comparisons);
                returnBool = op.IsComparison();
                left = Scalar(depth + 1);
                right = Scalar(depth + 1);
            }
            else if (kind < 2)
            {
                // Set operators: vectors on both sides, many-to-many, never bool or grouping.
                op = Pick(new[] { BinaryOp.And, BinaryOp.Or, BinaryOp.Unless });
                left = Vector(depth + 1);
                right = Vector(depth + 1);
                matching = new VectorMatching(Cardinality.ManyToMany, Labels(), Chance(50), []);
                if (!matching.On && Chance(50)) matching = matching with { MatchingLabels = [] };
            }
            else
            {
                op = kind < 6 ? Pick(Arithmetic.Append(BinaryOp.TrimUpper).Append(BinaryOp.TrimLower).ToArray()) : Pick(Comparisons);
                var bothVectors = Chance(60);
                var scalarOnLeft = Chance(50);
                left = bothVectors || !scalarOnLeft ? Vector(depth + 1) : Scalar(depth + 1);
                right = bothVectors || scalarOnLeft ? Vector(depth + 1) : Scalar(depth + 1);
                returnBool = op.IsComparison() && Chance(40);
                if (bothVectors && Chance(60)) matching = Matching();
            }

            return new BinaryExpr(op, Operand(left, op, isLeft: true), Operand(right, op, isLeft: false), matching, returnBool);
        }

        private ImmutableArray<string> Labels() =>
            Enumerable.Range(0, random.Next(0, 3)).Select(_ => GroupingLabel()).Distinct().ToImmutableArray();

        private VectorMatching Matching()
        {
            var on = Chance(50);
            var labels = Labels();
            var card = random.Next(4) switch
            {
                0 => Cardinality.ManyToOne,
                1 => Cardinality.OneToMany,
                _ => Cardinality.OneToOne,
            };
            var include = card == Cardinality.OneToOne
                ? ImmutableArray<string>.Empty
                : Labels().Where(l => !(on && labels.Contains(l))).ToImmutableArray();
            var matching = new VectorMatching(card, labels, on, include);
            return random.Next(5) switch
            {
                0 => matching with { FillLeft = Number(), FillRight = null },
                1 => matching with { FillLeft = null, FillRight = Number() },
                2 when Number() is var v => matching with { FillLeft = v, FillRight = v },
                _ => matching,
            };
        }

        // ---- Precedence -----------------------------------------------------------------------

        private static class Precedence
        {
            public const int Primary = 10;
            public const int Pow = 6;
            public const int Unary = 5; // binds like * / %, looser than ^
        }

        /// <summary>How tightly a node holds together when printed without parentheses.</summary>
        private static int Binding(Expr e) => e switch
        {
            BinaryExpr b => b.Op.Precedence(),
            UnaryExpr => Precedence.Unary,
            NumberLiteral n when double.IsNegative(n.Value) || double.IsInfinity(n.Value) => Precedence.Unary, // printed with a sign
            _ => Precedence.Primary,
        };

        /// <summary>Wraps an operand in parentheses where the parser would otherwise group the text differently.</summary>
        private static Expr Operand(Expr child, BinaryOp op, bool isLeft)
        {
            var p = op.Precedence();
            var c = Binding(child);
            bool wrap;
            if (op == BinaryOp.Pow)
                wrap = isLeft ? c <= Precedence.Pow : child is BinaryExpr { Op: not BinaryOp.Pow };
            else if (child is UnaryExpr or Hesione.PromQL.Ast.NumberLiteral)
                wrap = false; // a sign binds to its operand at the operand level of * / % and looser
            else
                wrap = isLeft ? c < p : c <= p;
            return wrap ? new ParenExpr(child) : child;
        }
    }
}
