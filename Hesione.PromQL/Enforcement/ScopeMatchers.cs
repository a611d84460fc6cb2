using System.Collections.Immutable;
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

    /// <summary><paramref name="matchers"/> and then the scope's matchers they lack; the same array when they lack none.</summary>
    public ImmutableArray<LabelMatcher> AddTo(ImmutableArray<LabelMatcher> matchers)
    {
        ImmutableArray<LabelMatcher>.Builder? added = null;
        foreach (var required in Scope.Matchers)
        {
            if (matchers.Contains(required)) continue;
            added ??= matchers.ToBuilder();
            added.Add(required);
        }
        return added is null ? matchers : added.ToImmutable();
    }

    /// <summary>Runs a rewrite of a whole tree: a refusal, or a tree too deep to walk, becomes a failed result.</summary>
    public static EnforcementResult<T> Run<T>(Func<T> rewrite) where T : class
    {
        try
        {
            return EnforcementResult<T>.Ok(rewrite());
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
