using Hesione.PromQL.Enforcement;
using Hesione.Server.Configuration;
using Hesione.Server.PrometheusApi;

namespace Hesione.Server.Enforcement;

/// <summary>
/// Canonicalises the merged parameters of a request in place: a repeated <c>query</c>, <c>time</c>,
/// <c>start</c>, <c>end</c> or <c>step</c> is refused; client <c>extra_label</c>/<c>extra_filters</c>/<c>extra_filters[]</c>
/// are removed; <c>query</c> or every <c>match[]</c> is enforced (a <c>match[]</c> of the scope alone added when
/// there is none); for VictoriaMetrics the proxy's own <c>extra_filters[]</c> is added as a second lock.
/// </summary>
internal static class ParameterRules
{
    public const string Query = "query";
    public const string Match = "match[]";
    private const string ExtraFilters = "extra_filters[]";

    public static ApiError? Canonicalize(List<KeyValuePair<string, string>> parameters, ApiEndpoint endpoint, ReceiverScope scope, Flavor flavor)
    {
        var seen = 0;
        var write = 0;
        for (var read = 0; read < parameters.Count; read++)
        {
            var name = parameters[read].Key;
            if (name is "extra_label" or "extra_filters" or ExtraFilters) continue;
            var bit = name switch { Query => 1, "time" => 2, "start" => 4, "end" => 8, "step" => 16, _ => 0 };
            if ((seen & bit) != 0) return ApiError.BadData($"parameter \"{name}\" given more than once");
            seen |= bit;
            parameters[write++] = parameters[read];
        }
        parameters.RemoveRange(write, parameters.Count - write);

        switch (endpoint.Kind)
        {
            case EndpointKind.Query or EndpointKind.FormatQuery:
                var index = parameters.FindIndex(static p => p.Key == Query);
                if (index < 0) return ApiError.BadData("invalid parameter \"query\": missing");
                var query = scope.EnforceQuery(parameters[index].Value);
                if (!query.Success) return ApiError.BadData($"invalid parameter \"query\": {query.Error}") with { Reason = ReasonOf(query.Failure) };
                parameters[index] = new(Query, query.Value);
                break;
            case EndpointKind.Series:
                var matches = 0;
                for (var i = 0; i < parameters.Count; i++)
                {
                    if (parameters[i].Key != Match) continue;
                    var selector = scope.EnforceSeriesSelector(parameters[i].Value);
                    if (!selector.Success) return ApiError.BadData($"invalid parameter \"match[]\": {selector.Error}") with { Reason = ReasonOf(selector.Failure) };
                    parameters[i] = new(Match, selector.Value);
                    matches++;
                }
                if (matches == 0 && scope.DefaultSelector is { } all) parameters.Add(new(Match, all));
                break;
            default:
                return null;
        }
        AddLock(parameters, scope, flavor);
        return null;
    }

    /// <summary>The parameters of a series request made by the proxy itself, with no <c>match[]</c> of a client: the scope's own (as <see cref="Canonicalize"/> adds it), and its lock.</summary>
    public static List<KeyValuePair<string, string>> ScopeSelectors(ReceiverScope scope, Flavor flavor)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        if (scope.DefaultSelector is { } all) parameters.Add(new(Match, all));
        AddLock(parameters, scope, flavor);
        return parameters;
    }

    /// <summary>For VictoriaMetrics, the proxy's own <c>extra_filters[]</c>: a second lock the backend applies whatever the query.</summary>
    private static void AddLock(List<KeyValuePair<string, string>> parameters, ReceiverScope scope, Flavor flavor)
    {
        if (flavor == Flavor.VictoriaMetrics && scope.DefaultSelector is { } lockSelector)
            parameters.Add(new(ExtraFilters, lockSelector));
    }

    private static string ReasonOf(EnforcementFailure failure) => failure == EnforcementFailure.Conflict ? "scope_conflict" : "bad_query";
}
