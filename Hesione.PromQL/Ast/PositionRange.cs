namespace Hesione.PromQL.Ast;

/// <summary>
/// A half-open range <c>[Start, End)</c> of UTF-8 byte offsets into the parsed query text.
/// Positions are informational: they never take part in structural equality.
/// </summary>
/// <param name="Start">Offset of the first byte.</param>
/// <param name="End">Offset just past the last byte.</param>
public readonly record struct PositionRange(int Start, int End)
{
    /// <summary>A range for nodes that were built in code rather than parsed.</summary>
    public static PositionRange None => default;

    /// <summary>The smallest range that covers both <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static PositionRange Cover(PositionRange a, PositionRange b) =>
        new(Math.Min(a.Start, b.Start), Math.Max(a.End, b.End));
}
