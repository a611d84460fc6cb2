using BenchmarkDotNet.Attributes;
using Hesione.Server.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hesione.Benchmarks;

/// <summary>
/// The audit line of one request, written to a logger that formats it as the console provider does: the user read
/// from a Basic header (<see cref="BasicUser"/>) or given by the authenticator (<see cref="GivenUser"/>).
/// </summary>
[MemoryDiagnoser]
public class AuditLogBenchmarks
{
    private readonly AuditLog _audit = new(new FormattingLogger());
    private readonly DefaultHttpContext _basic = Context("Basic Z3JhZmFuYS1hOnMzY3JldA==");
    private readonly DefaultHttpContext _anonymous = Context(null);
    private readonly TimeSpan _duration = TimeSpan.FromMilliseconds(12.34);

    private static DefaultHttpContext Context(string? authorization)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        if (authorization is not null) context.Request.Headers.Authorization = authorization;
        context.Response.StatusCode = 200;
        return context;
    }

    [Benchmark]
    public void BasicUser() => _audit.Write(_basic, "team-a", "api/v1/query", _duration);

    [Benchmark]
    public void GivenUser() => _audit.Write(_anonymous, "team-a", "api/v1/query", _duration, "alice@example.com");

    /// <summary>Formats every line, as <c>BatchingConsoleLoggerProvider</c> does, and keeps only its length.</summary>
    private sealed class FormattingLogger : ILogger<AuditLog>
    {
        public int Written { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Written += formatter(state, exception).Length;
    }
}
