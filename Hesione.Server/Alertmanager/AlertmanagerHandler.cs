using System.Text.Json;
using System.Text.Json.Nodes;
using Hesione.Server.Filtering;
using Hesione.Server.Plan;
using Hesione.Server.PrometheusApi;
using Hesione.Server.Upstream;
using Microsoft.Extensions.Logging;

namespace Hesione.Server.Alertmanager;

/// <summary>
/// The Alertmanager API under a receiver (404 when it has no <c>alertmanager</c>):
/// <list type="bullet">
/// <item><c>/api/v2/alerts</c>, <c>/api/v2/alerts/groups</c> GET: one <c>filter</c> per scope matcher added, and the answer filtered by alert labels (second lock).</item>
/// <item><c>/api/v2/silences</c> GET: only silences inside the scope; POST: the silence gets the scope's matchers (400 on a conflicting one); an update (<c>id</c> set) only of a silence inside the scope.</item>
/// <item><c>/api/v2/silence/&lt;uuid&gt;</c> GET, DELETE: only a silence inside the scope (404 otherwise).</item>
/// </list>
/// An unrestricted receiver gets the same answers unfiltered.
/// </summary>
internal sealed partial class AlertmanagerHandler(BufferedUpstream upstream, ILogger<AlertmanagerHandler> logger)
{
    private const string Filter = "filter";
    private static readonly string[] AlertParameters = [Filter, "active", "silenced", "inhibited", "unprocessed", "receiver"];
    private static readonly string[] SilenceParameters = [Filter];

    public async Task<ApiError?> HandleAsync(ReceiverRequest request, ApiEndpoint endpoint, List<KeyValuePair<string, string>> parameters)
    {
        if (request.Route.AlertmanagerBase is null) return ApiError.NotFound("this receiver has no Alertmanager");
        var method = request.Context.Request.Method;
        return endpoint.Kind switch
        {
            EndpointKind.AlertmanagerAlerts => await AlertsAsync(request, endpoint, parameters),
            EndpointKind.AlertmanagerSilences when HttpMethods.IsPost(method) => await PostSilenceAsync(request, endpoint),
            EndpointKind.AlertmanagerSilences => await ListSilencesAsync(request, endpoint, parameters),
            _ when HttpMethods.IsDelete(method) => await DeleteSilenceAsync(request, endpoint),
            _ => await GetSilenceAsync(request, endpoint),
        };
    }

    private async Task<ApiError?> AlertsAsync(ReceiverRequest request, ApiEndpoint endpoint, List<KeyValuePair<string, string>> parameters)
    {
        var scope = request.Receiver.Scope.Labels;
        var forwarded = Allowed(parameters, AlertParameters);
        if (scope is not null) forwarded.AddRange(scope.Matchers.Select(m => new KeyValuePair<string, string>(Filter, AlertmanagerFilter.Format(m))));
        return await FilteredGetAsync(request, endpoint.UpstreamPath, forwarded, root =>
        {
            if (scope is null) return;
            if (endpoint.Name.EndsWith("/groups", StringComparison.Ordinal)) AlertsFilter.ApplyGroups(root, scope);
            else AlertsFilter.Apply(JsonShape.Array(root, "answer"), scope);
        });
    }

    private Task<ApiError?> ListSilencesAsync(ReceiverRequest request, ApiEndpoint endpoint, List<KeyValuePair<string, string>> parameters)
    {
        var scope = request.Receiver.Scope.Labels;
        return FilteredGetAsync(request, endpoint.UpstreamPath, Allowed(parameters, SilenceParameters), root =>
        {
            if (scope is not null) JsonShape.RemoveUnless(JsonShape.Array(root, "answer"), silence => SilenceScope.Inside(silence, scope));
        });
    }

    private async Task<ApiError?> GetSilenceAsync(ReceiverRequest request, ApiEndpoint endpoint)
    {
        var (answer, error) = await FetchSilenceAsync(request, endpoint.UpstreamPath);
        if (answer is null) return error;
        await answer.WriteAsync(request.Context.Response);
        return null;
    }

    private async Task<ApiError?> DeleteSilenceAsync(ReceiverRequest request, ApiEndpoint endpoint)
    {
        var (answer, error) = await FetchSilenceAsync(request, endpoint.UpstreamPath);
        if (answer is null) return error;
        if (!answer.IsOk) return await PassOnAsync(request, answer);
        using var message = BufferedUpstream.Create(request.Route, UpstreamTarget.Alertmanager, HttpMethod.Delete, endpoint.UpstreamPath);
        return await SendAndPassOnAsync(request, message);
    }

    /// <summary>
    /// A posted silence is read as Alertmanager reads it (<see cref="PostedSilence"/>), held to the scope, and
    /// forwarded as rebuilt from the fields read. An update (<c>id</c> set, in any spelling Alertmanager accepts)
    /// must name a silence inside the scope, checked against the Alertmanager; the id forwarded is the one checked.
    /// </summary>
    private async Task<ApiError?> PostSilenceAsync(ReceiverRequest request, ApiEndpoint endpoint)
    {
        var (body, bodyError) = await RequestBody.ReadJsonAsync(request.Context.Request, request.Config.MaxBodyBytes);
        if (body is null) return bodyError;
        PostedSilence silence;
        try
        {
            silence = PostedSilence.Read(body);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return ApiError.BadData($"invalid silence: {e.Message}");
        }
        if (request.Receiver.Scope.Labels is { } scope)
        {
            var (enforced, conflict) = SilenceScope.Enforce(silence, scope);
            if (enforced is null) return ApiError.BadData(conflict!) with { Reason = "scope_conflict" };
            silence = enforced;
        }

        if (silence.Id is { } givenId)
        {
            if (!Guid.TryParseExact(givenId, "D", out var id)) return ApiError.BadData("invalid silence: id is not a UUID");
            silence = silence with { Id = id.ToString("D") };
            var (existing, existingError) = await FetchSilenceAsync(request, "/api/v2/silence/" + silence.Id);
            if (existing is null) return existingError;
            if (!existing.IsOk) return await PassOnAsync(request, existing);
        }

        using var message = BufferedUpstream.Create(request.Route, UpstreamTarget.Alertmanager, HttpMethod.Post, endpoint.UpstreamPath);
        message.Content = new ByteArrayContent(silence.ToJson());
        message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (logger.IsEnabled(LogLevel.Debug))
            LogSilencePosted(logger, request.Receiver.Name, string.Join(",", silence.Matchers.Select(m => m.ToLabelMatcher().ToString())));
        return await SendAndPassOnAsync(request, message);
    }

    /// <summary>The silence at <paramref name="path"/> when it is inside the scope; 404 when it is not (or does not exist).</summary>
    private async Task<(UpstreamAnswer? Answer, ApiError? Error)> FetchSilenceAsync(ReceiverRequest request, string path)
    {
        using var message = BufferedUpstream.Create(request.Route, UpstreamTarget.Alertmanager, HttpMethod.Get, path);
        var (answer, error) = await request.SendAsync(upstream, UpstreamTarget.Alertmanager, message);
        if (answer is null || !answer.IsOk) return answer?.Status == StatusCodes.Status404NotFound ? (null, NotFound()) : (answer, error);
        if (request.Receiver.Scope.Labels is not { } scope) return (answer, null);
        try
        {
            return SilenceScope.Inside(JsonNode.Parse(answer.Body), scope) ? (answer, null) : (null, NotFound());
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return (null, ApiError.Unfilterable(e.Message));
        }
    }

    private async Task<ApiError?> FilteredGetAsync(ReceiverRequest request, string path, List<KeyValuePair<string, string>> parameters, Action<JsonNode> filter)
    {
        using var message = BufferedUpstream.Create(request.Route, UpstreamTarget.Alertmanager, HttpMethod.Get, FormEncoding.Url("", path, parameters));
        var (answer, error) = await request.SendAsync(upstream, UpstreamTarget.Alertmanager, message);
        if (answer is null) return error;
        return await JsonFilterWriter.WriteAsync(request.Context.Response, answer, filter);
    }

    private async Task<ApiError?> SendAndPassOnAsync(ReceiverRequest request, HttpRequestMessage message)
    {
        var (answer, error) = await request.SendAsync(upstream, UpstreamTarget.Alertmanager, message);
        return answer is null ? error : await PassOnAsync(request, answer);
    }

    private static async Task<ApiError?> PassOnAsync(ReceiverRequest request, UpstreamAnswer answer)
    {
        await answer.WriteAsync(request.Context.Response);
        return null;
    }

    private static List<KeyValuePair<string, string>> Allowed(List<KeyValuePair<string, string>> parameters, string[] names) =>
        parameters.Where(p => names.Contains(p.Key, StringComparer.Ordinal)).ToList();

    private static ApiError NotFound() => ApiError.NotFound("silence not found") with { Reason = "out_of_scope" };

    [LoggerMessage(EventId = 0, Level = LogLevel.Debug, Message = "receiver {Receiver}: silence posted with matchers {Matchers}")]
    private static partial void LogSilencePosted(ILogger logger, string receiver, string matchers);
}
