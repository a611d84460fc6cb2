namespace Hesione.Server.Pools;

/// <summary>How long a backend that keeps failing is left alone: 500 ms after the first failure, doubling with each
/// failure in a row, at most 10 s (so a restarted replica gets traffic back within 10 s even without a readiness probe).</summary>
internal static class BackOff
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(10);

    /// <summary>The back-off after <paramref name="failures"/> failures in a row (at least 1).</summary>
    public static TimeSpan After(int failures)
    {
        var doubled = First * Math.Pow(2, Math.Clamp(failures - 1, 0, 20));
        return doubled < Cap ? doubled : Cap;
    }
}
