using System.Collections.Immutable;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.Parsing;

namespace Hesione.PromQL.MetricsQL;

/// <summary>
/// Enforces a <see cref="LabelScope"/> on MetricsQL: the query is parsed as VictoriaMetrics reads it (WITH
/// templates expanded, so a template body is enforced where it is used), then every series filter wherever it
/// stands — each or-group of every selector (<c>{a="1" or b="2"}</c> gets the scope in both groups), the
/// selectors inside rollups with or without a window, subqueries, every function and aggregate argument,
/// <c>@</c> expressions — carries the scope's matchers. Label-manipulating functions (<c>label_set</c>,
/// <c>label_map</c>, <c>label_copy</c>...) only rename results: the series they read are scoped like any
/// other. Idempotent; a node kind it does not know is refused. Thread-safe.
/// </summary>
/// <param name="scope">The scope to enforce.</param>
/// <param name="options">The limits queries are parsed with (default: <see cref="PromQLParserOptions.Default"/>).</param>
public sealed class MetricsQLEnforcer(LabelScope scope, PromQLParserOptions? options = null)
{
    private readonly ScopeMatchers _scope = new(scope ?? throw new ArgumentNullException(nameof(scope)));
    private readonly PromQLParserOptions _options = options ?? PromQLParserOptions.Default;

    /// <summary>The enforced scope.</summary>
    public LabelScope Scope => _scope.Scope;

    /// <summary>Parses and enforces <paramref name="query"/>, returning the enforced query in MetricsQL's canonical form.</summary>
    public EnforcementResult<string> EnforceQuery(string query) => EnforceQuery(query, refuse: null);

    /// <summary>
    /// Parses and enforces <paramref name="query"/>, returning the enforced query in MetricsQL's canonical form,
    /// unless <paramref name="refuse"/> finds a reason to refuse the enforced tree (its message becomes the error).
    /// </summary>
    /// <param name="query">The query.</param>
    /// <param name="refuse">A last check of the enforced tree before it is printed: a message refuses it, null lets it pass.</param>
    public EnforcementResult<string> EnforceQuery(string query, Func<MetricsQLExpr, string?>? refuse)
    {
        var parsed = MetricsQLParser.Parse(query, _options);
        if (!parsed.Success) return EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, parsed.ErrorMessage!);
        var enforced = Enforce(parsed.Value);
        if (!enforced.Success) return EnforcementResult<string>.Fail(enforced.Failure, enforced.Error);
        if (refuse?.Invoke(enforced.Value) is { } reason) return EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, reason);
        return MetricsQLPrinter.TryPrint(enforced.Value) switch
        {
            null => EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, "expression is nested too deeply"),
            { Length: var n } when n > _options.MaxQueryLength =>
                EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, $"the query expands to {n} characters, the limit is {_options.MaxQueryLength}"),
            var text => EnforcementResult<string>.Ok(text),
        };
    }

    /// <summary>Enforces an already parsed expression.</summary>
    public EnforcementResult<MetricsQLExpr> Enforce(MetricsQLExpr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        return ScopeMatchers.Run((Enforcer: this, Expr: expr), static run => run.Enforcer.Rewrite(run.Expr));
    }

    /// <summary>Adds the scope's matchers to every or-group of <paramref name="selector"/> (those a group already carries are not repeated).</summary>
    public MqlSelector EnforceSelector(MqlSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        if (selector.Groups.IsEmpty) return new MqlSelector([Scope.Matchers]);
        var groups = ImmutableArray.CreateBuilder<ImmutableArray<LabelMatcher>>(selector.Groups.Length);
        foreach (var group in selector.Groups)
        {
            _scope.RefuseConflict(group);
            groups.Add(_scope.AddTo(group));
        }
        return new MqlSelector(groups.MoveToImmutable());
    }

    private MetricsQLExpr Rewrite(MetricsQLExpr expr)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        return expr switch
        {
            MqlNumber or MqlString or MqlDuration => expr,
            MqlVariable v => throw new EnforcementException(EnforcementFailure.InvalidQuery, $"unresolved variable {v.Text}: the dashboard did not replace it"),
            MqlSelector me => EnforceSelector(me),
            MqlRollup re => re with { Expr = Rewrite(re.Expr), At = re.At is null ? null : Rewrite(re.At) },
            MqlBinary be => be with { Left = Rewrite(be.Left), Right = Rewrite(be.Right) },
            MqlCall fe => fe with { Args = RewriteAll(fe.Args) },
            MqlAggregate ae => ae with { Args = RewriteAll(ae.Args) },
            _ => throw new EnforcementException(EnforcementFailure.UnknownNode, $"cannot enforce a label scope on a {expr.GetType().Name} node"),
        };
    }

    private ImmutableArray<MetricsQLExpr> RewriteAll(ImmutableArray<MetricsQLExpr> args)
    {
        var b = ImmutableArray.CreateBuilder<MetricsQLExpr>(args.Length);
        foreach (var arg in args) b.Add(Rewrite(arg));
        return b.MoveToImmutable();
    }
}
