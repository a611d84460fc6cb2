using System.Collections.Immutable;
using Hesione.PromQL.Ast;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.MetricsQL;
using Hesione.PromQL.Parsing;
using Hesione.PromQL.Printing;
using Hesione.Server.Configuration;

namespace Hesione.Server.Enforcement;

/// <summary>
/// What a receiver does to queries and series selectors: enforce its label scope, or, for an
/// <c>unrestricted: true</c> receiver, parse and check them (invalid input is still refused) and
/// forward their canonical form. Queries are read in the receiver's <see cref="Dialect"/> (series selectors
/// always as PromQL). An enforced query that has a crash pattern of the receiver's backend
/// (<see cref="BackendCrashPatterns"/>) is refused. Results are remembered in the config's <see cref="EnforcementCache"/>.
/// Built once at config load; thread-safe.
/// </summary>
internal sealed class ReceiverScope
{
    private readonly LabelEnforcer? _enforcer;
    private readonly PromQLParserOptions _options;
    private readonly EnforcementCache _cache;
    private readonly ImmutableArray<CrashPattern> _crashPatterns;
    private readonly Func<string, EnforcementResult<string>> _enforceQuery;
    private readonly Func<string, EnforcementResult<string>> _enforceSelector;

    private ReceiverScope(LabelEnforcer? enforcer, PromQLParserOptions options, EnforcementCache cache, QueryDialect dialect = QueryDialect.PromQL, ImmutableArray<CrashPattern> crashPatterns = default)
    {
        _enforcer = enforcer;
        _options = options;
        _cache = cache;
        _crashPatterns = crashPatterns.IsDefault ? [] : crashPatterns;
        Dialect = dialect;
        if (dialect == QueryDialect.MetricsQL)
        {
            var metricsQL = enforcer is null ? null : new MetricsQLEnforcer(enforcer.Scope, options);
            Func<MetricsQLExpr, string?>? refuse = _crashPatterns.IsEmpty ? null : enforced => BackendCrashPatterns.Find(_crashPatterns, enforced)?.Message;
            _enforceQuery = query => metricsQL?.EnforceQuery(query, refuse) ?? CanonicalMetricsQL(MetricsQLParser.Parse(query, _options), refuse, _options.MaxQueryLength);
        }
        else
        {
            _enforceQuery = query => _crashPatterns.IsEmpty
                ? _enforcer?.EnforceQuery(query) ?? Canonical(PromQLParser.Parse(query, _options))
                : EnforceRefusingCrashPatterns(PromQLParser.Parse(query, _options));
        }
        _enforceSelector = selector => _enforcer?.EnforceSeriesSelector(selector) ?? Canonical(PromQLParser.ParseSeriesSelector(selector, _options));
        DefaultSelector = enforcer?.DefaultSeriesSelector;
    }

    public static ReceiverScope Enforcing(LabelScope scope, PromQLParserOptions options, EnforcementCache cache) => new(new LabelEnforcer(scope, options), options, cache);

    public static ReceiverScope Unrestricted(PromQLParserOptions options, EnforcementCache cache) => new(null, options, cache);

    /// <summary>This scope in front of a backend of <paramref name="flavor"/>: also refusing the queries known to crash it.</summary>
    public ReceiverScope ForBackend(Flavor flavor) => new(_enforcer, _options, _cache, Dialect, BackendCrashPatterns.For(flavor));

    /// <summary>The same scope reading queries in <paramref name="dialect"/>.</summary>
    public ReceiverScope ForDialect(QueryDialect dialect) => dialect == Dialect ? this : new(_enforcer, _options, _cache, dialect, _crashPatterns);

    /// <summary>This scope with <paramref name="labels"/> instead of its own (a user's or a token's scope on this receiver).</summary>
    public ReceiverScope WithLabels(LabelScope labels) => new(new LabelEnforcer(labels, _options), _options, _cache, Dialect, _crashPatterns);

    /// <summary>The language queries are read in (<c>dialect</c> key).</summary>
    public QueryDialect Dialect { get; }

    /// <summary>The label scope, or null when unrestricted.</summary>
    public LabelScope? Labels => _enforcer?.Scope;

    /// <summary>The selector of the whole scope (<c>{namespace="team-a"}</c>), or null when unrestricted.</summary>
    public string? DefaultSelector { get; }

    public EnforcementResult<string> EnforceQuery(string query) => _cache.GetOrEnforce(this, selector: false, query, _enforceQuery);

    public EnforcementResult<string> EnforceSeriesSelector(string selector) => _cache.GetOrEnforce(this, selector: true, selector, _enforceSelector);

    private EnforcementResult<string> EnforceRefusingCrashPatterns(ParseResult<Expr> parsed)
    {
        if (!parsed.Success) return EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, parsed.ErrorMessage!);
        var enforced = _enforcer?.Enforce(parsed.Value) ?? EnforcementResult<Expr>.Ok(parsed.Value);
        if (!enforced.Success) return EnforcementResult<string>.Fail(enforced.Failure, enforced.Error);
        return BackendCrashPatterns.Find(_crashPatterns, enforced.Value) is { } pattern
            ? EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, pattern.Message)
            : EnforcementResult<string>.Ok(enforced.Value.ToString());
    }

    /// <summary>
    /// The multi-line form of a query this scope has enforced, as Prometheus's <c>format_query</c> answers it
    /// (<see cref="PromQLPrinter.Pretty"/>); the one-line form when it does not parse again.
    /// </summary>
    public string Pretty(string enforcedQuery)
    {
        var parsed = PromQLParser.Parse(enforcedQuery, _options);
        return parsed.Success ? PromQLPrinter.Pretty(parsed.Value) : enforcedQuery;
    }

    /// <summary>An unrestricted receiver still refuses invalid input and forwards the canonical form.</summary>
    private static EnforcementResult<string> Canonical<T>(ParseResult<T> parsed) where T : Expr =>
        parsed.Success
            ? EnforcementResult<string>.Ok(parsed.Value.ToString())
            : EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, parsed.ErrorMessage!);

    private static EnforcementResult<string> CanonicalMetricsQL(ParseResult<MetricsQLExpr> parsed, Func<MetricsQLExpr, string?>? refuse, int maxLength) =>
        !parsed.Success ? EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, parsed.ErrorMessage!)
        : refuse?.Invoke(parsed.Value) is { } reason ? EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, reason)
        : MetricsQLPrinter.TryPrint(parsed.Value) switch
        {
            null => EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, "expression is nested too deeply"),
            { Length: var n } when n > maxLength => EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, $"the query expands to {n} characters, the limit is {maxLength}"),
            var text => EnforcementResult<string>.Ok(text),
        };
}
