using System.Collections.Immutable;
using Hesione.PromQL.Ast;
using ValueType = Hesione.PromQL.Ast.ValueType;

namespace Hesione.PromQL.Functions;

/// <summary>A function of PromQL and its signature.</summary>
/// <param name="Name">The name, case-sensitive.</param>
/// <param name="ArgTypes">The declared argument types, in order.</param>
/// <param name="Variadic">0: exactly <see cref="ArgTypes"/>; N &gt; 0: the last argument is optional and up to N of its kind may be given; -1: the last argument may repeat without limit.</param>
/// <param name="ReturnType">The type of the result.</param>
/// <param name="Experimental">Whether it needs <see cref="Parsing.PromQLParserOptions.EnableExperimentalFunctions"/>.</param>
public sealed record PromQLFunction(string Name, ImmutableArray<ValueType> ArgTypes, int Variadic, ValueType ReturnType, bool Experimental)
{
    /// <summary>The fewest arguments the function takes.</summary>
    public int MinArgs => Variadic == 0 ? ArgTypes.Length : ArgTypes.Length - 1;

    /// <summary>The most arguments the function takes, or null without limit.</summary>
    public int? MaxArgs => Variadic switch
    {
        0 => ArgTypes.Length,
        < 0 => null,
        _ => ArgTypes.Length - 1 + Variadic,
    };

    /// <summary>The type expected for argument <paramref name="index"/> (repeated arguments take the last declared type).</summary>
    public ValueType ArgType(int index) => ArgTypes[Math.Min(index, ArgTypes.Length - 1)];

    /// <summary>Equal when the name and the whole signature are (argument types compared element by element).</summary>
    public bool Equals(PromQLFunction? other) =>
        ReferenceEquals(this, other) || (other is not null && Name == other.Name && NodeEquality.ListEqual(ArgTypes, other.ArgTypes)
            && Variadic == other.Variadic && ReturnType == other.ReturnType && Experimental == other.Experimental);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, NodeEquality.ListHash(ArgTypes), Variadic, ReturnType, Experimental);
}
