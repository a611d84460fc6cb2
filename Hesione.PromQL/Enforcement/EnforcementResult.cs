using System.Diagnostics.CodeAnalysis;

namespace Hesione.PromQL.Enforcement;

/// <summary>Why a query could not be enforced.</summary>
public enum EnforcementFailure
{
    /// <summary>No failure.</summary>
    None,
    /// <summary>The query is not valid PromQL (the message is Prometheus's parse error).</summary>
    InvalidQuery,
    /// <summary>A user matcher provably excludes the whole scope and the scope says <see cref="OnConflict.Reject"/>.</summary>
    Conflict,
    /// <summary>The tree holds a node kind the enforcer does not know: refused rather than passed through.</summary>
    UnknownNode,
}

/// <summary>An enforced value, or why there is none.</summary>
/// <typeparam name="T">The enforced value's type.</typeparam>
public readonly record struct EnforcementResult<T> where T : class
{
    private EnforcementResult(T? value, EnforcementFailure failure, string? error)
    {
        Value = value;
        Failure = failure;
        Error = error;
    }

    /// <summary>The enforced value when <see cref="Success"/>.</summary>
    public T? Value { get; }

    /// <summary>The kind of failure, or <see cref="EnforcementFailure.None"/>.</summary>
    public EnforcementFailure Failure { get; }

    /// <summary>A message for the client when not <see cref="Success"/>.</summary>
    public string? Error { get; }

    /// <summary>Whether enforcement succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Failure == EnforcementFailure.None;

    /// <summary>A success.</summary>
    public static EnforcementResult<T> Ok(T value) => new(value, EnforcementFailure.None, null);

    /// <summary>A failure.</summary>
    public static EnforcementResult<T> Fail(EnforcementFailure failure, string error) => new(null, failure, error);
}
