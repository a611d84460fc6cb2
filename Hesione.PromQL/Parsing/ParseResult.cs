using System.Diagnostics.CodeAnalysis;

namespace Hesione.PromQL.Parsing;

/// <summary>The outcome of parsing: a value, or an error. Never both.</summary>
/// <typeparam name="T">The parsed value's type.</typeparam>
public readonly record struct ParseResult<T> where T : class
{
    private ParseResult(T? value, ParseError? error, string query)
    {
        Value = value;
        Error = error;
        Query = query;
    }

    /// <summary>The parsed value when <see cref="Success"/>.</summary>
    public T? Value { get; }

    /// <summary>The error when not <see cref="Success"/>.</summary>
    public ParseError? Error { get; }

    /// <summary>The text that was parsed.</summary>
    public string Query { get; }

    /// <summary>Whether parsing and checking succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Error is null;

    /// <summary>The error as Prometheus prints it (<c>line:col: parse error: ...</c>), or null on success.</summary>
    public string? ErrorMessage => Error?.Format(Query);

    /// <summary>Where the error is (line, column in bytes and in characters, index into <see cref="Query"/>), or null on success.</summary>
    public QueryLocation? ErrorLocation => Error?.Locate(Query);

    /// <summary>A successful result.</summary>
    public static ParseResult<T> Ok(T value, string query) => new(value, null, query);

    /// <summary>A failed result.</summary>
    public static ParseResult<T> Fail(ParseError error, string query) => new(null, error, query);
}
