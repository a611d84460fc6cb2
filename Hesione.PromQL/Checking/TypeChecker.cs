using Hesione.PromQL.Ast;
using Hesione.PromQL.Parsing;
using ValueType = Hesione.PromQL.Ast.ValueType;

namespace Hesione.PromQL.Checking;

/// <summary>
/// Prometheus's checks after parsing: operand and argument types, argument counts, <c>bool</c> and set
/// operator rules, vector matching rules, selector rules, and the feature switches of
/// <see cref="PromQLParserOptions"/>. Reports the first problem, in Prometheus's wording.
/// </summary>
internal sealed class TypeChecker(PromQLParserOptions options)
{
    private ParseError? _error;

    public ParseError? Check(Expr root)
    {
        Visit(root);
        return _error;
    }

    private void Fail(PositionRange at, string message) => _error ??= new ParseError(at.Start, message);

    private void Fail(int at, string message) => _error ??= new ParseError(at, message);

    private ValueType Visit(Expr node)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case ParenExpr paren:
                Visit(paren.Expr);
                break;
            case UnaryExpr unary:
                {
                    var t = Visit(unary.Expr);
                    if (t is not (ValueType.Scalar or ValueType.Vector))
                        Fail(unary.Position, $"unary expression only allowed on expressions of type scalar or instant vector, got {Printing.GoQuoting.Quote(t.DocumentedName())}");
                    break;
                }
            case BinaryExpr binary:
                CheckBinary(binary);
                break;
            case AggregateExpr aggregate:
                CheckAggregate(aggregate);
                break;
            case Call call:
                CheckCall(call);
                break;
            case SubqueryExpr subquery:
                {
                    var t = Visit(subquery.Expr);
                    if (t != ValueType.Vector)
                        Fail(subquery.Position, $"subquery is only allowed on instant vector, got {t.ShortName()} instead");
                    CheckDuration(subquery.Range);
                    if (subquery.Step is not null) CheckDuration(subquery.Step);
                    if (subquery.Offset is not null) CheckDuration(subquery.Offset);
                    break;
                }
            case MatrixSelector matrix:
                CheckSelector(matrix.Selector, bypassEmptyCheck: false);
                CheckDuration(matrix.Range);
                break;
            case VectorSelector selector:
                CheckSelector(selector, bypassEmptyCheck: false);
                break;
        }
        return node.Type;
    }

    private void CheckBinary(BinaryExpr n)
    {
        var lt = Visit(n.Left);
        var rt = Visit(n.Right);
        var matching = n.Matching ?? VectorMatching.Default;
        if (n.ReturnBool && !n.Op.IsComparison())
            Fail(n.Position, "bool modifier can only be used on comparison operators");
        if (n.Op.IsComparison() && !n.ReturnBool && lt == ValueType.Scalar && rt == ValueType.Scalar)
            Fail(n.Position, "comparisons between scalars must use BOOL modifier");
        if (matching.On)
            foreach (var l1 in matching.MatchingLabels)
                if (matching.Include.Contains(l1))
                    Fail(n.Position, $"label {Printing.GoQuoting.Quote(l1)} must not occur in ON and GROUP clause at once");
        if (lt is not (ValueType.Scalar or ValueType.Vector))
            Fail(n.Left.Position, "binary expression must contain only scalar and instant vector types");
        if (rt is not (ValueType.Scalar or ValueType.Vector))
            Fail(n.Right.Position, "binary expression must contain only scalar and instant vector types");
        if ((lt != ValueType.Vector || rt != ValueType.Vector) && n.Matching is not null)
        {
            if (!matching.MatchingLabels.IsDefaultOrEmpty)
                Fail(n.Position, "vector matching only allowed between instant vectors");
        }
        else if (n.Op.IsSetOperator())
        {
            if (matching.Card is Cardinality.OneToMany or Cardinality.ManyToOne)
                Fail(n.Position, $"no grouping allowed for {Printing.GoQuoting.Quote(n.Op.Text())} operation");
            else if (matching.Card != Cardinality.ManyToMany)
                Fail(n.Position, "set operations must always be many-to-many");
        }
        if ((lt == ValueType.Scalar || rt == ValueType.Scalar) && n.Op.IsSetOperator())
            Fail(n.Position, $"set operator {Printing.GoQuoting.Quote(n.Op.Text())} not allowed in binary scalar expression");
        if (matching.FillLeft is not null || matching.FillRight is not null)
        {
            if (!options.EnableBinopFillModifiers)
                Fail(n.Position, "fill modifiers are not enabled");
            else if (n.Op.IsSetOperator())
                Fail(n.Position, $"fill modifiers are not allowed for {Printing.GoQuoting.Quote(n.Op.Text())} operation");
        }
    }

    private void CheckAggregate(AggregateExpr n)
    {
        if (n.Op.IsExperimental() && !options.EnableExperimentalFunctions)
            Fail(n.Position, "limitk() and limit_ratio() are experimental and must be enabled with --enable-feature=promql-experimental-functions");
        if (n.Param is not null)
        {
            var want = n.Op == AggregateOp.CountValues ? ValueType.String : ValueType.Scalar;
            ExpectType(n.Param, want, "aggregation parameter");
        }
        ExpectType(n.Expr, ValueType.Vector, "aggregation expression");
    }

    private void CheckCall(Call n)
    {
        var f = n.Function;
        if (f.Experimental && !options.EnableExperimentalFunctions)
            Fail(n.Position, $"function {Printing.GoQuoting.Quote(f.Name)} is not enabled");
        var count = n.Args.Length;
        var quotedName = Printing.GoQuoting.Quote(f.Name);
        if (f.Variadic == 0)
        {
            if (count != f.ArgTypes.Length)
                Fail(n.Position, $"expected {f.ArgTypes.Length} argument(s) in call to {quotedName}, got {count}");
        }
        else if (count < f.MinArgs)
            Fail(n.Position, $"expected at least {f.MinArgs} argument(s) in call to {quotedName}, got {count}");
        else if (f.MaxArgs is { } max && count > max)
            Fail(n.Position, $"expected at most {max} argument(s) in call to {quotedName}, got {count}");

        for (var i = 0; i < count; i++)
        {
            if (i >= f.ArgTypes.Length && f.Variadic == 0) break;
            var arg = n.Args[i];
            if (f.Name == "info" && i == 1)
            {
                CheckInfoSelector(arg);
                continue;
            }
            ExpectType(arg, f.ArgType(i), $"call to function {quotedName}");
        }
    }

    private void CheckInfoSelector(Expr arg)
    {
        if (arg is not VectorSelector selector)
        {
            Visit(arg);
            Fail(arg.Position, $"expected label selectors only, got {DescribeNode(arg)} instead");
            return;
        }
        if (selector.Name is not null)
            Fail(selector.Position, "expected label selectors only, got vector selector instead");
        CheckSelector(selector, bypassEmptyCheck: true);
    }

    private void ExpectType(Expr node, ValueType want, string context)
    {
        var got = Visit(node);
        if (got != want)
            Fail(node.Position, $"expected type {want.DocumentedName()} in {context}, got {got.DocumentedName()}");
    }

    private void CheckSelector(VectorSelector n, bool bypassEmptyCheck)
    {
        if (n.Name is not null)
            foreach (var m in n.Matchers)
                if (m.Name == LabelMatcher.MetricNameLabel)
                    Fail(n.Position, $"metric name must not be set twice: {Printing.GoQuoting.Quote(n.Name)} or {Printing.GoQuoting.Quote(m.Value)}");
        if (!bypassEmptyCheck && !HasNonEmptyMatcher(n))
            Fail(n.Position, "vector selector must contain at least one non-empty matcher");
        if ((n.Anchored || n.Smoothed) && !options.EnableExtendedRangeSelectors)
            Fail(n.Position, $"{(n.Anchored ? "anchored" : "smoothed")} modifier is not enabled");
        if (n.Offset is not null) CheckDuration(n.Offset);
    }

    private static bool HasNonEmptyMatcher(VectorSelector n)
    {
        if (n.Name is { Length: > 0 }) return true;
        foreach (var m in n.Matchers)
            if (!m.MatchesEmpty()) return true;
        return false;
    }

    private void CheckDuration(DurationExpr duration)
    {
        if (!options.ExperimentalDurationExpr && !DurationGrammar.IsLiteral(duration))
            Fail(duration.Position, "experimental duration expression is not enabled");
    }

    private static string DescribeNode(Expr e) => e switch
    {
        BinaryExpr => "binary expression",
        Call => "function call",
        AggregateExpr => "aggregate expression",
        MatrixSelector => "matrix selector",
        SubqueryExpr => "subquery",
        NumberLiteral => "number literal",
        StringLiteral => "string literal",
        ParenExpr => "paren expression",
        UnaryExpr => "unary expression",
        _ => "expression",
    };
}
