namespace Hesione.PromQL.Ast;

/// <summary>What an <c>@</c> modifier refers to.</summary>
public enum AtKind
{
    /// <summary><c>@ &lt;unix seconds&gt;</c></summary>
    Timestamp,
    /// <summary><c>@ start()</c></summary>
    Start,
    /// <summary><c>@ end()</c></summary>
    End,
}

/// <summary>An <c>@</c> modifier: a fixed evaluation time, or the query's start or end.</summary>
/// <param name="Kind">Timestamp, start() or end().</param>
/// <param name="TimestampMilliseconds">For <see cref="AtKind.Timestamp"/>: Unix time in milliseconds, as Prometheus stores it.</param>
public sealed record AtModifier(AtKind Kind, long TimestampMilliseconds = 0);
