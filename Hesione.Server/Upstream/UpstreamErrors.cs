using Hesione.Server.Upstream.Pools;

namespace Hesione.Server.Upstream;

/// <summary>
/// The one mapping of upstream failures to what the client is told and what is logged, for streamed
/// (<see cref="Forwarder"/>) and buffered (<see cref="BufferedUpstream"/>) calls alike: no answer within the timeout
/// → 504 <c>timeout</c>; refused, reset, unresolvable, no backend left, or an answer that broke off → 502
/// <c>unavailable</c>; an answer too large or compressed to filter → 502. Each failure is logged once, as a warning
/// naming the receiver and upstream, with the exception attached (its text holds backend URLs, never credentials).
/// A client that went away is no upstream failure: its exception is left to the caller.
/// </summary>
internal static partial class UpstreamErrors
{
    /// <summary>Whether <paramref name="e"/>, thrown by an upstream call, is the upstream's failure rather than the client's leaving or a bug.</summary>
    public static bool IsUpstreamFailure(Exception e, CancellationToken aborted) =>
        e is OperationCanceledException or HttpRequestException or IOException && !aborted.IsCancellationRequested;

    /// <summary>
    /// The failure <paramref name="e"/> (one that <see cref="IsUpstreamFailure"/>) is, logged. <paramref name="answering"/>:
    /// the answer's headers had arrived (its body broke off or was late); <paramref name="deadlinePassed"/>: the call's
    /// deadline had passed.
    /// </summary>
    public static UpstreamFailure Map(ILogger logger, UpstreamRoute route, UpstreamTarget target, Exception e, bool answering, bool deadlinePassed)
    {
        var upstream = target.Name();
        var timedOut = deadlinePassed || e is OperationCanceledException or BackendTimeoutException;
        switch (answering, timedOut)
        {
            case (false, true): LogTimedOut(logger, route.Receiver, upstream, route.Timeout, e); break;
            case (false, false): LogUnreachable(logger, route.Receiver, upstream, (e as HttpRequestException)?.HttpRequestError ?? HttpRequestError.Unknown, e); break;
            case (true, true): LogAnswerTimedOut(logger, route.Receiver, upstream, route.Timeout, e); break;
            case (true, false): LogAnswerBrokeOff(logger, route.Receiver, upstream, e); break;
        }
        return timedOut ? UpstreamFailure.TimedOut : UpstreamFailure.Unreachable;
    }

    /// <summary>An answer the proxy must filter but will not read (<paramref name="why"/>: too large, compressed), logged.</summary>
    public static UpstreamFailure Refused(ILogger logger, UpstreamRoute route, UpstreamTarget target, string why)
    {
        LogRefused(logger, route.Receiver, target.Name(), why);
        return UpstreamFailure.Unfilterable(why);
    }

    [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "receiver {Receiver}: {Upstream} timed out after {Timeout}")]
    private static partial void LogTimedOut(ILogger logger, string receiver, string upstream, TimeSpan timeout, Exception exception);

    [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "receiver {Receiver}: {Upstream} unreachable ({Error})")]
    private static partial void LogUnreachable(ILogger logger, string receiver, string upstream, HttpRequestError error, Exception exception);

    [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "receiver {Receiver}: {Upstream} answer timed out after {Timeout}")]
    private static partial void LogAnswerTimedOut(ILogger logger, string receiver, string upstream, TimeSpan timeout, Exception exception);

    [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "receiver {Receiver}: {Upstream} answer broke off")]
    private static partial void LogAnswerBrokeOff(ILogger logger, string receiver, string upstream, Exception exception);

    [LoggerMessage(EventId = 0, Level = LogLevel.Warning, Message = "receiver {Receiver}: {Upstream} answer refused: {Why}")]
    private static partial void LogRefused(ILogger logger, string receiver, string upstream, string why);
}
