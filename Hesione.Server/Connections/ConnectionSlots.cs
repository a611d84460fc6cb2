namespace Hesione.Server.Connections;

/// <summary>The client connections open at once, across the listeners of one proxy, against a bound (null: none).</summary>
internal sealed class ConnectionSlots(int? limit)
{
    private int _open;

    public int? Limit { get; } = limit;

    /// <summary>Takes a slot for a new connection; false when <see cref="Limit"/> connections are open.</summary>
    public bool TryTake()
    {
        if (Interlocked.Increment(ref _open) <= (Limit ?? int.MaxValue)) return true;
        Interlocked.Decrement(ref _open);
        return false;
    }

    /// <summary>Gives back the slot of a closed connection.</summary>
    public void Release() => Interlocked.Decrement(ref _open);
}
