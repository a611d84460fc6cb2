using System.Net;

namespace Hesione.Server.Upstream.Pools;

/// <summary>
/// In a pool's chain, between the Polly retry handler and the connections: sends each attempt of a request marked with
/// a <see cref="PoolAttempt"/> to the backend the <see cref="UpstreamPool"/> chooses (rewriting the URL's base), bounds
/// it by the receiver's timeout (a timeout is a failed attempt the retry policy moves on from), counts it in flight,
/// and records its outcome as the backend's passive health. Requests without a <see cref="PoolAttempt"/> (to the
/// Alertmanager) pass through.
/// </summary>
internal sealed class PoolRoutingHandler(UpstreamPool pool, TimeSpan timeout) : DelegatingHandler
{
    /// <summary>The target was built canonical by the caller; it is only re-based here.</summary>
    private static readonly UriCreationOptions CanonicalTarget = new() { DangerousDisablePathAndQueryCanonicalization = true };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (PoolAttempt.Of(request) is not { } attempt) return await base.SendAsync(request, cancellationToken);
        var index = pool.Choose(attempt);
        if (index < 0) throw new PoolExhaustedException(pool.Route.Receiver);
        Route(request, attempt, index);
        attempt.Start(index);
        pool.Enter(index);
        AttemptOutcome? outcome = null;
        try
        {
            var response = await SendBoundedAsync(request, index, cancellationToken);
            outcome = response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
                ? AttemptOutcome.ErrorStatus
                : AttemptOutcome.Answered;
            return response;
        }
        catch (BackendTimeoutException)
        {
            outcome = AttemptOutcome.Timeout;
            throw;
        }
        catch (HttpRequestException)
        {
            outcome = AttemptOutcome.ConnectionFailure;
            throw;
        }
        finally
        {
            pool.Exit(index, outcome, TimeProvider.System.GetElapsedTime(attempt.StartedAt));
        }
    }

    private async Task<HttpResponseMessage> SendBoundedAsync(HttpRequestMessage request, int index, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await base.SendAsync(request, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BackendTimeoutException(pool.Route.Receiver, pool.Backend(index).Label, timeout);
        }
    }

    /// <summary>Points <paramref name="request"/> at backend <paramref name="index"/>: the callers build it on the first backend's base.</summary>
    private void Route(HttpRequestMessage request, PoolAttempt attempt, int index)
    {
        attempt.Suffix ??= request.RequestUri!.OriginalString[pool.Backend(0).Base.Length..];
        if (index != (attempt.Current < 0 ? 0 : attempt.Current))
            request.RequestUri = new Uri(pool.Backend(index).Base + attempt.Suffix, CanonicalTarget);
    }
}
