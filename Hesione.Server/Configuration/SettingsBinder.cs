using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace Hesione.Server.Configuration;

/// <summary>
/// Reads YAML mappings into <see cref="Settings"/> records: each constructor parameter is a key, named by its snake_case
/// form (or <see cref="KeyAttribute"/>), read by its type (string, bool, integer, number, duration, <see cref="TextList"/>,
/// a nested record, a <see cref="ValueList{T}"/> of records or of <see cref="Named{T}"/> values) and its attributes
/// (<c>KeyAttributes.cs</c>). Unknown keys and values of the wrong shape are problems with their YAML paths, all of
/// them; a value that cannot be read is null.
/// </summary>
internal sealed class SettingsBinder(YamlValues yaml)
{
    private static readonly ConcurrentDictionary<Type, (ConstructorInfo Constructor, IReadOnlySet<string> Keys)> Shapes = new();

    public YamlValues Yaml { get; } = yaml;

    /// <summary>The record of type <typeparamref name="T"/> at <paramref name="path"/>, or null when the node is not a mapping.</summary>
    public T? Read<T>(YamlNode node, string path) where T : Settings => (T?)Record(typeof(T), node, path);

    private object? Record(Type type, YamlNode node, string path)
    {
        if (Yaml.Mapping(node, path) is null) return null;
        return Build(type, Yaml.Entries(node, path, ShapeOf(type).Keys), path);
    }

    private Settings Build(Type type, Dictionary<string, YamlNode> entries, string path)
    {
        var constructor = ShapeOf(type).Constructor;
        var arguments = constructor.GetParameters().Select(parameter => Argument(parameter, entries, path)).ToArray();
        var settings = (Settings)constructor.Invoke(arguments);
        typeof(Settings).GetProperty(nameof(Settings.Path))!.SetValue(settings, path);
        typeof(Settings).GetProperty(nameof(Settings.Given))!.SetValue(settings, new ValueList<string>(entries.Keys));
        return settings;
    }

    private object? Argument(ParameterInfo parameter, Dictionary<string, YamlNode> entries, string path)
    {
        if (parameter.IsDefined(typeof(InlineAttribute))) return Build(parameter.ParameterType, entries, path);
        var keyPath = ConfigProblems.Child(path, KeyOf(parameter));
        if (!entries.TryGetValue(KeyOf(parameter), out var node))
        {
            if (parameter.GetCustomAttribute<RequiredAttribute>() is { } required) Yaml.Problems.Add(keyPath, required.Message);
            return null;
        }
        if (parameter.GetCustomAttribute<ReadWithAttribute>() is { } converter) return converter.Converter.Read(this, node, keyPath);
        return Value(parameter.ParameterType, parameter, node, keyPath);
    }

    private object? Value(Type type, ParameterInfo parameter, YamlNode node, string path)
    {
        if (type == typeof(string))
            return parameter.GetCustomAttribute<OneOfAttribute>() is { } oneOf ? Yaml.Choice(node, path, oneOf.Allowed) : Yaml.String(node, path);
        if (type == typeof(bool?)) return Yaml.Bool(node, path);
        if (type == typeof(long?))
        {
            var bounds = parameter.GetCustomAttribute<IntegerAttribute>() ?? throw new InvalidOperationException($"{parameter.Name}: an integer key needs [Integer]");
            return Yaml.Integer(node, path, bounds.Min, bounds.Max);
        }
        if (type == typeof(double?))
        {
            var bounds = parameter.GetCustomAttribute<NumberAttribute>() ?? throw new InvalidOperationException($"{parameter.Name}: a number key needs [Number]");
            return Yaml.Number(node, path, bounds.Min, bounds.Max);
        }
        if (type == typeof(TimeSpan?)) return parameter.IsDefined(typeof(ZeroMeansNoLimitAttribute)) ? Yaml.Limit(node, path) : Yaml.Duration(node, path);
        if (type == typeof(TextList)) return Texts(parameter, node, path);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueList<>))
        {
            var item = type.GetGenericArguments()[0];
            return item.IsGenericType && item.GetGenericTypeDefinition() == typeof(Named<>)
                ? NamedValues(item, parameter, node, path)
                : Records(item, parameter, node, path);
        }
        if (type.IsSubclassOf(typeof(Settings))) return Record(type, node, path);
        throw new InvalidOperationException($"{parameter.Name}: no reader for {type}");
    }

    private TextList? Texts(ParameterInfo parameter, YamlNode node, string path)
    {
        if (node is YamlScalarNode) return Yaml.String(node, path) is { } single ? new TextList([single], [path]) : null;
        if (Yaml.Sequence(node, path) is not { } sequence) return null;
        if (sequence.Children.Count == 0)
        {
            Yaml.Problems.Add(path, parameter.GetCustomAttribute<NotEmptyAttribute>()?.Message ?? "at least one value is needed");
            return null;
        }
        var items = sequence.Children.Select((child, i) => (Path: ConfigProblems.Index(path, i), Value: Yaml.String(child, ConfigProblems.Index(path, i))))
            .Where(item => item.Value is not null).ToList();
        return items.Count == 0 ? null : new TextList(new(items.Select(i => i.Value!)), new(items.Select(i => i.Path)));
    }

    private object? Records(Type item, ParameterInfo parameter, YamlNode node, string path)
    {
        if (Yaml.Sequence(node, path) is not { } sequence) return null;
        if (sequence.Children.Count == 0 && parameter.GetCustomAttribute<NotEmptyAttribute>() is { } notEmpty)
        {
            Yaml.Problems.Add(path, notEmpty.Message);
            return null;
        }
        var records = sequence.Children.Select((child, i) => Record(item, child, ConfigProblems.Index(path, i))).Where(r => r is not null);
        return ValueList.Of(item, records);
    }

    private object? NamedValues(Type item, ParameterInfo parameter, YamlNode node, string path)
    {
        if (Yaml.Mapping(node, path) is not { } mapping) return null;
        var valueType = item.GetGenericArguments()[0];
        var noun = parameter.GetCustomAttribute<NamesAttribute>()?.Noun ?? "a name";
        var entries = new List<object>();
        foreach (var (name, value) in Yaml.Named(mapping, path, noun))
            if (Value(valueType, parameter, value, ConfigProblems.Child(path, name)) is { } read)
                entries.Add(Activator.CreateInstance(item, name, read)!);
        return ValueList.Of(item, entries);
    }

    /// <summary>The keys a record of type <paramref name="type"/> knows (those of its inline records included).</summary>
    public static IReadOnlySet<string> KeysOf(Type type) => ShapeOf(type).Keys;

    private static (ConstructorInfo Constructor, IReadOnlySet<string> Keys) ShapeOf(Type type) => Shapes.GetOrAdd(type, t =>
    {
        var constructor = t.GetConstructors().Single(c => c.GetParameters() is not [{ } only] || only.ParameterType != t);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in constructor.GetParameters())
        {
            if (parameter.IsDefined(typeof(InlineAttribute))) keys.UnionWith(ShapeOf(parameter.ParameterType).Keys);
            else keys.Add(KeyOf(parameter));
        }
        return (constructor, keys);
    });

    private static string KeyOf(ParameterInfo parameter) => parameter.GetCustomAttribute<KeyAttribute>()?.Name ?? SnakeCase(parameter.Name!);

    /// <summary><c>MaxBodyBytes</c> → <c>max_body_bytes</c>.</summary>
    public static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsAsciiLetterUpper(name[i]) && i > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }
}
