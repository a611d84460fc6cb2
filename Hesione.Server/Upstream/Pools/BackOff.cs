namespace Hesione.Server.Upstream.Pools;

/// <summary>
/// How long a backend that keeps failing is left alone: 500 ms after the first failure, doubling with each failure in
/// a row, at most 2 s while its failures are quick (refused, reset, 502/503/504 at once: trying it again costs a
/// request a few milliseconds, so a restarted replica gets traffic back soon) and at most 10 s once one was slow (no
/// answer within the timeout, or after a second or more: trying it again costs a request that long).
/// </summary>
internal static class BackOff
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan QuickCap = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan SlowCap = TimeSpan.FromSeconds(10);

    /// <summary>A failure that took this long or more is slow.</summary>
    public static readonly TimeSpan Slow = TimeSpan.FromSeconds(1);

    /// <summary>The back-off after <paramref name="failures"/> failures in a row (at least 1), the last one <paramref name="slow"/> or not.</summary>
    public static TimeSpan After(int failures, bool slow)
    {
        var doubled = First * Math.Pow(2, Math.Clamp(failures - 1, 0, 20));
        var cap = slow ? SlowCap : QuickCap;
        return doubled < cap ? doubled : cap;
    }
}
