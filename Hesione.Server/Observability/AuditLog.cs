using System.Text;
using Hesione.Server.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hesione.Server.Observability;

/// <summary>
/// One audit line per request: receiver, user (the Basic user name only, never the password, or a token's subject,
/// never the token), method, endpoint,
/// status and duration. Proxy-level <c>/health</c> and <c>/metrics</c> are logged at Debug (probes would flood
/// the log). Written through <c>[LoggerMessage]</c>: its generated state is a struct formatted with the invariant
/// culture, so the line costs what the former hand-built one did (<c>AuditLogBenchmarks</c>).
/// </summary>
internal sealed partial class AuditLog(ILogger<AuditLog> logger)
{
    private const int MaxUserLength = 128;

    public void Write(HttpContext context, string receiver, string endpoint, TimeSpan duration, string? user = null)
    {
        var level = receiver.Length == 0 && endpoint is "health" or "metrics" ? LogLevel.Debug : LogLevel.Information;
        if (!logger.IsEnabled(level)) return;
        LogRequest(logger, level, receiver.Length == 0 ? "-" : receiver, (user is null ? UserOf(context.Request.Headers.Authorization) : Printable(user)) ?? "-",
            context.Request.Method, endpoint, context.Response.StatusCode, duration.TotalMilliseconds);
    }

    // Write checks the level itself, before it reads the user: no second check here.
    [LoggerMessage(EventId = 0, SkipEnabledCheck = true, Message = "audit receiver={Receiver} user={User} method={Method} endpoint={Endpoint} status={Status} duration_ms={DurationMs:F1}")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string receiver, string user, string method, string endpoint, int status, double durationMs);

    /// <summary>At most <see cref="MaxUserLength"/> characters of <paramref name="user"/>, control characters replaced.</summary>
    private static string Printable(string user) =>
        string.Create(Math.Min(user.Length, MaxUserLength), user, static (span, text) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = char.IsControl(text[i]) ? '?' : text[i];
        });

    /// <summary>The user name of a Basic <c>Authorization</c> header (control characters replaced), or null.</summary>
    internal static string? UserOf(IReadOnlyList<string?> authorization) =>
        BasicHeader.TryRead(authorization, 0, static (user, _, _) => Printable(Encoding.UTF8.GetString(user[..Math.Min(user.Length, MaxUserLength)])), out var name)
            ? name
            : null;
}
