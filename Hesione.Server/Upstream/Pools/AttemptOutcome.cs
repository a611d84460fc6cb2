namespace Hesione.Server.Upstream.Pools;

/// <summary>How one attempt on one backend ended (the <c>outcome</c> label of <c>hesione_upstream_requests_total</c>).</summary>
internal enum AttemptOutcome
{
    /// <summary>The backend answered (any status but 502, 503, 504).</summary>
    Answered,

    /// <summary>The backend answered 502, 503 (Prometheus starting, say) or 504: a failed attempt.</summary>
    ErrorStatus,

    /// <summary>Refused, reset, unresolvable or closed before an answer.</summary>
    ConnectionFailure,

    /// <summary>No answer within the receiver's timeout.</summary>
    Timeout,
}

internal static class AttemptOutcomes
{
    /// <summary>The label values, by <see cref="AttemptOutcome"/>.</summary>
    public static readonly string[] Labels = ["answered", "error_status", "connection_failure", "timeout"];

    public static bool IsFailure(this AttemptOutcome outcome) => outcome != AttemptOutcome.Answered;
}
