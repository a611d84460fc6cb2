using System.Text;
using Hesione.Server.Proxy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hesione.Server.Observability;

/// <summary>
/// One audit line per request: receiver, user (the Basic user name only, never the password, or a token's subject,
/// never the token), method, endpoint,
/// status and duration. Proxy-level <c>/health</c> and <c>/metrics</c> are logged at Debug (probes would flood
/// the log).
/// </summary>
internal sealed class AuditLog(ILogger<AuditLog> logger)
{
    private const int MaxUserLength = 128;

    public void Write(HttpContext context, string receiver, string endpoint, TimeSpan duration, string? user = null)
    {
        var level = receiver.Length == 0 && endpoint is "health" or "metrics" ? LogLevel.Debug : LogLevel.Information;
        if (!logger.IsEnabled(level)) return;
        var line = new AuditLine(receiver.Length == 0 ? "-" : receiver, (user is null ? UserOf(context.Request.Headers.Authorization) : Printable(user)) ?? "-", context.Request.Method, endpoint,
            context.Response.StatusCode, duration.TotalMilliseconds);
        logger.Log(level, default, line, null, AuditLine.Format);
    }

    /// <summary>
    /// The fields of an audit line, as structured log state (named like the message's holes) and as the message
    /// <c>audit receiver=… user=… method=… endpoint=… status=… duration_ms=…</c>, built without boxing.
    /// </summary>
    private readonly struct AuditLine(string receiver, string user, string method, string endpoint, int status, double durationMs)
        : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private const string Template = "audit receiver={Receiver} user={User} method={Method} endpoint={Endpoint} status={Status} duration_ms={DurationMs:F1}";

        public static readonly Func<AuditLine, Exception?, string> Format = static (line, _) => line.ToString();

        public int Count => 7;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new("Receiver", receiver),
            1 => new("User", user),
            2 => new("Method", method),
            3 => new("Endpoint", endpoint),
            4 => new("Status", status),
            5 => new("DurationMs", durationMs),
            6 => new("{OriginalFormat}", Template),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++) yield return this[i];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"audit receiver={receiver} user={user} method={method} endpoint={endpoint} status={status} duration_ms={durationMs:F1}");
    }

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
