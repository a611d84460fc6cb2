namespace Hesione.Server.Configuration;

/// <summary>How a receiver with several backends (<c>prom:</c> a list) picks the backend of each attempt (<c>balance</c>).</summary>
internal enum Balance
{
    /// <summary>The first healthy backend in list order: an HA pair is read from one replica consistently.</summary>
    FirstAvailable,

    /// <summary>The healthy backend with the fewest requests in flight; ties go to the next in turn (round robin).</summary>
    LeastLoaded,
}
