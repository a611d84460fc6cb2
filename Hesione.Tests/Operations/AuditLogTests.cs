using System.Text;
using FluentAssertions;
using Hesione.Server.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Hesione.Tests.Operations;

/// <summary>The audit line: its text, its structured fields, its level, and the user name only from Basic credentials.</summary>
public class AuditLogTests
{
    private sealed class StateLogger : ILogger<AuditLog>
    {
        public List<(LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> Fields)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception), ((IReadOnlyList<KeyValuePair<string, object?>>)state!).ToList()));
    }

    private static HttpContext Context(string method, int status, string? authorization)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Response.StatusCode = status;
        if (authorization is not null) context.Request.Headers.Authorization = authorization;
        return context;
    }

    [Fact]
    public void Writes_one_line_with_the_fields_as_text_and_as_structured_state()
    {
        var logger = new StateLogger();
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("grafana-a:secret-password"));

        new AuditLog(logger).Write(Context("POST", 200, basic), "team-a", "api/v1/query", TimeSpan.FromMilliseconds(12.345));

        var (level, message, fields) = logger.Entries.Should().ContainSingle().Subject;
        level.Should().Be(LogLevel.Information);
        message.Should().Be("audit receiver=team-a user=grafana-a method=POST endpoint=api/v1/query status=200 duration_ms=12.3");
        message.Should().NotContain("secret");
        fields.Should().Equal(
            new KeyValuePair<string, object?>("Receiver", "team-a"),
            new KeyValuePair<string, object?>("User", "grafana-a"),
            new KeyValuePair<string, object?>("Method", "POST"),
            new KeyValuePair<string, object?>("Endpoint", "api/v1/query"),
            new KeyValuePair<string, object?>("Status", 200),
            new KeyValuePair<string, object?>("DurationMs", 12.345),
            new KeyValuePair<string, object?>("{OriginalFormat}", "audit receiver={Receiver} user={User} method={Method} endpoint={Endpoint} status={Status} duration_ms={DurationMs:F1}"));
    }

    [Fact]
    public void Proxy_probes_are_debug_and_unknown_receivers_and_users_are_dashes()
    {
        var logger = new StateLogger();
        var audit = new AuditLog(logger);

        audit.Write(Context("GET", 200, null), "", "health", TimeSpan.Zero);
        audit.Write(Context("GET", 404, "Bearer token"), "", "other", TimeSpan.FromMilliseconds(0.04));

        logger.Entries.Select(e => e.Level).Should().Equal(LogLevel.Debug, LogLevel.Information);
        logger.Entries[1].Message.Should().Be("audit receiver=- user=- method=GET endpoint=other status=404 duration_ms=0.0");
    }
}
