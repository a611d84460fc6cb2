namespace Hesione.Server.Configuration;

/// <summary>
/// Collects every problem of a config, each prefixed with its YAML path, from every stage (reading, validation,
/// compilation). They are listed in document order: each path is placed where its node (or its nearest present
/// parent, for a missing key) starts in the YAML, problems at one place in the order they were found.
/// </summary>
internal sealed class ConfigProblems
{
    private readonly List<(string Path, string Message)> _items = [];
    private readonly Dictionary<string, (long Line, long Column)> _positions = new(StringComparer.Ordinal);

    public int Count => _items.Count;

    public void Add(string path, string message) => _items.Add((path, message));

    /// <summary>Records where the node at <paramref name="path"/> starts, to list its problems in document order.</summary>
    public void Locate(string path, long line, long column) => _positions.TryAdd(path, (line, column));

    /// <summary>Whether a problem was found at <paramref name="path"/> or under it.</summary>
    public bool HasAt(string path) => _items.Exists(item => item.Path == path
        || (item.Path.Length > path.Length && item.Path.StartsWith(path, StringComparison.Ordinal) && item.Path[path.Length] is '.' or '['));

    /// <summary>Every problem as <c>path: message</c> (just the message at the root), in document order.</summary>
    public IReadOnlyList<string> Messages =>
        _items.Select((item, index) => (item, index))
            .OrderBy(x => PositionOf(x.item.Path)).ThenBy(x => x.index)
            .Select(x => x.item.Path.Length == 0 ? x.item.Message : $"{x.item.Path}: {x.item.Message}")
            .ToArray();

    /// <summary>Throws a <see cref="ConfigException"/> listing every problem, if there is any.</summary>
    public void ThrowIfAny()
    {
        if (_items.Count > 0) throw new ConfigException(Messages);
    }

    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Index(string path, int index) => $"{path}[{index}]";

    private (long Line, long Column) PositionOf(string path)
    {
        while (path.Length > 0)
        {
            if (_positions.TryGetValue(path, out var position)) return position;
            path = path[..Math.Max(0, path.LastIndexOfAny(['.', '[']))];
        }
        return (0, 0);
    }
}
