using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Hesione.Server.Configuration;

/// <summary>An immutable list that compares by value, so that the settings records holding lists keep value equality.</summary>
[CollectionBuilder(typeof(ValueList), nameof(ValueList.Create))]
internal sealed class ValueList<T>(IEnumerable<T> items) : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly ImmutableArray<T> _items = [.. items];

    public T this[int index] => _items[index];

    public int Count => _items.Length;

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueList<T>? other) => other is not null && _items.SequenceEqual(other._items);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items) hash.Add(item);
        return hash.ToHashCode();
    }

    public override string ToString() => $"[{string.Join(", ", _items)}]";
}

/// <summary>Builds <see cref="ValueList{T}"/>s.</summary>
internal static class ValueList
{
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) => new(items.ToArray());
}
