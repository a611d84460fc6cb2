using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Hesione.PromQL.Ast;

namespace Hesione.PromQL.Enforcement;

/// <summary>
/// What both dialects' enforcers do with a scope: refuse a conflicting selector, add the scope's matchers to a list of
/// matchers, and turn a rewrite's refusal into a failed result.
/// </summary>
internal sealed class ScopeMatchers(LabelScope scope)
{
    private readonly ConflictDetector _conflicts = new(scope);

    public LabelScope Scope { get; } = scope;

    /// <summary>Refuses <paramref name="selector"/> when the scope rejects conflicts and the selector has one.</summary>
    public void RefuseConflict(VectorSelector selector)
    {
        if (Scope.OnConflict == OnConflict.Reject && _conflicts.FindConflict(selector) is { } conflict)
            throw new EnforcementException(EnforcementFailure.Conflict, conflict);
    }

    /// <summary>The same for a selector of matchers alone (a MetricsQL or-group), built only when the scope rejects conflicts.</summary>
    public void RefuseConflict(ImmutableArray<LabelMatcher> matchers)
    {
        if (Scope.OnConflict == OnConflict.Reject) RefuseConflict(new VectorSelector(null, matchers));
    }

    /// <summary>
    /// <paramref name="matchers"/> and then the scope's matchers they lack, in one new array; the same array when they
    /// lack none.
    /// </summary>
    public ImmutableArray<LabelMatcher> AddTo(ImmutableArray<LabelMatcher> matchers)
    {
        var missing = 0;
        foreach (var required in Scope.Matchers)
            if (!matchers.Contains(required)) missing++;
        if (missing == 0) return matchers;
        var result = new LabelMatcher[matchers.Length + missing];
        matchers.CopyTo(result);
        var next = matchers.Length;
        foreach (var required in Scope.Matchers)
            if (!matchers.Contains(required)) result[next++] = required;
        return ImmutableCollectionsMarshal.AsImmutableArray(result);
    }

    /// <summary>
    /// Runs a rewrite of a whole tree (<paramref name="rewrite"/> of <paramref name="state"/>): a refusal, or a tree too
    /// deep to walk, becomes a failed result.
    /// </summary>
    public static EnforcementResult<T> Run<TState, T>(TState state, Func<TState, T> rewrite) where T : class
    {
        try
        {
            return EnforcementResult<T>.Ok(rewrite(state));
        }
        catch (EnforcementException e)
        {
            return EnforcementResult<T>.Fail(e.Failure, e.Message);
        }
        catch (InsufficientExecutionStackException)
        {
            return EnforcementResult<T>.Fail(EnforcementFailure.InvalidQuery, "expression is nested too deeply");
        }
    }
}
