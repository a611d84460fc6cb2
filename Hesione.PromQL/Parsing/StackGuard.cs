using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Pidgin;

namespace Hesione.PromQL.Parsing;

/// <summary>
/// Wraps a recursive grammar rule: before descending it checks that the thread has stack to spare and
/// otherwise throws <see cref="InsufficientExecutionStackException"/>, which <see cref="PromQLParser"/>
/// turns into a parse error. A .NET stack overflow would kill the process; this cannot.
/// </summary>
internal sealed class StackGuard<TToken, T>(Parser<TToken, T> inner) : Parser<TToken, T>
{
    public override bool TryParse(ref ParseState<TToken> state, ref PooledList<Expected<TToken>> expecteds, [MaybeNullWhen(false)] out T result)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return inner.TryParse(ref state, ref expecteds, out result);
    }
}
