namespace Hesione.Server.Configuration;

/// <summary>
/// A mapping of the config as read: its values as given (strings, numbers, durations, lists), no runtime object.
/// Each key is a constructor parameter of the record, named by its snake_case form (<see cref="SettingsBinder"/>).
/// </summary>
internal abstract record Settings
{
    /// <summary>The YAML path of this mapping (<c>receivers[2]</c>), to report problems with.</summary>
    public string Path { get; init; } = "";

    /// <summary>The keys the mapping holds, also those whose value could not be read.</summary>
    public ValueList<string> Given { get; init; } = [];

    public bool Has(string key) => Given.Contains(key);

    /// <summary>The path of one of this mapping's keys.</summary>
    public string PathOf(string key) => ConfigProblems.Child(Path, key);
}

/// <summary>
/// A key given as one string or as a non-empty list of strings: the items that could be read, each with its path
/// (the key's for one string, <c>key[i]</c> in a list), so that the others are checked even when one is not a string.
/// </summary>
internal sealed record TextList(ValueList<string> Items, ValueList<string> Paths)
{
    /// <summary>Where item <paramref name="index"/> is reported.</summary>
    public string PathOf(int index) => Paths[index];
}

/// <summary>One entry of a mapping whose keys are names (labels, headers, identities), in document order.</summary>
internal sealed record Named<T>(string Name, T Value);
