using System.Text;
using FluentAssertions;
using Hesione.Server.Plan;
using Hesione.Server.PrometheusApi;
using Hesione.Server.Upstream;
using Hesione.Server.Upstream.Pools;
using Hesione.Tests.Operations;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Hesione.Tests.Upstream;

/// <summary>
/// The one mapping of upstream failures (<see cref="UpstreamErrors"/>), used by the streamed and the buffered calls:
/// each kind of failure gives its status, its Prometheus-shaped body and one warning with the exception attached.
/// </summary>
public sealed class UpstreamErrorsTests
{
    private const string Secret = "Basic c2VjcmV0OnMzY3JldA==";

    private static readonly UpstreamRoute Route = ConfigLoader.Parse(
        "receivers:\n  - {name: team-a, prom: 'http://prom:9090', timeout: 5s, label_name: namespace, label: team-a, prom_auth: {user: secret, password: s3cret}, headers: {X-Scope-OrgID: tenant-secret}}\n",
        Path.GetTempPath()).Receivers.Single().Upstream;

    private readonly CapturedLogs _logs = new();

    public static TheoryData<string, Exception, bool, bool, bool, int, string, string, string> Failures() => new()
    {
        { "no answer within the timeout", new TaskCanceledException(), false, true, false,
            504, "timeout", "upstream timed out", "receiver team-a: prometheus timed out after 00:00:05" },
        { "a pool's attempt that timed out, the last one", new BackendTimeoutException("team-a", "http://prom:9090", TimeSpan.FromSeconds(5)), false, false, false,
            504, "timeout", "upstream timed out", "receiver team-a: prometheus timed out after 00:00:05" },
        { "a refused connection", new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (prom:9090)"), false, false, false,
            502, "unavailable", "upstream unreachable", "receiver team-a: prometheus unreachable (ConnectionError)" },
        { "no backend of a pool left", new PoolExhaustedException("team-a"), false, false, false,
            502, "unavailable", "upstream unreachable", "receiver team-a: prometheus unreachable (Unknown)" },
        { "a reset Alertmanager connection", new IOException("Connection reset by peer"), false, false, true,
            502, "unavailable", "upstream unreachable", "receiver team-a: alertmanager unreachable (Unknown)" },
        { "an answer that broke off", new IOException("The response ended prematurely"), true, false, false,
            502, "unavailable", "upstream unreachable", "receiver team-a: prometheus answer broke off" },
        { "an answer still arriving at the deadline", new OperationCanceledException(), true, true, true,
            504, "timeout", "upstream timed out", "receiver team-a: alertmanager answer timed out after 00:00:05" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Each_failure_gives_its_status_body_and_one_warning_with_the_exception(
        string failure, Exception exception, bool answering, bool deadlinePassed, bool alertmanager, int status, string type, string message, string logged)
    {
        UpstreamErrors.IsUpstreamFailure(exception, CancellationToken.None).Should().BeTrue(failure);
        var target = alertmanager ? UpstreamTarget.Alertmanager : UpstreamTarget.Backends;
        var mapped = UpstreamErrors.Map(_logs.CreateLogger("upstream"), Route, target, exception, answering, deadlinePassed);

        var (writtenStatus, body) = await WriteAsync(mapped);
        writtenStatus.Should().Be(status, failure);
        body.Should().Be($$"""{"status":"error","errorType":"{{type}}","error":"{{message}}"}""");
        var line = _logs.Lines.Should().ContainSingle().Which;
        line.Should().StartWith($"Warning upstream: {logged} ").And.Contain(exception.GetType().FullName, "the exception is logged as the exception");
        line.Should().NotContain("s3cret").And.NotContain(Secret).And.NotContain("tenant-secret");
    }

    [Fact]
    public async Task An_answer_too_large_to_filter_is_a_502_naming_why()
    {
        var mapped = UpstreamErrors.Refused(_logs.CreateLogger("upstream"), Route, UpstreamTarget.Backends, "larger than 1024 bytes");

        var (status, body) = await WriteAsync(mapped);
        status.Should().Be(StatusCodes.Status502BadGateway);
        body.Should().Be("""{"status":"error","errorType":"unavailable","error":"upstream answer cannot be filtered: larger than 1024 bytes"}""");
        _logs.Lines.Should().ContainSingle().Which.Should().StartWith("Warning upstream: receiver team-a: prometheus answer refused: larger than 1024 bytes");
    }

    [Fact]
    public void A_client_that_went_away_or_a_bug_is_no_upstream_failure()
    {
        using var gone = new CancellationTokenSource();
        gone.Cancel();
        UpstreamErrors.IsUpstreamFailure(new TaskCanceledException(), gone.Token).Should().BeFalse("the client's leaving is left to the caller");
        UpstreamErrors.IsUpstreamFailure(new IOException("reset"), gone.Token).Should().BeFalse();
        UpstreamErrors.IsUpstreamFailure(new InvalidOperationException(), CancellationToken.None).Should().BeFalse("a bug is a 500, not a 502");
    }

    private static async Task<(int Status, string Body)> WriteAsync(UpstreamFailure failure)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        await ApiError.Of(failure).WriteAsync(context.Response);
        return (context.Response.StatusCode, Encoding.UTF8.GetString(body.ToArray()));
    }
}
