using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hesione.Server.Config;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Hesione.Server.Proxy;

/// <summary>
/// The whole request pipeline, as one terminal middleware: path-trick refusal → <c>/health</c> or receiver
/// lookup → authentication → endpoint table (default deny) → parameter canonicalisation and enforcement →
/// local answer or forwarding. Every refusal is a Prometheus-shaped error; nothing a client sends can
/// crash the process (unexpected exceptions become a 500, logged without secrets).
/// </summary>
internal sealed class ProxyHandler(ProxyConfig config, Forwarder forwarder, HealthProbe health, ILogger<ProxyHandler> logger)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            if (await HandleAsync(context) is { } error) await error.WriteAsync(context.Response);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e)
        {
            logger.LogError("unexpected {Exception} on {Method} {Path}: {Message}{NewLine}{StackTrace}",
                e.GetType().Name, context.Request.Method, context.Request.Path, e.Message, Environment.NewLine, e.StackTrace);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }
            context.Response.Clear();
            await ApiError.Internal().WriteAsync(context.Response);
        }
    }

    private async Task<ApiError?> HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (RequestTarget.SafePath(rawTarget) is not { } path)
            return new ApiError(StatusCodes.Status403Forbidden, "bad_data", "path refused");
        var request = context.Request;
        if (path == "/health")
        {
            if (!HttpMethods.IsGet(request.Method)) return ApiError.MethodNotAllowed(request.Method);
            await health.WriteAsync(context);
            return null;
        }

        var slash = path.IndexOf('/', 1);
        if (slash < 0 || !config.ReceiversByName.TryGetValue(path[1..slash], out var receiver))
            return ApiError.NotFound("unknown receiver");
        if (receiver.ClientCredentials is { } credentials && !credentials.Matches(request.Headers.Authorization))
            return ApiError.Unauthorized();
        if (EndpointTable.Match(path[(slash + 1)..]) is not { } endpoint)
            return ApiError.NotFound("unknown or refused path");
        var post = HttpMethods.IsPost(request.Method);
        if (!(HttpMethods.IsGet(request.Method) || (post && endpoint.AllowsPost)))
            return ApiError.MethodNotAllowed(request.Method);
        if (endpoint.Kind == EndpointKind.NotImplemented) return ApiError.NotImplemented();

        var parameters = new List<KeyValuePair<string, string>>();
        FormEncoding.Decode(request.QueryString.Value, parameters);
        if (post)
        {
            var (form, bodyError) = await RequestBody.ReadFormAsync(request, config.MaxBodyBytes);
            if (bodyError is not null) return bodyError;
            FormEncoding.Decode(form, parameters);
        }
        if (ParameterRules.Canonicalize(parameters, endpoint, receiver) is { } parameterError) return parameterError;
        if (endpoint.Kind == EndpointKind.FormatQuery)
        {
            await WriteFormattedAsync(context.Response, parameters.Find(static p => p.Key == ParameterRules.Query).Value);
            return null;
        }
        return await forwarder.ForwardAsync(context, receiver, endpoint, parameters);
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
}
