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

    public EnforcementResult<string> EnforceQuery(string query)
    {
        if (_enforcer is not null) return _enforcer.EnforceQuery(query);
        var parsed = PromQLParser.Parse(query, _options);
        return parsed.Success
            ? EnforcementResult<string>.Ok(parsed.Value.ToString())
            : EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, parsed.ErrorMessage!);
    }

    public EnforcementResult<string> EnforceSeriesSelector(string selector)
    {
        if (_enforcer is not null) return _enforcer.EnforceSeriesSelector(selector);
        var parsed = PromQLParser.ParseSeriesSelector(selector, _options);
        return parsed.Success
            ? EnforcementResult<string>.Ok(parsed.Value.ToString())
            : EnforcementResult<string>.Fail(EnforcementFailure.InvalidQuery, parsed.ErrorMessage!);
    }
}
