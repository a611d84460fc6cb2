using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hesione.Server.Observability;

/// <summary>
/// One audit line per request: receiver, user (the Basic user name only, never the password), method, endpoint,
/// status and duration. Proxy-level <c>/health</c> and <c>/metrics</c> are logged at Debug (probes would flood
/// the log).
/// </summary>
internal sealed class AuditLog(ILogger<AuditLog> logger)
{
    private const int MaxUserLength = 128;

    private static readonly Action<ILogger, string, string, string, string, int, double, Exception?> AuditInformation =
        LoggerMessage.Define<string, string, string, string, int, double>(LogLevel.Information, default, Template);

    private static readonly Action<ILogger, string, string, string, string, int, double, Exception?> AuditDebug =
        LoggerMessage.Define<string, string, string, string, int, double>(LogLevel.Debug, default, Template);

    private const string Template = "audit receiver={Receiver} user={User} method={Method} endpoint={Endpoint} status={Status} duration_ms={DurationMs:0.0}";

    public void Write(HttpContext context, string receiver, string endpoint, TimeSpan duration)
    {
        var level = receiver.Length == 0 && endpoint is "health" or "metrics" ? LogLevel.Debug : LogLevel.Information;
        if (!logger.IsEnabled(level)) return;
        (level == LogLevel.Debug ? AuditDebug : AuditInformation)(logger,
            receiver.Length == 0 ? "-" : receiver, UserOf(context.Request.Headers.Authorization) ?? "-", context.Request.Method, endpoint,
            context.Response.StatusCode, duration.TotalMilliseconds, null);
    }

    /// <summary>The user name of a Basic <c>Authorization</c> header (control characters replaced), or null.</summary>
    internal static string? UserOf(IReadOnlyList<string?> authorization)
    {
        if (authorization.Count != 1 || authorization[0] is not { Length: > 6 and <= 4096 } header) return null;
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        var encoded = header.AsSpan(6).Trim();
        var buffer = ArrayPool<byte>.Shared.Rent(encoded.Length);
        try
        {
            if (!Convert.TryFromBase64Chars(encoded, buffer, out var length)) return null;
            var colon = buffer.AsSpan(0, length).IndexOf((byte)':');
            if (colon < 0) return null;
            var user = Encoding.UTF8.GetString(buffer, 0, Math.Min(colon, MaxUserLength));
            return string.Create(user.Length, user, static (span, text) =>
            {
                for (var i = 0; i < text.Length; i++) span[i] = char.IsControl(text[i]) ? '?' : text[i];
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }
}
