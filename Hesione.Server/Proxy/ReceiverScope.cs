using Hesione.PromQL.Ast;
using Hesione.PromQL.Enforcement;
using Hesione.PromQL.Parsing;

namespace Hesione.Server.Proxy;

/// <summary>
/// What a receiver does to queries and series selectors: enforce its label scope, or, for an
/// <c>unrestricted: true</c> receiver, parse and check them (invalid input is still refused) and
/// forward their canonical form. Built once at config load; thread-safe.
/// </summary>
internal sealed class ReceiverScope
{
    private readonly LabelEnforcer? _enforcer;
    private readonly PromQLParserOptions _options;

    private ReceiverScope(LabelEnforcer? enforcer, PromQLParserOptions options)
    {
        _enforcer = enforcer;
        _options = options;
        DefaultSelector = enforcer?.DefaultSeriesSelector;
    }

    public static ReceiverScope Enforcing(LabelScope scope, PromQLParserOptions options) => new(new LabelEnforcer(scope, options), options);

    public static ReceiverScope Unrestricted(PromQLParserOptions options) => new(null, options);

    /// <summary>The label scope, or null when unrestricted.</summary>
    public LabelScope? Labels => _enforcer?.Scope;

    /// <summary>The selector of the whole scope (<c>{namespace="team-a"}</c>), or null when unrestricted.</summary>
    public string? DefaultSelector { get; }

    public EnforcementResult<string> EnforceQuery(string query) =>
        _enforcer?.EnforceQuery(query) ?? Canonical(PromQLParser.Parse(query, _options));

    public EnforcementResult<string> EnforceSeriesSelector(string selector) =>
        _enforcer?.EnforceSeriesSelector(selector) ?? Canonical(PromQLParser.ParseSeriesSelector(selector, _options));

    /// <summary>An unrestricted receiver still refuses invalid input and forwards the canonical form.</summary>
    private static EnforcementResult<string> Canonical<T>(ParseResult<T> parsed) where T : Expr =>
        parsed.Success
            ? EnforcementResult<string>.Ok(parsed.Value.ToString())
            : EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, parsed.ErrorMessage!);
}
