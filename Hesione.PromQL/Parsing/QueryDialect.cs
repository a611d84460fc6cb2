namespace Hesione.PromQL.Parsing;

/// <summary>The query language a query is read in.</summary>
public enum QueryDialect
{
    /// <summary>PromQL, as the newest Prometheus reads it (<see cref="PromQLParser"/>).</summary>
    PromQL,
    /// <summary>MetricsQL, as VictoriaMetrics reads it (<see cref="MetricsQL.MetricsQLParser"/>).</summary>
    MetricsQL,
}
