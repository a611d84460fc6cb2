namespace Hesione.Server.Configuration;

/// <summary>The kind of upstream a receiver talks to.</summary>
internal enum Flavor
{
    Prometheus,
    VictoriaMetrics,
    Thanos,
    Mimir,
}
