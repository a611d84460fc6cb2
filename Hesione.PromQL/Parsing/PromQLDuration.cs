namespace Hesione.PromQL.Parsing;

/// <summary>Prometheus's duration syntax (<c>1h30m</c>, <c>500ms</c>, <c>0</c>), read exactly as the PromQL parser reads a duration literal.</summary>
public static class PromQLDuration
{
    private static readonly long MaxTimeSpanMilliseconds = (long)TimeSpan.MaxValue.TotalMilliseconds;

    /// <summary>
    /// Reads <paramref name="text"/> as a duration: digits and a unit (<c>y w d h m s ms</c>, lowercase), units largest
    /// first and each at most once, or a bare <c>0</c>. Allocates nothing.
    /// </summary>
    /// <param name="text">The duration as written, without sign or spaces.</param>
    /// <param name="duration">The duration, to the millisecond; <see cref="TimeSpan.Zero"/> when the text is refused.</param>
    /// <returns>False when <paramref name="text"/> is not a duration or longer than a <see cref="TimeSpan"/> can hold.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan duration)
    {
        if (NumberSyntax.ReadDuration(text, out var milliseconds) == NumberSyntax.DurationProblem.None && milliseconds <= MaxTimeSpanMilliseconds)
        {
            duration = TimeSpan.FromMilliseconds(milliseconds);
            return true;
        }
        duration = TimeSpan.Zero;
        return false;
    }
}
