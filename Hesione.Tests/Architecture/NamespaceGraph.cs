using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Hesione.Tests.Architecture;

/// <summary>
/// Which namespaces of one assembly use which, read from its IL with Mono.Cecil: signatures, base types, attributes,
/// locals and every type or member a method body names. A compiler-generated or nested type counts as part of the
/// namespace of its outermost declaring type; a sub-namespace (<c>Upstream.Pools</c>) is part of its component
/// (<c>Upstream</c>): the nodes are the namespaces one level below the prefix, and the prefix itself.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, string>> _edges = new(StringComparer.Ordinal);

    /// <summary>Only namespaces starting with this are nodes.</summary>
    private readonly string _prefix;

    private NamespaceGraph(string prefix) => _prefix = prefix;

    public IEnumerable<string> Namespaces => _edges.Keys;

    /// <summary>The namespaces <paramref name="from"/> uses, each with one example use (<c>Type → Type</c>).</summary>
    public IReadOnlyDictionary<string, string> UsesOf(string from) => _edges.TryGetValue(from, out var uses) ? uses : new Dictionary<string, string>();

    public static NamespaceGraph Read(string assemblyPath, string prefix)
    {
        var graph = new NamespaceGraph(prefix);
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.GetTypes())
        {
            var owner = Outermost(type);
            if (graph.ComponentOf(owner.Namespace) is not { } component) continue;
            graph._edges.TryAdd(component, new(StringComparer.Ordinal));
            foreach (var used in UsedTypes(type)) graph.Add(owner, used);
        }
        return graph;
    }

    /// <summary>The component <paramref name="ns"/> belongs to, or null outside the prefix.</summary>
    private string? ComponentOf(string ns)
    {
        if (ns == _prefix) return ns;
        if (!ns.StartsWith(_prefix + ".", StringComparison.Ordinal)) return null;
        var next = ns.IndexOf('.', _prefix.Length + 1);
        return next < 0 ? ns : ns[..next];
    }

    private void Add(TypeDefinition owner, TypeReference used)
    {
        var target = Outermost(used);
        var from = ComponentOf(owner.Namespace)!;
        if (ComponentOf(target.Namespace) is not { } to || to == from) return;
        _edges[from].TryAdd(to, $"{owner.Name} → {target.Name}");
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    private static IEnumerable<TypeReference> UsedTypes(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        if (type.BaseType is not null) found.Add(type.BaseType);
        found.AddRange(type.Interfaces.Select(i => i.InterfaceType));
        found.AddRange(type.CustomAttributes.Select(a => a.AttributeType));
        found.AddRange(type.Fields.Select(f => f.FieldType));
        found.AddRange(type.Properties.Select(p => p.PropertyType));
        found.AddRange(type.Events.Select(e => e.EventType));
        foreach (var method in type.Methods)
        {
            found.Add(method.ReturnType);
            found.AddRange(method.Parameters.Select(p => p.ParameterType));
            found.AddRange(method.CustomAttributes.Select(a => a.AttributeType));
            if (!method.HasBody) continue;
            found.AddRange(method.Body.Variables.Select(v => v.VariableType));
            foreach (var instruction in method.Body.Instructions) found.AddRange(OperandTypes(instruction));
        }
        return found.SelectMany(Expand);
    }

    private static IEnumerable<TypeReference> OperandTypes(Instruction instruction) => instruction.Operand switch
    {
        TypeReference type => [type],
        MethodReference method => [method.DeclaringType, method.ReturnType, .. method.Parameters.Select(p => p.ParameterType),
            .. method is GenericInstanceMethod generic ? generic.GenericArguments : []],
        FieldReference field => [field.DeclaringType, field.FieldType],
        _ => [],
    };

    /// <summary>A type and every type inside it: element types of arrays and by-refs, generic arguments.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        switch (type)
        {
            case GenericInstanceType generic:
                yield return generic.ElementType;
                foreach (var argument in generic.GenericArguments)
                    foreach (var inner in Expand(argument)) yield return inner;
                break;
            case TypeSpecification specification:
                foreach (var inner in Expand(specification.ElementType)) yield return inner;
                break;
            case GenericParameter:
                break;
            default:
                yield return type;
                break;
        }
    }
}
