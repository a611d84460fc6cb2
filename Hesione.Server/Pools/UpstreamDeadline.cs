using Hesione.Server.Plan;

namespace Hesione.Server.Pools;

/// <summary>
/// The receiver's <c>timeout</c> on an upstream request read by the proxy. A single backend: one deadline for the
/// whole request, retries included, set before sending. A pool: each attempt is bounded by the router until the
/// answer's headers, and the body must then arrive within what is left of the answering attempt's timeout.
/// </summary>
internal static class UpstreamDeadline
{
    private static readonly TimeSpan Least = TimeSpan.FromMilliseconds(1);

    public static void BeforeSending(CancellationTokenSource deadline, Receiver receiver)
    {
        if (!receiver.IsPool) deadline.CancelAfter(receiver.Timeout);
    }

    public static void AfterHeaders(CancellationTokenSource deadline, Receiver receiver, HttpRequestMessage request)
    {
        if (!receiver.IsPool || PoolAttempt.Of(request) is not { } attempt) return;
        var left = receiver.Timeout - TimeProvider.System.GetElapsedTime(attempt.StartedAt);
        deadline.CancelAfter(left > Least ? left : Least);
    }
}
