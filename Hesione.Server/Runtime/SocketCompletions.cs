namespace Hesione.Server.Runtime;

/// <summary>
/// Runs socket completions on the epoll threads instead of handing each one to a thread-pool worker (chosen by
/// measurement, BENCHMARKS.md: about a third less CPU per proxied request and lower latency). The runtime reads the
/// switch once, when the first socket is made, and only from the environment; so it is set here, before anything
/// opens a socket, unless the operator has set it.
/// </summary>
internal static class SocketCompletions
{
    private const string InlineVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Turns inline completions on for this process unless <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c> is set.</summary>
    public static void PreferInline()
    {
        if (Environment.GetEnvironmentVariable(InlineVariable) is null) Environment.SetEnvironmentVariable(InlineVariable, "1");
    }
}
