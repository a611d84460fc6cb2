namespace Hesione.Server.Hosting;

/// <summary>
/// How the runtime's socket engines run, chosen by measurement (BENCHMARKS.md): socket completions run inline on
/// the epoll threads instead of each being handed to a thread-pool worker, and there is one epoll thread per two
/// cores, so that both sides of a proxied request are mostly served by one thread without waking another (together
/// about half the CPU per request at 2,000 req/s on 2 cores). Work that can take long (filtering a large answer,
/// parsing a long query) moves to a thread-pool worker on its own. The runtime reads these settings once, when the
/// first socket is made, and only from the environment; so they are set here, before anything opens a socket,
/// unless the operator has set them.
/// </summary>
internal static class SocketCompletions
{
    private const string InlineVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    private const string EnginesVariable = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    /// <summary>Sets <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> and <c>DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT</c> to half the cores (at least one), each unless already set.</summary>
    public static void ApplyDefaults()
    {
        SetUnlessSet(InlineVariable, "1");
        SetUnlessSet(EnginesVariable, Math.Max(1, Environment.ProcessorCount / 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void SetUnlessSet(string variable, string value)
    {
        if (Environment.GetEnvironmentVariable(variable) is null) Environment.SetEnvironmentVariable(variable, value);
    }
}
