using System.Buffers;
using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hesione.Server.Alertmanager;
using Hesione.Server.Connections;
using Hesione.Server.Enforcement;
using Hesione.Server.Filtering;
using Hesione.Server.Observability;
using Hesione.Server.Operations;
using Hesione.Server.Plan;
using Hesione.Server.PrometheusApi;
using Hesione.Server.Runtime;
using Hesione.Server.Upstream;
using Microsoft.AspNetCore.Http.Features;

namespace Hesione.Server.Routing;

/// <summary>
/// The whole request pipeline, as one terminal middleware: path-trick refusal → operational endpoints
/// (<c>/-/healthy</c>, <c>/-/ready</c>, <c>/health</c>, <c>/metrics</c>) or receiver lookup → authentication → endpoint
/// table (default deny) → rate and concurrency limits → parameter canonicalisation and enforcement → guards
/// (<c>max_points</c>, <c>max_range</c>) → local answer, forwarding, or a filtered answer. Each request keeps the config
/// snapshot it started with. Every refusal is a Prometheus-shaped error; nothing a client sends can crash the
/// process (unexpected exceptions become a 500, logged without secrets). Every request is counted and audited.
/// </summary>
internal sealed partial class ProxyHandler(
    LiveConfig live,
    Forwarder forwarder,
    FilteredEndpoints filtered,
    AlertmanagerHandler alertmanager,
    OperationalEndpoints operations,
    ConcurrencyLimiter limiter,
    ProxyMetrics metrics,
    AuditLog audit,
    RequestAuthenticator authenticator,
    ILogger<ProxyHandler> logger)
{
    /// <summary>Queries and selectors of this many characters together are parsed on a thread-pool worker.</summary>
    private const int LongQueryCharacters = 4096;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What is known of a request for its metrics and audit line.</summary>
    private sealed class RequestTrace
    {
        public string Receiver { get; set; } = "";

        public string Endpoint { get; set; } = "other";

        /// <summary>Who an authenticated request is (a user, a token's subject) when the Authorization header does not say it.</summary>
        public string? User { get; set; }
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var trace = new RequestTrace();
        using var inFlight = metrics.TrackInFlight();
        var snapshot = live.Acquire();
        try
        {
            if (await HandleAsync(context, snapshot, trace) is { } error)
            {
                if (error.Reason is { } reason && error.Status < 500) metrics.Refusal(trace.Receiver, reason);
                await error.WriteAsync(context.Response);
            }
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e)
        {
            LogUnexpected(logger, e.GetType().Name, context.Request.Method, context.Request.Path, e);
            if (context.Response.HasStarted)
            {
                context.Abort();
            }
            else
            {
                context.Response.Clear();
                await ApiError.Internal().WriteAsync(context.Response);
            }
        }
        finally
        {
            snapshot.Release();
            metrics.Request(trace.Receiver, trace.Endpoint, context.Response.StatusCode);
            audit.Write(context, trace.Receiver, trace.Endpoint, Stopwatch.GetElapsedTime(started), trace.User);
        }
    }

    private async Task<ApiError?> HandleAsync(HttpContext context, ProxySnapshot snapshot, RequestTrace trace)
    {
        var config = snapshot.Config;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (RequestTarget.SafePath(rawTarget) is not { } path)
            return new ApiError(StatusCodes.Status403Forbidden, "bad_data", "path refused");
        var request = context.Request;
        if (operations.Match(context, path) is { } operation)
        {
            trace.Endpoint = operation;
            return await operations.HandleAsync(context, operation, snapshot);
        }
        if (ListenerRoles.IsInternal(context)) return ApiError.NotFound("not found");

        var slash = path.IndexOf('/', 1);
        if (slash < 0 || !config.ReceiversByName.TryGetValue(path[1..slash], out var receiver))
        {
            // The answer of a known receiver to a client without its credentials, at its cost: receiver names cannot be probed.
            await RequestAuthenticator.SpendAsOnAReceiverWithUsersAsync(request, config.Receivers, context.RequestAborted);
            return ApiError.Unauthorized() with { Reason = "unknown_receiver" };
        }
        trace.Receiver = receiver.Name;
        var endpoint = EndpointTable.Match(path[(slash + 1)..]);
        if (endpoint is not null) trace.Endpoint = endpoint.Name;
        if (receiver.ClientCredentials is { } credentials && !credentials.Matches(request.Headers.Authorization))
            return ApiError.Unauthorized();
        var clients = snapshot.ClientsOf(receiver);
        if (receiver.Authentication is { } authentication)
        {
            var authenticated = await authenticator.AuthenticateAsync(request, receiver, authentication, context.RequestAborted);
            if (authenticated.Error is { } refused) return refused;
            trace.User = authenticated.User;
            if (authenticated.Scope is { } clientScope) receiver = receiver.WithScope(clientScope);
        }
        if (endpoint is null)
            return ApiError.NotFound("unknown or refused path") with { Reason = "refused_path" };
        var post = HttpMethods.IsPost(request.Method);
        if (!(HttpMethods.IsGet(request.Method) || (post && endpoint.AllowsPost) || (HttpMethods.IsDelete(request.Method) && endpoint.AllowsDelete)))
            return ApiError.MethodNotAllowed(request.Method);
        if (snapshot.RateLimits.TryAcquire(receiver) is { } retryAfter) return ApiError.RateLimited(receiver.Guards.RateLimit!, retryAfter);
        using var slot = limiter.TryEnter(receiver.Name, receiver.MaxConcurrent);
        if (slot is null) return ApiError.TooManyRequests(receiver.MaxConcurrent);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize) bodySize.MaxRequestBodySize = config.MaxBodyBytes;

        var forwarded = new ReceiverRequest(context, config, receiver, clients);
        var parameters = new List<KeyValuePair<string, string>>();
        FormEncoding.Decode(request.QueryString.Value, parameters);
        if (endpoint.IsAlertmanager)
            return await alertmanager.HandleAsync(forwarded, endpoint, parameters);
        if (post)
        {
            var (form, bodyError) = await RequestBody.ReadFormAsync(request, config.MaxBodyBytes);
            if (bodyError is not null) return bodyError;
            FormEncoding.Decode(form, parameters);
        }
        // Parsing a long query can take milliseconds: not on the socket thread that serves other connections.
        if (LongQueryCharacters <= QueryCharacters(parameters)) await Task.Yield();
        var rewriteStarted = Stopwatch.GetTimestamp();
        var parameterError = ParameterRules.Canonicalize(parameters, endpoint, receiver.Scope, receiver.Flavor);
        if (endpoint.Kind is EndpointKind.Query or EndpointKind.FormatQuery or EndpointKind.Series)
        {
            metrics.Rewrite(receiver.Name, Stopwatch.GetElapsedTime(rewriteStarted));
            if (parameterError is null && logger.IsEnabled(LogLevel.Debug)) LogEnforced(receiver.Name, parameters);
        }
        if (parameterError is not null) return parameterError;
        if (QueryGuards.Check(endpoint, parameters, receiver.Guards, config.ParserOptions, receiver.Scope.Dialect, DateTimeOffset.UtcNow) is { } guardError) return guardError;
        switch (endpoint.Kind)
        {
            case EndpointKind.FormatQuery:
                await WriteFormattedAsync(context.Response, receiver.Scope.Pretty(parameters.Find(static p => p.Key == ParameterRules.Query).Value));
                return null;
            case EndpointKind.Rules or EndpointKind.Alerts or EndpointKind.Metadata:
                return await filtered.HandleAsync(forwarded, endpoint, parameters);
            default:
                return ApiError.Of(await forwarder.ForwardAsync(context, receiver.Upstream, clients, endpoint.UpstreamPath, endpoint.PostsUpstream(request.Method), parameters));
        }
    }

    private static int QueryCharacters(List<KeyValuePair<string, string>> parameters)
    {
        var characters = 0;
        foreach (var (name, value) in parameters)
            if (name is ParameterRules.Query or ParameterRules.Match) characters += value.Length;
        return characters;
    }

    private void LogEnforced(string receiver, List<KeyValuePair<string, string>> parameters)
    {
        foreach (var (name, value) in parameters)
            if (name is ParameterRules.Query or ParameterRules.Match) LogEnforcedParameter(logger, receiver, name, value);
    }

    private static Task WriteFormattedAsync(HttpResponse response, string query)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + query.Length);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("status", "success");
            writer.WriteString("data", query);
            writer.WriteEndObject();
        }
        return JsonBody.WriteAsync(response, buffer.WrittenMemory);
    }

    [LoggerMessage(EventId = 0, Level = LogLevel.Error, Message = "unexpected {ExceptionType} on {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string exceptionType, string method, PathString path, Exception exception);

    [LoggerMessage(EventId = 0, Level = LogLevel.Debug, Message = "receiver {Receiver}: enforced {Parameter} {Value}")]
    private static partial void LogEnforcedParameter(ILogger logger, string receiver, string parameter, string value);
}
