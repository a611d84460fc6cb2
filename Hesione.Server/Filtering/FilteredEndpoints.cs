using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hesione.Server.Enforcement;
using Hesione.Server.Plan;
using Hesione.Server.PrometheusApi;
using Hesione.Server.Upstream;


namespace Hesione.Server.Filtering;

/// <summary>
/// The Prometheus endpoints whose answers the proxy filters to the receiver's scope: <c>/api/v1/rules</c>,
/// <c>/api/v1/alerts</c> (<see cref="RulesFilter"/>, <see cref="AlertsFilter"/>) and <c>/api/v1/metadata</c> (only
/// metrics the tenant has series of: the upstream's <c>/api/v1/label/__name__/values</c> with the scope's
/// <c>match[]</c>, intersected with the metadata). Only known parameters are forwarded. An unrestricted receiver's
/// answers are streamed unfiltered.
/// </summary>
internal sealed class FilteredEndpoints(BufferedUpstream upstream, Forwarder forwarder)
{
    private static readonly string[] RulesParameters = ["type", "rule_name[]", "rule_group[]", "file[]", "exclude_alerts"];
    private static readonly string[] MetadataParameters = ["metric", "limit_per_metric"];

    public async Task<ApiError?> HandleAsync(ReceiverRequest request, ApiEndpoint endpoint, List<KeyValuePair<string, string>> parameters)
    {
        var scope = request.Receiver.Scope.Labels;
        var forwarded = endpoint.Kind switch
        {
            EndpointKind.Rules => Allowed(parameters, RulesParameters),
            EndpointKind.Metadata => Allowed(parameters, MetadataParameters),
            _ => [],
        };
        var limit = -1;
        var limitIndex = endpoint.Kind == EndpointKind.Metadata ? parameters.FindLastIndex(static p => p.Key == "limit") : -1;
        if (limitIndex >= 0)
        {
            if (!int.TryParse(parameters[limitIndex].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit))
                return ApiError.BadData("invalid parameter \"limit\": not a number");
            if (scope is null) forwarded.Add(parameters[limitIndex]);
        }
        if (scope is null)
            return ApiError.Of(await forwarder.ForwardAsync(request.Context, request.Route, request.Clients, endpoint.UpstreamPath, endpoint.PostsUpstream(request.Context.Request.Method), forwarded));

        IReadOnlySet<string>? names = null;
        if (endpoint.Kind == EndpointKind.Metadata)
        {
            var (namesAnswer, namesError) = await GetAsync(request, EndpointTable.MetricNames, ParameterRules.ScopeSelectors(request.Receiver.Scope, request.Receiver.Flavor));
            if (namesAnswer is null) return namesError;
            if (!namesAnswer.IsOk) return await JsonFilterWriter.WriteAsync(request.Context.Response, namesAnswer, static _ => { });
            try
            {
                names = MetadataFilter.Names(JsonNode.Parse(namesAnswer.Body) ?? throw new FormatException("answer: null"));
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                return ApiError.Unfilterable(e.Message);
            }
        }

        var (answer, error) = await GetAsync(request, endpoint, forwarded);
        if (answer is null) return error;
        var options = request.Config.ParserOptions;
        return await JsonFilterWriter.WriteAsync(request.Context.Response, answer, root =>
        {
            switch (endpoint.Kind)
            {
                case EndpointKind.Rules: RulesFilter.Apply(root, scope, options); break;
                case EndpointKind.Alerts: AlertsFilter.ApplyPrometheus(root, scope); break;
                default: MetadataFilter.Apply(root, names!, limit); break;
            }
        });
    }

    private async Task<(UpstreamAnswer? Answer, ApiError? Error)> GetAsync(ReceiverRequest request, ApiEndpoint endpoint, List<KeyValuePair<string, string>> parameters)
    {
        using var message = BufferedUpstream.Create(request.Route, UpstreamTarget.Backends, HttpMethod.Get, FormEncoding.Url("", endpoint.UpstreamPath, parameters));
        return await request.SendAsync(upstream, UpstreamTarget.Backends, message);
    }

    private static List<KeyValuePair<string, string>> Allowed(List<KeyValuePair<string, string>> parameters, string[] names) =>
        parameters.Where(p => names.Contains(p.Key, StringComparer.Ordinal)).ToList();
}
