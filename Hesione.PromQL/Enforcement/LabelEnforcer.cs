using Hesione.PromQL.Ast;
using Hesione.PromQL.Parsing;

namespace Hesione.PromQL.Enforcement;

/// <summary>
/// Rewrites queries so that every vector and range selector, wherever it stands, carries the scope's
/// matchers. The original is parsed and checked first and refused when invalid (fail closed); a user's
/// own matchers are kept, so the result is the intersection of what the user asked for and the scope;
/// enforcing an enforced query changes nothing. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// var enforcer = new LabelEnforcer(LabelScope.Single("namespace", "team-a"));
/// var result = enforcer.EnforceQuery("sum by (pod) (rate(http_requests_total[5m]))");
/// // result.Value == "sum by (pod) (rate(http_requests_total{namespace=\"team-a\"}[5m]))"
/// </code>
/// </example>
/// <param name="scope">The scope to enforce.</param>
/// <param name="options">How queries are parsed (default: <see cref="PromQLParserOptions.Default"/>).</param>
public sealed class LabelEnforcer(LabelScope scope, PromQLParserOptions? options = null)
{
    private readonly ScopeMatchers _scope = new(scope ?? throw new ArgumentNullException(nameof(scope)));
    private readonly PromQLParserOptions _options = options ?? PromQLParserOptions.Default;

    /// <summary>The enforced scope.</summary>
    public LabelScope Scope => _scope.Scope;

    /// <summary>Parses, checks and enforces <paramref name="query"/>, returning the enforced query in canonical form.</summary>
    public EnforcementResult<string> EnforceQuery(string query) => EnforceAndPrint(PromQLParser.Parse(query, _options));

    /// <summary>Enforces an already parsed and checked expression.</summary>
    public EnforcementResult<Expr> Enforce(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        return ScopeMatchers.Run((Enforcer: this, Expr: expr), static run => new Rewriter(run.Enforcer).Visit(run.Expr));
    }

    /// <summary>
    /// Parses and enforces a series selector as used by <c>match[]</c> (<c>up{job="api"}</c>), returning
    /// the enforced selector in canonical form.
    /// </summary>
    public EnforcementResult<string> EnforceSeriesSelector(string selector) =>
        EnforceAndPrint(PromQLParser.ParseSeriesSelector(selector, _options));

    private EnforcementResult<string> EnforceAndPrint<T>(ParseResult<T> parsed) where T : Expr
    {
        if (!parsed.Success) return EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, parsed.ErrorMessage!);
        var enforced = Enforce(parsed.Value);
        return enforced.Success
            ? EnforcementResult<string>.Ok(enforced.Value.ToString())
            : EnforcementResult<string>.Fail(enforced.Failure, enforced.Error);
    }

    /// <summary>The selector that stands for "everything in scope", for endpoints called without <c>match[]</c>.</summary>
    public string DefaultSeriesSelector => Scope.DefaultSelector.ToString();

    /// <summary>
    /// Adds the scope's matchers to one selector (those it already carries are not repeated). With a
    /// metric scope, a metric name written before the braces moves inside them (<c>{__name__="x", __name__=~"scope"}</c>),
    /// because Prometheus refuses a name given twice.
    /// </summary>
    public VectorSelector EnforceSelector(VectorSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        _scope.RefuseConflict(selector);
        if (!Scope.MetricPatterns.IsEmpty && selector.Name is { } name)
            selector = selector with { Name = null, Matchers = selector.Matchers.Insert(0, new LabelMatcher(LabelMatcher.MetricNameLabel, MatcherType.Equal, name)) };
        var matchers = _scope.AddTo(selector.Matchers);
        return matchers == selector.Matchers ? selector : selector.WithMatchers(matchers);
    }

    private sealed class Rewriter(LabelEnforcer enforcer) : ExprRewriter
    {
        public override Expr Visit(Expr node) => node switch
        {
            NumberLiteral or StringLiteral or VectorSelector or MatrixSelector or SubqueryExpr or ParenExpr
                or UnaryExpr or BinaryExpr or AggregateExpr or Call => base.Visit(node),
            _ => throw new EnforcementException(EnforcementFailure.UnknownNode,
                $"cannot enforce a label scope on a {node.GetType().Name} node"),
        };

        public override Expr VisitVectorSelector(VectorSelector node) => enforcer.EnforceSelector(node);
    }
}

/// <summary>Carries an enforcement failure out of the rewriter.</summary>
internal sealed class EnforcementException(EnforcementFailure failure, string message) : Exception(message)
{
    public EnforcementFailure Failure { get; } = failure;
}
