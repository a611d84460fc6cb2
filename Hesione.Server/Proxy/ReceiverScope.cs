using Hesione.PromQL.Ast;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.MetricsQL;
using Hesione.PromQL.Parsing;

namespace Hesione.Server.Proxy;

/// <summary>
/// What a receiver does to queries and series selectors: enforce its label scope, or, for an
/// <c>unrestricted: true</c> receiver, parse and check them (invalid input is still refused) and
/// forward their canonical form. Queries are read in the receiver's <see cref="Dialect"/> (series selectors
/// always as PromQL). Results are remembered in the config's <see cref="EnforcementCache"/>.
/// Built once at config load; thread-safe.
/// </summary>
internal sealed class ReceiverScope
{
    private readonly LabelEnforcer? _enforcer;
    private readonly PromQLParserOptions _options;
    private readonly EnforcementCache _cache;
    private readonly Func<string, EnforcementResult<string>> _enforceQuery;
    private readonly Func<string, EnforcementResult<string>> _enforceSelector;

    private ReceiverScope(LabelEnforcer? enforcer, PromQLParserOptions options, EnforcementCache cache, QueryDialect dialect = QueryDialect.PromQL)
    {
        _enforcer = enforcer;
        _options = options;
        _cache = cache;
        Dialect = dialect;
        if (dialect == QueryDialect.MetricsQL)
        {
            var metricsQL = enforcer is null ? null : new MetricsQLEnforcer(enforcer.Scope, options);
            _enforceQuery = query => metricsQL?.EnforceQuery(query) ?? CanonicalMetricsQL(MetricsQLParser.Parse(query, _options), _options.MaxQueryLength);
        }
        else
        {
            _enforceQuery = query => _enforcer?.EnforceQuery(query) ?? Canonical(PromQLParser.Parse(query, _options));
        }
        _enforceSelector = selector => _enforcer?.EnforceSeriesSelector(selector) ?? Canonical(PromQLParser.ParseSeriesSelector(selector, _options));
        DefaultSelector = enforcer?.DefaultSeriesSelector;
    }

    public static ReceiverScope Enforcing(LabelScope scope, PromQLParserOptions options, EnforcementCache cache) => new(new LabelEnforcer(scope, options), options, cache);

    public static ReceiverScope Unrestricted(PromQLParserOptions options, EnforcementCache cache) => new(null, options, cache);

    /// <summary>The same scope reading queries in <paramref name="dialect"/>.</summary>
    public ReceiverScope ForDialect(QueryDialect dialect) => dialect == Dialect ? this : new(_enforcer, _options, _cache, dialect);

    /// <summary>The language queries are read in (<c>dialect</c> key).</summary>
    public QueryDialect Dialect { get; }

    /// <summary>The label scope, or null when unrestricted.</summary>
    public LabelScope? Labels => _enforcer?.Scope;

    /// <summary>The selector of the whole scope (<c>{namespace="team-a"}</c>), or null when unrestricted.</summary>
    public string? DefaultSelector { get; }

    public EnforcementResult<string> EnforceQuery(string query) => _cache.GetOrEnforce(this, selector: false, query, _enforceQuery);

    public EnforcementResult<string> EnforceSeriesSelector(string selector) => _cache.GetOrEnforce(this, selector: true, selector, _enforceSelector);

    /// <summary>An unrestricted receiver still refuses invalid input and forwards the canonical form.</summary>
    private static EnforcementResult<string> Canonical<T>(ParseResult<T> parsed) where T : Expr =>
        parsed.Success
            ? EnforcementResult<string>.Ok(parsed.Value.ToString())
            : EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, parsed.ErrorMessage!);

    private static EnforcementResult<string> CanonicalMetricsQL(ParseResult<MetricsQLExpr> parsed, int maxLength) =>
        !parsed.Success ? EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, parsed.ErrorMessage!)
        : MetricsQLPrinter.TryPrint(parsed.Value) switch
        {
            null => EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, "expression is nested too deeply"),
            { Length: var n } when n > maxLength => EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, $"the query expands to {n} characters, the limit is {maxLength}"),
            var text => EnforcementResult<string>.Ok(text),
        };
}
