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
/// them; a value that cannot be read is null. How each record type is read is worked out once, by reflection.
/// </summary>
internal sealed class SettingsBinder(YamlValues yaml)
{
    private static readonly ConcurrentDictionary<Type, RecordShape> Shapes = new();
    private static readonly PropertyInfo PathProperty = typeof(Settings).GetProperty(nameof(Settings.Path))!;
    private static readonly PropertyInfo GivenProperty = typeof(Settings).GetProperty(nameof(Settings.Given))!;

    public YamlValues Yaml { get; } = yaml;

    /// <summary>The record of type <typeparamref name="T"/> at <paramref name="path"/>, or null when the node is not a mapping.</summary>
    public T? Read<T>(YamlNode node, string path) where T : Settings => (T?)Record(ShapeOf(typeof(T)), node, path);

    /// <summary>The keys a record of type <paramref name="type"/> knows (those of its inline records included).</summary>
    public static IReadOnlySet<string> KeysOf(Type type) => ShapeOf(type).Keys;

    private Settings? Record(RecordShape shape, YamlNode node, string path)
    {
        if (Yaml.Mapping(node, path) is null) return null;
        return Build(shape, Yaml.Entries(node, path, shape.Keys), path);
    }

    private Settings Build(RecordShape shape, Dictionary<string, YamlNode> entries, string path)
    {
        var arguments = new object?[shape.Parameters.Length];
        for (var i = 0; i < arguments.Length; i++) arguments[i] = Argument(shape.Parameters[i], entries, path);
        var settings = (Settings)shape.Constructor.Invoke(arguments);
        PathProperty.SetValue(settings, path);
        GivenProperty.SetValue(settings, new ValueList<string>(entries.Keys));
        return settings;
    }

    private object? Argument(KeyShape key, Dictionary<string, YamlNode> entries, string path)
    {
        if (key.Inline is { } inline) return Build(inline, entries, path);
        if (!entries.TryGetValue(key.Name, out var node))
        {
            if (key.Required is { } required) Yaml.Problems.Add(ConfigProblems.Child(path, key.Name), required);
            return null;
        }
        var keyPath = ConfigProblems.Child(path, key.Name);
        return key.Converter is { } converter ? converter.Read(this, node, keyPath) : Value(key, key.Type, node, keyPath);
    }

    private object? Value(KeyShape key, Type type, YamlNode node, string path)
    {
        if (type == typeof(string)) return key.OneOf is { } allowed ? Yaml.Choice(node, path, allowed) : Yaml.String(node, path);
        if (type == typeof(bool?)) return Yaml.Bool(node, path);
        if (type == typeof(long?)) return Yaml.Integer(node, path, key.Integer!.Min, key.Integer.Max);
        if (type == typeof(double?)) return Yaml.Number(node, path, key.Number!.Min, key.Number.Max);
        if (type == typeof(TimeSpan?)) return key.ZeroMeansNoLimit ? Yaml.Limit(node, path) : Yaml.Duration(node, path);
        if (type == typeof(TextList)) return Texts(key, node, path);
        if (type == key.Type && key.List is { } list) return key.Entry is null ? Records(key, list, node, path) : NamedValues(key, list, node, path);
        return Record(ShapeOf(type), node, path);
    }

    private TextList? Texts(KeyShape key, YamlNode node, string path)
    {
        if (node is YamlScalarNode) return Yaml.String(node, path) is { } single ? new TextList([single], [path]) : null;
        if (Yaml.Sequence(node, path) is not { } sequence) return null;
        if (sequence.Children.Count == 0)
        {
            Yaml.Problems.Add(path, key.NotEmpty ?? "at least one value is needed");
            return null;
        }
        var items = sequence.Children.Select((child, i) => (Path: ConfigProblems.Index(path, i), Value: Yaml.String(child, ConfigProblems.Index(path, i))))
            .Where(item => item.Value is not null).ToList();
        return items.Count == 0 ? null : new TextList(new(items.Select(i => i.Value!)), new(items.Select(i => i.Path)));
    }

    private object? Records(KeyShape key, Func<IEnumerable<object?>, object> list, YamlNode node, string path)
    {
        if (Yaml.Sequence(node, path) is not { } sequence) return null;
        if (sequence.Children.Count == 0 && key.NotEmpty is { } notEmpty)
        {
            Yaml.Problems.Add(path, notEmpty);
            return null;
        }
        var shape = ShapeOf(key.ItemType!);
        return list(sequence.Children.Select((child, i) => Record(shape, child, ConfigProblems.Index(path, i))).Where(r => r is not null).ToList());
    }

    private object? NamedValues(KeyShape key, Func<IEnumerable<object?>, object> list, YamlNode node, string path)
    {
        if (Yaml.Mapping(node, path) is not { } mapping) return null;
        var entries = new List<object?>();
        foreach (var (name, value) in Yaml.Named(mapping, path, key.Noun))
            if (Value(key, key.ItemType!, value, ConfigProblems.Child(path, name)) is { } read)
                entries.Add(key.Entry!(name, read));
        return list(entries);
    }

    private static RecordShape ShapeOf(Type type) => Shapes.GetOrAdd(type, t => new RecordShape(t));

    /// <summary>How a record type is read: its constructor, and a <see cref="KeyShape"/> per parameter.</summary>
    private sealed class RecordShape
    {
        public RecordShape(Type type)
        {
            Constructor = type.GetConstructors().Single(c => c.GetParameters() is not [{ } only] || only.ParameterType != type);
            Parameters = [.. Constructor.GetParameters().Select(p => new KeyShape(p))];
            Keys = Parameters.SelectMany(p => (IEnumerable<string>?)p.Inline?.Keys ?? [p.Name]).ToHashSet(StringComparer.Ordinal);
        }

        public ConstructorInfo Constructor { get; }

        public KeyShape[] Parameters { get; }

        public IReadOnlySet<string> Keys { get; }
    }

    /// <summary>How one key is read, from its parameter's type and attributes.</summary>
    private sealed class KeyShape
    {
        /// <summary>The types of single values; a key may also be a record, or a <see cref="ValueList{T}"/> of records or named values.</summary>
        private static readonly Type[] Values = [typeof(string), typeof(bool?), typeof(long?), typeof(double?), typeof(TimeSpan?), typeof(TextList)];

        public KeyShape(ParameterInfo parameter)
        {
            Type = parameter.ParameterType;
            Name = parameter.GetCustomAttribute<KeyAttribute>()?.Name ?? SnakeCase(parameter.Name!);
            Inline = parameter.IsDefined(typeof(InlineAttribute)) ? ShapeOf(Type) : null;
            Required = parameter.GetCustomAttribute<RequiredAttribute>()?.Message;
            Integer = parameter.GetCustomAttribute<IntegerAttribute>();
            Number = parameter.GetCustomAttribute<NumberAttribute>();
            OneOf = parameter.GetCustomAttribute<OneOfAttribute>()?.Allowed;
            ZeroMeansNoLimit = parameter.IsDefined(typeof(ZeroMeansNoLimitAttribute));
            NotEmpty = parameter.GetCustomAttribute<NotEmptyAttribute>()?.Message;
            Noun = parameter.GetCustomAttribute<NamesAttribute>()?.Noun ?? "a name";
            Converter = parameter.GetCustomAttribute<ReadWithAttribute>()?.Converter;
            if ((Type == typeof(long?) && Integer is null) || (Type == typeof(double?) && Number is null))
                throw new InvalidOperationException($"{parameter.Member.DeclaringType!.Name}.{parameter.Name}: a number key needs its bounds ([Integer] or [Number])");
            if (Type.IsGenericType && Type.GetGenericTypeDefinition() == typeof(ValueList<>))
            {
                var item = Type.GetGenericArguments()[0];
                List = Factory<Func<IEnumerable<object?>, object>>(nameof(ListOf), item);
                var named = item.IsGenericType && item.GetGenericTypeDefinition() == typeof(Named<>);
                ItemType = named ? item.GetGenericArguments()[0] : item;
                Entry = named ? Factory<Func<string, object, object>>(nameof(NamedOf), ItemType) : null;
            }
            else if (!Values.Contains(Type) && !Type.IsSubclassOf(typeof(Settings)))
            {
                throw new InvalidOperationException($"{parameter.Member.DeclaringType!.Name}.{parameter.Name}: no reader for {Type}");
            }
        }

        public Type Type { get; }

        public string Name { get; }

        public RecordShape? Inline { get; }

        public string? Required { get; }

        public IntegerAttribute? Integer { get; }

        public NumberAttribute? Number { get; }

        public string[]? OneOf { get; }

        public bool ZeroMeansNoLimit { get; }

        public string? NotEmpty { get; }

        public string Noun { get; }

        public ISettingsConverter? Converter { get; }

        /// <summary>For a <see cref="ValueList{T}"/>: builds it from its items, and the type of its records or named values.</summary>
        public Func<IEnumerable<object?>, object>? List { get; }

        public Type? ItemType { get; }

        /// <summary>For a list of <see cref="Named{T}"/>: builds one entry.</summary>
        public Func<string, object, object>? Entry { get; }

        private static T Factory<T>(string method, Type type) where T : Delegate =>
            typeof(KeyShape).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type).CreateDelegate<T>();

        private static object ListOf<T>(IEnumerable<object?> items) => new ValueList<T>(items.Cast<T>());

        private static object NamedOf<T>(string name, object value) => new Named<T>(name, (T)value);
    }

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
