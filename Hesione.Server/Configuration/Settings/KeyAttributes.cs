namespace Hesione.Server.Configuration;

// How a settings record's keys are read (SettingsBinder): the shape of each key, declared where the key is.

/// <summary>The key's name when it is not the snake_case form of the parameter's name.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class KeyAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>The key must be given; <see cref="Message"/> when it is not.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class RequiredAttribute(string message = "missing") : Attribute
{
    public string Message { get; } = message;
}

/// <summary>An integer key's bounds, inclusive.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class IntegerAttribute(long min, long max) : Attribute
{
    public long Min { get; } = min;

    public long Max { get; } = max;
}

/// <summary>A decimal number key's bounds, inclusive.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class NumberAttribute(double min, double max) : Attribute
{
    public double Min { get; } = min;

    public double Max { get; } = max;
}

/// <summary>A string key that takes one of <see cref="Allowed"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class OneOfAttribute(params string[] allowed) : Attribute
{
    public string[] Allowed { get; } = allowed;
}

/// <summary>A duration key where 0 is allowed and means no limit (a positive duration otherwise).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class ZeroMeansNoLimitAttribute : Attribute;

/// <summary>A list key that must not be empty: <see cref="Message"/> when it is (a list of strings is never empty; this words its problem).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class NotEmptyAttribute(string message) : Attribute
{
    public string Message { get; } = message;
}

/// <summary>A mapping of names (<see cref="Named{T}"/>): how its keys are called in the problem when one is not a plain string.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class NamesAttribute(string noun) : Attribute
{
    public string Noun { get; } = noun;
}

/// <summary>A record whose keys sit in the enclosing mapping itself (the guards, at the top level and in a receiver).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class InlineAttribute : Attribute;

/// <summary>A key of several shapes (<c>auth</c>: <c>preserve</c> or a mapping), read by a <see cref="ISettingsConverter"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class ReadWithAttribute(Type converter) : Attribute
{
    public ISettingsConverter Converter { get; } = (ISettingsConverter)Activator.CreateInstance(converter)!;
}

/// <summary>Reads a key of several shapes.</summary>
internal interface ISettingsConverter
{
    object? Read(SettingsBinder binder, YamlDotNet.RepresentationModel.YamlNode node, string path);
}
