namespace Hesione.Server.Config;

/// <summary>Collects every problem of a config, each prefixed with its YAML path.</summary>
internal sealed class ConfigProblems
{
    private readonly List<string> _items = [];

    public int Count => _items.Count;

    public void Add(string path, string message) => _items.Add(path.Length == 0 ? message : $"{path}: {message}");

    /// <summary>Throws a <see cref="ConfigException"/> listing every problem, if there is any.</summary>
    public void ThrowIfAny()
    {
        if (_items.Count > 0) throw new ConfigException(_items.ToArray());
    }

    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Index(string path, int index) => $"{path}[{index}]";
}
