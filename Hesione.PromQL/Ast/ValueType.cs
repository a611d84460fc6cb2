namespace Hesione.PromQL.Ast;

/// <summary>The type an expression evaluates to, as in Prometheus.</summary>
public enum ValueType
{
    /// <summary>No value (not produced by valid expressions).</summary>
    None,
    /// <summary>A single floating point number.</summary>
    Scalar,
    /// <summary>A set of time series with one sample each (an instant vector).</summary>
    Vector,
    /// <summary>A set of time series with a range of samples each (a range vector).</summary>
    Matrix,
    /// <summary>A string literal.</summary>
    String,
}

/// <summary>Prometheus's names for <see cref="ValueType"/>, as used in error messages.</summary>
internal static class ValueTypeNames
{
    /// <summary>The name Prometheus uses in messages, e.g. <c>instant vector</c>.</summary>
    public static string DocumentedName(this ValueType type) => type switch
    {
        ValueType.Scalar => "scalar",
        ValueType.Vector => "instant vector",
        ValueType.Matrix => "range vector",
        ValueType.String => "string",
        _ => "none",
    };

    /// <summary>The short name Prometheus uses in a few messages, e.g. <c>matrix</c>.</summary>
    public static string ShortName(this ValueType type) => type switch
    {
        ValueType.Scalar => "scalar",
        ValueType.Vector => "vector",
        ValueType.Matrix => "matrix",
        ValueType.String => "string",
        _ => "none",
    };
}
