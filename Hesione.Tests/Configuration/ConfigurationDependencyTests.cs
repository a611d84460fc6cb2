using System.Reflection;
using System.Reflection.Emit;
using FluentAssertions;
using Hesione.Server.Configuration;
using Xunit;

namespace Hesione.Tests.Configuration;

/// <summary>
/// The read and validation stages depend on nothing else in the server (only on the library and YamlDotNet): every
/// type in <c>Hesione.Server.Configuration</c>, by its signatures and by what its method bodies touch (read from their IL).
/// </summary>
public class ConfigurationDependencyTests
{
    private const string Namespace = "Hesione.Server.Configuration";

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    [Fact]
    public void Configuration_uses_no_other_server_namespace()
    {
        var types = typeof(ProxySettings).Assembly.GetTypes().Where(t => OuterOf(t).Namespace == Namespace).ToList();
        types.Should().Contain([typeof(SettingsBinder), typeof(ConfigValidator), typeof(ConfigException)]);

        var offending = types.SelectMany(t => Referenced(t).Select(used => (t, used)))
            .Where(x => OuterOf(x.used).Namespace is { } ns && ns.StartsWith("Hesione.Server", StringComparison.Ordinal) && ns != Namespace)
            .Select(x => $"{x.t.FullName} uses {x.used.FullName}")
            .Distinct();
        offending.Should().BeEmpty();
    }

    internal static Type OuterOf(Type type) => type.DeclaringType is { } outer ? OuterOf(outer) : type;

    internal static IEnumerable<Type> Referenced(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        IEnumerable<Type> used = [.. type.GetInterfaces(), .. type.BaseType is { } b ? [b] : Array.Empty<Type>()];
        used = used.Concat(type.GetFields(all).Select(f => f.FieldType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            used = used.Concat(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info) used = used.Concat([info.ReturnType]);
            used = used.Concat(BodyReferences(method));
        }
        return used.SelectMany(Expand);
    }

    /// <summary>A type and the types it is made of (generic arguments, element types).</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        yield return type;
        if (type.HasElementType) foreach (var inner in Expand(type.GetElementType()!)) yield return inner;
        if (type.IsGenericType) foreach (var argument in type.GetGenericArguments().SelectMany(Expand)) yield return argument;
    }

    /// <summary>The types of the members and types a method's IL names (calls, fields, <c>newobj</c>, casts, <c>typeof</c>).</summary>
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArguments = method.DeclaringType!.IsGenericType ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            var opCode = OpCodesByValue[value];
            i += opCode.Size;
            var operand = opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
            if (opCode.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType)
            {
                var member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments);
                if (member is Type named) yield return named;
                else if (member?.DeclaringType is { } declaring) yield return declaring;
                if (member is FieldInfo field) yield return field.FieldType;
                if (member is MethodInfo called) yield return called.ReturnType;
            }
            i += operand;
        }
    }
}
