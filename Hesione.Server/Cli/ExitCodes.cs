namespace Hesione.Server.Cli;

/// <summary>The exit status of every verb: one scheme, printed by <c>--help</c> and listed in the README.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Invalid input (a query, a config) or a failure to run (a port in use, an unhealthy URL).</summary>
    public const int Failure = 1;

    /// <summary>A usage error: an unknown verb or option, a missing or malformed argument.</summary>
    public const int Usage = 2;

    /// <summary>The scheme in words, for <c>--help</c>.</summary>
    public const string Description =
        "Exit status: 0 success; 1 invalid input (a query, a config) or a failure to run (a port in use, an unhealthy URL); " +
        "2 usage error (an unknown verb or option, a missing or malformed argument).";
}
